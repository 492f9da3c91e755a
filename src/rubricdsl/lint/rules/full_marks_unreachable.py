from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import points_text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.syntax import nodes as n


@register
class FullMarksUnreachable(LintRule):
    """## What it does
    Finds indicators that no facts can give full marks: the highest score the rule can give, over every
    value its facts can take, is below the indicator's points.  A deduction whose base is below the
    points, a ladder whose top band gives less, or a checklist whose items add up to less are examples.

    ## Why is this bad?
    A perfect project must be able to score the indicator's points (满分); otherwise the section's weight
    is silently smaller than the table says.

    ## Example
    ```text
    indicator events "公益服务活动" 15 { deduct activities: base 12, -1 per missing below 12 }
    ```
    The best case scores 12 of 15.

    ## Use instead
    ```text
    indicator events "公益服务活动" 15 { deduct activities: base 15, -1 per missing below 12 }
    ```
    """

    code = "L106"
    name = "full-marks-unreachable"
    category = Category.DESIGN
    summary = "an indicator no facts can give full marks"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in ctx.ranges.indicators.values():
            indicator = found.info.node
            if isinstance(indicator.rule, n.JudgedRule) or indicator.adjusts:
                continue  # the evaluator's judgement decides; a penalty's or bonus's cap is L122's
            best = found.score
            if best.is_empty or best.hi is None:
                continue
            if best.hi > found.points or (best.hi == found.points and best.hi_closed):
                continue
            top = points_text(best.hi)
            points = points_text(found.points)
            yield self.finding(
                indicator.rule.span,
                Text(
                    f"`{indicator.id}` can never score its {points} points: the best case scores {top}",
                    f"`{indicator.id}` 永远得不到满分 {points} 分：最好情况下只得 {top} 分",
                ),
                Text(
                    "make the best outcome of the rule equal the indicator's points",
                    "请让规则的最高得分等于该指标的分值",
                ),
            )
