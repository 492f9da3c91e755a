from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.lists import declare_non_empty, over_lists_that_may_be_empty
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule


@register
class ShareOfEmptyList(LintRule):
    """## What it does
    Finds `share(L where …)` over a list fact that may have no items: its declaration does not say
    `>= 1`.

    ## Why is this bad?
    A share of an empty list is 0 ÷ 0: the indicator (or derived value) that reads it cannot be scored
    (E302, the divisor `count(L)`), and the result is incomplete.  A project with no 专项 or no quantity
    indicator is usually a facts file left unfilled, which the rubric should refuse by name.

    ## Example
    ```text
    fact targets "数量指标": list of { name: text, planned: number, actual: number }
    indicator reach "目标实现" 10 { formula 10 * share(targets where actual >= planned) }
    ```

    ## Use instead
    ```text
    fact targets "数量指标": list of { name: text, planned: number, actual: number }, >= 1
    ```
    With `>= 1` an empty list is a fact problem (F404) that names the list.  (The check does not follow
    conditions: a share guarded by `when count(L) == 0 -> …` is still reported; declare `>= 1` or suppress.)
    """

    code = "L131"
    name = "share-of-empty-list"
    category = Category.CORRECTNESS
    summary = "a share of a list that may be empty (0 ÷ 0)"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in over_lists_that_may_be_empty(ctx.checked, "share", ctx.aggregates):
            name, text, fix = found.name, found.text, declare_non_empty(found.name)
            yield self.finding(
                found.aggregate.span,
                Text(
                    f"`{text}` divides by the number of items of `{name}`, which may be 0",
                    f"`{text}` 以 `{name}` 的条目数为除数，条目数可能为 0",
                ),
                Text(f"with no items it cannot be scored (E302); {fix.en}", f"没有条目时无法计分（E302）；{fix.zh}"),
            )
