from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import snippet
from rubricdsl.lint.lists import may_be_empty, rubric_aggregates
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
        for aggregate in rubric_aggregates(ctx.checked):
            if aggregate.function == "share" and may_be_empty(ctx.checked, aggregate):
                name = aggregate.items.ident
                text = snippet(ctx.checked, aggregate)
                yield self.finding(
                    aggregate.span,
                    Text(
                        f"`{text}` divides by the number of items of `{name}`, which may be 0",
                        f"`{text}` 以 `{name}` 的条目数为除数，条目数可能为 0",
                    ),
                    Text(
                        f"with no items it cannot be scored (E302); declare `{name}` with `, >= 1` after its `}}`",
                        f"没有条目时无法计分（E302）；请在 `{name}` 声明的右花括号后加 `, >= 1`",
                    ),
                )
