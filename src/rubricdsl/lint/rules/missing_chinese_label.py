from __future__ import annotations

import re
from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.reading.source import Span
from rubricdsl.syntax import nodes as n

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@register
class MissingChineseLabel(LintRule):
    """## What it does
    Finds a rubric, section, indicator, fact or derived value without a Chinese label (a quoted name
    containing Chinese characters).

    ## Why is this bad?
    The label is what the evaluation report, the facts file's error messages and the explanation of every
    score show to a policy writer; an identifier such as `budget_rate` means nothing to them.  A label
    also ties the rubric back to the row of the 指标表 it encodes.

    ## Example
    ```text
    fact budget_planned: money 元, > 0
    ```

    ## Use instead
    ```text
    fact budget_planned "预算资金计划投入金额": money 元, > 0
    ```
    """

    code = "L403"
    name = "missing-chinese-label"
    category = Category.STYLE
    summary = "a declaration without a Chinese label"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        rubric = ctx.checked.rubric
        items: list[tuple[str, str, str, str | None, Span]] = [
            ("rubric", "评分规则", rubric.id, rubric.label, rubric.span)
        ]
        items += [("fact", "事实", d.name, d.label, d.span) for d in rubric.facts]
        items += [("derived value", "派生值", d.name, d.label, d.span) for d in rubric.lets]
        stack: list[n.Section | n.Indicator] = list(reversed(rubric.children))
        while stack:
            item = stack.pop()
            if isinstance(item, n.Section):
                items.append(("section", "上级指标", item.id, item.label, item.span))
                stack += list(reversed(item.children))
            else:
                items.append(("indicator", "指标", item.id, item.label, item.span))
        for what_en, what_zh, ident, label, span in items:
            if label is not None and _HAN.search(label):
                continue
            yield self.finding(
                span,
                Text(f"{what_en} `{ident}` has no Chinese label", f"{what_zh} `{ident}` 缺少中文名称"),
                Text(
                    f'add one after the id, e.g. `{ident} "中文名称"`',
                    f'请在标识后加上中文名称，例如 `{ident} "中文名称"`',
                ),
            )
