from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import value_text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.tiers import tier_rules
from rubricdsl.lint.witness import pick


@register
class TierRangesOverlap(LintRule):
    """## What it does
    Finds two tiers of a `judged … within` rule whose ranges share values: "较强，得10-15分；一般，得5-10分"
    written as `[10, 15]` and `[5, 10]` both accept 10.

    ## Why is this bad?
    The rule exists to catch a score given under the wrong tier. In the overlap it cannot: a score of 10
    passes as 较强 and as 一般. Tables often write shared ends ("10-15 / 5-10") and mean the lower tier to stop
    short of them; say so with a half-open range.

    ## Example
    ```text
    judged ability_score within ability_tier: 较强 -> [10, 15]; 一般 -> [5, 10]; 较差 -> [0, 5]
    ```

    ## Use instead
    ```text
    judged ability_score within ability_tier: 较强 -> [10, 15]; 一般 -> [5, 10); 较差 -> [0, 5)
    ```
    """

    code = "L112"
    name = "tier-ranges-overlap"
    category = Category.DESIGN
    summary = "two tiers' ranges share values, so a score there fits either tier"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in tier_rules(ctx):
            ranges = found.rule.ranges
            for later_index, later in enumerate(ranges):
                for earlier in ranges[:later_index]:
                    shared = found.interval(earlier).intersect(found.interval(later)).intersect(found.given)
                    if shared.is_empty:
                        continue
                    value = pick(shared)
                    example = "" if value is None else value_text(value, found.percent)
                    yield self.finding(
                        later.range.span,
                        Text(
                            f"the ranges of `{earlier.level}` and `{later.level}` share {found.shown(shared)}: "
                            f"a score of {example} fits both tiers",
                            f"`{earlier.level}` 与 `{later.level}` 的区间重叠于 {found.shown(shared)}："
                            f"得分 {example} 在两个等级下都成立",
                        ),
                        Text(
                            "make one end open so each score belongs to one tier, e.g. `[5, 10)`",
                            "请把其中一端改为开区间，使每个得分只属于一个等级，例如 `[5, 10)`",
                        ),
                    )
