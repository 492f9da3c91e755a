from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Severity, Text
from rubricdsl.lint.assertion_truth import decided_assertions
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule


@register
class AssertionNeverHolds(LintRule):
    """## What it does
    Finds an `assert` that no facts within their declared bounds can satisfy, by interval analysis of its two
    sides.

    ## Why is this bad?
    Every evaluation would report it violated (F462, or F463 with `warn`), whatever the facts say: the
    assertion or a bound is wrong, usually a unit (元 against 万元) or a swapped comparison.

    ## Example
    ```text
    fact spent "支出": money 万元, >= 100万元
    fact budget "预算": money 万元, <= 50万元
    assert spent <= budget "支出不应超过预算"
    ```
    `spent` is at least 100万元 and `budget` at most 50万元, so `spent <= budget` never holds.

    ## Use instead
    Correct the bound or the comparison: `fact budget "预算": money 万元, >= 0`.
    """

    code = "L136"
    name = "assertion-never-holds"
    category = Category.CORRECTNESS
    default_severity = Severity.ERROR
    summary = "an assertion no facts within their bounds satisfy"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in decided_assertions(ctx.checked):
            if found.holds:
                continue
            left, right = found.left, found.right
            yield self.finding(
                found.assertion.span,
                Text(
                    f"this assertion never holds: its left side lies in {left}, its right side in {right}",
                    f"该一致性检查永远不成立：左边的取值范围为 {left}，右边为 {right}",
                ),
                Text(
                    "every evaluation would report it violated; check the facts' bounds and the comparison",
                    "每次评分都会报告它不成立；请检查事实的取值范围和比较方向",
                ),
            )
