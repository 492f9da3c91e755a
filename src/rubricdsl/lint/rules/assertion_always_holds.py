from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.assertion_truth import decided_assertions
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule


@register
class AssertionAlwaysHolds(LintRule):
    """## What it does
    Finds an `assert` that every fact set within the declared bounds satisfies, by interval analysis of its
    two sides.

    ## Why is this bad?
    It can never catch an inconsistency, so it checks nothing: often the tolerance is far too wide (`within
    100万元` where 0.01万元 was meant) or a bound already says the same.

    ## Example
    ```text
    fact rate "执行率": percent, in [0%, 100%]
    assert rate <= 100% within 5% "执行率不应超过100%"
    ```
    `rate` is declared at most 100%, so the assertion holds whatever the facts say.

    ## Use instead
    Remove it (the bound already refuses a larger rate, F404), or tighten it to what it should check.
    """

    code = "L137"
    name = "assertion-always-holds"
    category = Category.DESIGN
    summary = "an assertion every fact set within the bounds satisfies"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in decided_assertions(ctx.checked):
            if not found.holds:
                continue
            left, right = found.left, found.right
            yield self.finding(
                found.assertion.span,
                Text(
                    f"this assertion always holds: its left side lies in {left}, its right side in {right}",
                    f"该一致性检查永远成立：左边的取值范围为 {left}，右边为 {right}",
                ),
                Text(
                    "it can never find an inconsistency; remove it or tighten it",
                    "它永远发现不了不一致之处；请删除或收紧该检查",
                ),
            )
