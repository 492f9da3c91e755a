from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Severity, Text
from rubricdsl.lint.describe import value_text
from rubricdsl.lint.intervals import IntervalSet
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.tiers import tier_rules
from rubricdsl.lint.witness import pick


@register
class TierRangeGap(LintRule):
    """## What it does
    Finds scores within the indicator's points (or [0%, 100%] for shares) that no tier's range contains and
    that the score fact can take: "13-20 / 7-12 / 0-6" written as `[13, 20]`, `[7, 12]`, `[0, 6]` on a
    `number` fact leaves 12.5 and 6.5 in no tier.

    ## Why is this bad?
    A gap is legitimate, and not reported, when the score fact cannot fall into it: on a `count` fact (whole
    points) "13-20 / 7-12 / 0-6" has no gap. On a `number` fact a score in the gap fits no tier, so whatever
    tier the evaluators chose, the indicator fails with `F440`: the table probably means whole points, or
    adjacent ranges. (A level with no range at all is `L113`, a real problem.)

    ## Example
    ```text
    fact points "评议得分": number
    judged points within tier: 好 -> [13, 20]; 中 -> [7, 12]; 差 -> [0, 6]
    ```

    ## Use instead
    ```text
    fact points "评议得分": count
    judged points within tier: 好 -> [13, 20]; 中 -> [7, 12]; 差 -> [0, 6]
    ```
    """

    code = "L114"
    name = "tier-range-gap"
    category = Category.DESIGN
    default_severity = Severity.INFO
    summary = "a score the fact can take fits no tier's range"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in tier_rules(ctx):
            gaps = IntervalSet.of([found.given])
            for tier in found.rule.ranges:
                gaps = gaps.subtract(found.interval(tier))
            value = pick(gaps)
            if gaps.is_empty or value is None:
                continue
            shown, example = gaps.text(found.percent), value_text(value, found.percent)
            score = found.rule.score.ident
            yield self.finding(
                found.rule.span,
                Text(
                    f"`{score}` can be {shown}, which no tier's range contains: a score of {example} fits no tier",
                    f"`{score}` 可以取 {shown}，不在任何等级的区间内：得分 {example} 不属于任何等级",
                ),
                Text(
                    f"if the evaluators give whole points, declare `{score}` a count; otherwise close the gap",
                    f"如果评议只给整数分，请把 `{score}` 声明为 count；否则请让相邻区间首尾相接",
                ),
            )
