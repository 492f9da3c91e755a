from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule


@register
class UnusedFact(LintRule):
    """## What it does
    Finds facts that no rule, veto or derived value reads.  A fact declared `record` (kept for the
    record: shown in the table, scored by nothing) is not reported.

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
    Remove the fact, or read it where the table means it (`budget_spent / budget_planned`). If the table
    shows it only for the record, say so: `fact budget_planned "计划投入": money 元, > 0, record`.
    """

    code = "L201"
    name = "unused-fact"
    category = Category.DESIGN
    summary = "a fact nothing reads"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        read = ctx.names_read()
        for decl in ctx.checked.rubric.facts:
            if decl.name not in read and not decl.record:
                yield self.finding(
                    decl.span,
                    Text(f"fact `{decl.name}` is never read", f"事实 `{decl.name}` 从未被使用"),
                    Text(
                        "remove it, read it where the table means it, or mark it `record` if it is kept only for the record",
                        "请删除该事实，或在相应规则中使用它；如仅作记录展示，请标注 `record`",
                    ),
                )
