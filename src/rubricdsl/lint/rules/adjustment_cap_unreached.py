from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import points_text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule


def _word(kind: str) -> tuple[str, str]:
    return ("penalty", "最高减分") if kind == "penalty" else ("bonus", "最高加分")


@register
class AdjustmentCapUnreached(LintRule):
    """## What it does
    Finds penalties and bonuses whose cap (最高减分 / 最高加分) is more than their rule can ever give, by the
    range analysis over every value the facts can take.

    ## Why is this bad?
    The table's 最高加分 column says how much the item can move the score; a rule that never gets there means
    the cap or the rule is mistyped.

    ## Example
    ```text
    bonus innovation "创新加分" 5 { when has_award -> 3; else 0 }
    ```
    The bonus adds at most 3, not 5.

    ## Use instead
    ```text
    bonus innovation "创新加分" 5 { when has_award -> 5; else 0 }
    ```
    """

    code = "L122"
    name = "adjustment-cap-unreached"
    category = Category.DESIGN
    summary = "a penalty or bonus whose rule never reaches its cap"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in ctx.ranges.indicators.values():
            node = found.info.node
            reach = found.score
            if not node.adjusts or reach.is_empty or reach.hi is None:
                continue
            if reach.hi > found.points or (reach.hi == found.points and reach.hi_closed):
                continue
            en, zh = _word(node.kind.value)
            cap, top = points_text(found.points), points_text(reach.hi)
            yield self.finding(
                node.rule.span,
                Text(
                    f"the {en} `{node.id}` never reaches its cap {cap}: its rule gives at most {top}",
                    f"`{node.id}` 的{zh}为 {cap} 分，但其规则最多给出 {top} 分",
                ),
                Text(
                    "make the cap the most the rule can give, or correct the rule",
                    f"请让{zh}等于规则可能给出的最高分，或修正规则",
                ),
            )
