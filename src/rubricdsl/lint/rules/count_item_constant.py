from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.conditions import truth
from rubricdsl.lint.describe import snippet
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.semantics.check import free_names
from rubricdsl.syntax import nodes as n


@register
class CountItemConstant(LintRule):
    """## What it does
    Finds an item of `count(a, b, …)` that holds for every value the facts can take, or for none.

    ## Why is this bad?
    "每出现一例扣1分" counts the items that occurred.  An item that can never hold (`overdue_days > 400` for a
    fact declared `in [0, 365]`) never costs a point, and one that always holds always does: its threshold or
    the fact's declared range is probably wrong.

    ## Example
    ```text
    fact overdue_days "逾期天数": count, in [0, 365]
    indicator m "管理" 3 { formula max(3 - count(overdue_days > 400, late), 0) }
    ```

    ## Use instead
    ```text
    fact overdue_days "逾期天数": count, in [0, 365]
    indicator m "管理" 3 { formula max(3 - count(overdue_days > 30, late), 0) }
    ```
    """

    code = "L118"
    name = "count-item-constant"
    category = Category.CORRECTNESS
    summary = "an item of count(…) that always holds or never does"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        seen: set[tuple[int, int]] = set()
        for item in ctx.subexpressions:
            call = item.expr
            if not (isinstance(call, n.Call) and call.function == "count"):
                continue
            analysis = ctx.analysis.under(item.guards)
            if analysis is None:
                continue
            for arg in call.args:
                if isinstance(arg, n.BoolLit):
                    continue  # written as a constant on purpose
                held = truth(arg, {}, analysis.expr)
                key = (arg.span.start, arg.span.end)
                if held is None or key in seen:
                    continue
                seen.add(key)
                text, whole = snippet(checked, arg), snippet(checked, call)
                known = [
                    f"`{name}` is always in {analysis.values[name]}"
                    for name in dict.fromkeys(free_names(arg))
                    if name in analysis.values
                ]
                ranges = "; ".join(known) + "; " if known else ""
                ranges_zh = (
                    "；".join(k.replace(" is always in ", " 的取值范围是 ") for k in known) + "；" if known else ""
                )
                always, always_zh = ("always holds", "总是成立") if held else ("never holds", "永远不成立")
                counted, counted_zh = ("always counts", "总被计入") if held else ("never counts", "从不计入")
                yield self.finding(
                    arg.span,
                    Text(
                        f"`{text}` {always}, so it {counted} in `{whole}`",
                        f"`{text}` {always_zh}，在 `{whole}` 中{counted_zh}",
                    ),
                    Text(
                        f"{ranges}check the item's threshold against the values its facts are declared to take",
                        f"{ranges_zh}请对照事实声明的取值范围检查该项的阈值",
                    ),
                )
