from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.tiers import tier_rules


@register
class TierLevelWithoutRange(LintRule):
    """## What it does
    Finds a level of the tier's enum that a `judged … within` rule gives no range.

    ## Why is this bad?
    A project whose tier is that level cannot be scored: its judged score has nothing to be checked against,
    and the indicator fails with `F442`. This is a problem, unlike a gap between ranges, which only means
    some scores fit no tier (`L114`).

    ## Example
    ```text
    fact ability_tier "专业能力": enum(较强, 一般, 较差)
    judged ability_score within ability_tier: 较强 -> [10, 15]; 一般 -> [5, 10)
    ```

    ## Use instead
    ```text
    judged ability_score within ability_tier: 较强 -> [10, 15]; 一般 -> [5, 10); 较差 -> [0, 5)
    ```
    """

    code = "L113"
    name = "tier-level-without-range"
    category = Category.CORRECTNESS
    summary = "a level of the tier's enum has no range, so a project given it is not scored"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in tier_rules(ctx):
            written = {tier.level for tier in found.rule.ranges}
            missing = [level for level in found.levels if level not in written]
            if not missing:
                continue
            tier, levels = found.rule.tier.ident, "、".join(missing)
            yield self.finding(
                found.rule.tier.span,
                Text(
                    f"`{tier}` can be {levels}, which this rule gives no range: such a project is not scored (F442)",
                    f"`{tier}` 可以取 {levels}，但该规则没有为其规定得分区间：这样的项目无法评分（F442）",
                ),
                Text(
                    f"add a range for each level, e.g. `{missing[0]} -> [0, 5)`",
                    f"请为每个等级写出区间，例如 `{missing[0]} -> [0, 5)`",
                ),
            )
