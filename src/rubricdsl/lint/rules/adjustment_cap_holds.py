from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Severity, Text
from rubricdsl.lint.describe import points_text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule


def _word(kind: str) -> tuple[str, str]:
    return ("penalty", "最高减分") if kind == "penalty" else ("bonus", "最高加分")


@register
class AdjustmentCapHolds(LintRule):
    """## What it does
    Finds penalties and bonuses whose rule can give more than their cap, by the range analysis.  That is
    allowed — the value is held to the cap (最高减分 10: three violations at 5 take 10) — so this is for
    information: it says at which values the cap takes over.

    ## Why is this bad?
    Nothing is wrong when the table's 最高减分 means exactly this; when it does not, the rule or the cap is
    mistyped, and the result would quietly take less than the rule says.

    ## Example
    ```text
    penalty violations "违规减分" 10 { formula 5 * violation_count }
    ```
    From 3 violations on, the penalty is 10.

    ## Use instead
    ```text
    penalty violations "违规减分" 10 { formula min(10, 5 * violation_count) }
    ```
    to say the cap in the rule as well.
    """

    code = "L123"
    name = "adjustment-cap-holds"
    category = Category.DESIGN
    default_severity = Severity.INFO
    summary = "a penalty or bonus whose rule can exceed its cap (held to the cap)"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in ctx.ranges.indicators.values():
            node = found.info.node
            reach = found.score
            if not node.adjusts or reach.is_empty:
                continue
            if reach.hi is not None and reach.hi <= found.points:
                continue
            en, zh = _word(node.kind.value)
            cap = points_text(found.points)
            top = "without bound" if reach.hi is None else f"up to {points_text(reach.hi)}"
            top_zh = "无上限" if reach.hi is None else f"最多 {points_text(reach.hi)} 分"
            yield self.finding(
                node.rule.span,
                Text(
                    f"the rule of the {en} `{node.id}` can give more than its cap {cap} ({top}); "
                    f"such a value counts as {cap}",
                    f"`{node.id}` 的规则可能超过{zh} {cap} 分（{top_zh}），超出部分按 {cap} 分计",
                ),
                Text(
                    "nothing to do if the cap is meant; else correct the rule or the cap",
                    f"如{zh}正是此意则无需修改，否则请修正规则或{zh}",
                ),
            )
