from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.lists import fields_read, naming_field
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule


@register
class UnusedItemField(LintRule):
    """## What it does
    Finds fields of a list fact's items that no aggregate reads.  The field items are named by in
    explanations (`name`, else the first text field) and fields declared `record` are not reported.

    ## Why is this bad?
    Every field must be filled in for every item, so an unread one is work for nothing; more often a
    condition reads the wrong field (`paid` where the table means `paid_on`).

    ## Example
    ```text
    fact funds "专项资金": list of { name: text, planned: money 万元, paid: money 万元 }
    indicator full "足额拨付" 5 { when all(funds where paid > 0万元) -> 5; else 0 }
    ```
    `planned` is declared but never read.

    ## Use instead
    Read it where the table means it (`all(funds where paid >= planned)`), remove it, or mark it `record` if
    it is kept only for the record: `planned: money 万元, record`.
    """

    code = "L133"
    name = "unused-item-field"
    category = Category.DESIGN
    summary = "a list item field nothing reads"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        read = fields_read(ctx.checked, ctx.aggregates)
        listed = set(ctx.names_read())
        for name, fields in read.items():
            decl = ctx.checked.facts[name]
            if name not in listed:
                continue  # the whole list is unused: L201 says so
            shown = naming_field(decl)
            for field in decl.type.fields:
                if field.name in fields or field.record or field.name == shown:
                    continue
                yield self.finding(
                    field.span,
                    Text(
                        f"field `{field.name}` of `{name}` is never read",
                        f"`{name}` 的字段 `{field.name}` 从未被使用",
                    ),
                    Text(
                        "read it in a condition, remove it, or mark it `record` if it is kept only for the record",
                        "请在条件中使用它，或删除该字段；如仅作记录展示，请标注 `record`",
                    ),
                )
