from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.usage import names_read


@register
class UnusedFact(LintRule):
    """## What it does
    Finds facts that no rule, veto or derived value reads.

    ## Why is this bad?
    Every declared fact must be supplied in the facts file, so an unused one is work for nothing; more
    often it is a sign that a rule reads the wrong fact.

    ## Example
    ```text
    fact budget_planned "计划投入": money 元, > 0
    fact budget_spent "实际使用": money 元, >= 0
    indicator spent "预算完成" 5 { score budget_spent: >= 0元 -> 5 }
    ```
    `budget_planned` is declared but never read.

    ## Use instead
    Remove the fact, or read it where the table means it (`budget_spent / budget_planned`).
    """

    code = "L201"
    name = "unused-fact"
    category = Category.DESIGN
    summary = "a fact nothing reads"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        read = names_read(ctx.checked)
        for decl in ctx.checked.rubric.facts:
            if decl.name not in read:
                yield self.finding(
                    decl.span,
                    Text(f"fact `{decl.name}` is never read", f"事实 `{decl.name}` 从未被使用"),
                    Text("remove it, or read it where the table means it", "请删除该事实，或在相应规则中使用它"),
                )
