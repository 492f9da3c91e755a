from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import snippet
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.semantics.types import ExprTyper
from rubricdsl.syntax import nodes as n


@register
class WholePartOfShare(LintRule):
    """## What it does
    Finds `floor` or `ceil` of a percent whose values all lie between −100% and 100%.

    ## Why is this bad?
    A percent is a share (95% is 0.95), and `floor` keeps whole shares: `floor(rate)` is 0% for every rate
    below 100%, and `ceil(rate)` is 100% for every rate above 0%.  The 评价标准 almost always means whole
    percentage points or whole steps of some percent ("每达到10%计1分"), which is `floor(rate * 10)` or
    `floor(rate / 10%)`.

    ## Example
    ```text
    fact rate "完成率": percent, in [0%, 100%]
    indicator c "完成率" 10 { formula floor(rate) * 10 }
    ```

    ## Use instead
    ```text
    fact rate "完成率": percent, in [0%, 100%]
    indicator c "完成率" 10 { formula floor(rate * 10) }
    ```
    """

    code = "L116"
    name = "whole-part-of-share"
    category = Category.UNITS
    summary = "floor or ceil of a percent that lies within ±100%: only 0% or ±100%"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        typer = ExprTyper(lambda name: checked.types.get(name.ident), list, lambda diagnostic: None)
        seen: set[tuple[int, int]] = set()
        for item in ctx.subexpressions:
            call = item.expr
            if not (isinstance(call, n.Call) and call.function in ("floor", "ceil") and len(call.args) == 1):
                continue
            (operand,) = call.args
            if typer.type_of(operand).kind != "percent":
                continue
            analysis = ctx.analysis.under(item.guards)
            found = analysis.expr(operand) if analysis is not None else None
            key = (call.span.start, call.span.end)
            if found is None or found.is_empty or key in seen:
                continue
            if found.lo is None or found.hi is None or found.lo < -1 or found.hi > 1:
                continue  # a share that can pass 100% (spent / budget): whole multiples may be meant
            seen.add(key)
            text, inner = snippet(checked, call), snippet(checked, operand)
            only = "0% or 100%" if found.lo >= 0 else "−100%, 0% or 100%"
            only_zh = "0% 或 100%" if found.lo >= 0 else "−100%、0% 或 100%"
            yield self.finding(
                call.span,
                Text(
                    f"`{text}` can only be {only}: `{inner}` is a share within ±100%",
                    f"`{text}` 只可能是 {only_zh}：`{inner}` 是不超过 ±100% 的比率",
                ),
                Text(
                    f"a percent is a share (95% is 0.95); for whole steps of 10% write `{call.function}({inner} * 10)`, "
                    f"for whole percentage points `{call.function}({inner} * 100)`",
                    f"百分数是比率（95% 即 0.95）；按每 10% 取整请写 `{call.function}({inner} * 10)`，"
                    f"按整百分点取整请写 `{call.function}({inner} * 100)`",
                ),
            )
