from __future__ import annotations

import re
from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.syntax import nodes as n

_MONEY_WORDS = re.compile(r"万元|元|金额|资金|经费|费用|成本|预算")


@register
class AmbiguousMoneyUnit(LintRule):
    """## What it does
    Finds amounts whose unit a facts file can get wrong: a `money` fact declared without `元` or `万元`,
    and a plain `number` fact whose label says it is an amount (元, 万元, 金额, 资金, 经费, 费用, 成本, 预算).

    ## Why is this bad?
    Money literals in a rubric are exact (`50万元` is 500000 元), but a facts file writes bare numbers.
    Without a declared unit, `50` is read as 50 元 where the report meant 50 万元, a factor of 10000 that
    no comparison notices; an amount typed `number` compares with plain thresholds and escapes the
    unit checks altogether.

    ## Example
    ```text
    fact budget "预算资金": money
    fact cost "单位成本（万元）": number
    ```

    ## Use instead
    ```text
    fact budget "预算资金": money 万元
    fact cost "单位成本": money 万元
    ```
    """

    code = "L303"
    name = "ambiguous-money-unit"
    category = Category.UNITS
    summary = "an amount whose unit a facts file can get wrong"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for decl in ctx.checked.rubric.facts:
            kind = decl.type.kind
            # lowering fills in 元 when no unit is written, so the source text says whether one was
            written = ctx.checked.source.snippet(decl.type.span)
            if kind is n.FactKind.MONEY and "元" not in written:
                yield self.finding(
                    decl.type.span,
                    Text(
                        f"money fact `{decl.name}` has no unit: a facts file's `50` means 50 元",
                        f"金额事实 `{decl.name}` 未声明单位：事实文件中的 `50` 将按 50 元读取",
                    ),
                    Text("write `money 元` or `money 万元`", "请写明 `money 元` 或 `money 万元`"),
                )
            elif kind is n.FactKind.NUMBER and decl.label and _MONEY_WORDS.search(decl.label):
                yield self.finding(
                    decl.type.span,
                    Text(
                        f"`{decl.name}` (“{decl.label}”) is an amount declared as a plain number",
                        f"`{decl.name}`（“{decl.label}”）是金额，却声明为普通数值",
                    ),
                    Text(
                        "declare it `money 元` or `money 万元` so its unit is checked",
                        "请声明为 `money 元` 或 `money 万元`，以便检查单位",
                    ),
                )
