from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule


@register
class UnusedValue(LintRule):
    """## What it does
    Finds derived values (`let`) that no rule, veto or other derived value reads.

    ## Why is this bad?
    A derived value is written because the table scores it; one that nothing reads usually means a rule
    reads a fact where it meant the ratio (e.g. `budget_spent` instead of `budget_rate`).

    ## Example
    ```text
    let budget_rate "预算完成率" = budget_spent / budget_planned
    indicator b "预算完成率" 5 { score budget_spent: >= 0元 -> 5 }
    ```

    ## Use instead
    ```text
    indicator b "预算完成率" 5 { score budget_rate: >=90% -> 5; else 0 }
    ```
    """

    code = "L202"
    name = "unused-value"
    category = Category.DESIGN
    summary = "a derived value nothing reads"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        read = ctx.names_read()
        for let in ctx.checked.rubric.lets:
            if let.name not in read:
                yield self.finding(
                    let.span,
                    Text(f"derived value `{let.name}` is never read", f"派生值 `{let.name}` 从未被使用"),
                    Text("remove it, or score it where the table means it", "请删除该派生值，或在相应规则中使用它"),
                )
