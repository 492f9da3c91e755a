from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.intervals import IntervalSet
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.tiers import tier_rules


@register
class TierRangeOutsidePoints(LintRule):
    """## What it does
    Finds a range of a `judged … within` rule that reaches outside the indicator's points (for ranges in
    percents, outside [0%, 100%]).

    ## Why is this bad?
    A judged score above the points fails the indicator (`E307`) even though it lies in its tier's range,
    and a negative one is never a score: the table was copied with a wrong bound, or the indicator's points
    are wrong.

    ## Example
    ```text
    indicator ability "专业能力" 15 {
      judged ability_score within ability_tier: 较强 -> [10, 20]; 一般 -> [5, 10); 较差 -> [0, 5)
    }
    ```

    ## Use instead
    ```text
    indicator ability "专业能力" 15 {
      judged ability_score within ability_tier: 较强 -> [10, 15]; 一般 -> [5, 10); 较差 -> [0, 5)
    }
    ```
    """

    code = "L111"
    name = "tier-range-outside-points"
    category = Category.CORRECTNESS
    summary = "a tier's range reaches outside the indicator's points"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in tier_rules(ctx):
            for tier in found.rule.ranges:
                outside = IntervalSet.of([found.interval(tier)]).subtract(found.scale)
                if outside.is_empty:
                    continue
                written, scale, beyond = (
                    found.shown(found.interval(tier)),
                    found.shown(found.scale),
                    outside.text(found.percent),
                )
                yield self.finding(
                    tier.range.span,
                    Text(
                        f"the range {written} of `{tier.level}` reaches outside {scale}: {beyond}",
                        f"`{tier.level}` 的区间 {written} 超出了 {scale}：{beyond}",
                    ),
                    Text(
                        "a score above the indicator's points fails the indicator (E307); check the range or the points",
                        "高于指标分值的得分会使该指标无法评分（E307），请核对区间或指标分值",
                    ),
                )
