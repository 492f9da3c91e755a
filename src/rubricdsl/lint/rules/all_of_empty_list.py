from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.lists import declare_non_empty, over_lists_that_may_be_empty
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule


@register
class AllOfEmptyList(LintRule):
    """## What it does
    Finds `all(L where …)` over a list fact that may have no items: its declaration does not say `>= 1`.

    ## Why is this bad?
    `all` holds for an empty list (no item fails it), so "every 专项 paid on time" gives full points to a
    project whose facts list no 专项 at all.  That is rarely what a 评价标准 means.

    ## Example
    ```text
    fact funds "专项资金": list of { name: text, late: bool }
    indicator timely "支付进度" 5 { when all(funds where not late) -> 5; else 0 }
    ```

    ## Use instead
    ```text
    fact funds "专项资金": list of { name: text, late: bool }, >= 1
    ```
    or say what an empty list scores: `when count(funds) == 0 -> 0; all(funds where not late) -> 5; else 0`
    (the check does not follow conditions, so that form needs a suppression).
    """

    code = "L132"
    name = "all-of-empty-list"
    category = Category.CORRECTNESS
    summary = "all(…) over a list that may be empty holds vacuously"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in over_lists_that_may_be_empty(ctx.checked, "all", ctx.aggregates):
            name, text, fix = found.name, found.text, declare_non_empty(found.name)
            yield self.finding(
                found.aggregate.span,
                Text(f"`{text}` holds when `{name}` has no items at all", f"`{name}` 没有任何条目时，`{text}` 也成立"),
                Text(f"{fix.en} if a project always has items", f"如果项目必有条目，{fix.zh}"),
            )
