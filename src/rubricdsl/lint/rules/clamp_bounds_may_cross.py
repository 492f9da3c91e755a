from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import snippet
from rubricdsl.lint.intervals import Interval, show
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.syntax import nodes as n


@register
class ClampBoundsMayCross(LintRule):
    """## What it does
    Finds `clamp(x, lo, hi)` whose bounds are computed (facts or derived values) and can cross: some
    values the facts may take make `lo` greater than `hi`.  (Literal bounds the wrong way round are the
    checker's E221.)

    ## Why is this bad?
    With `lo > hi`, `clamp` gives `lo` for every `x` below `lo` and `hi` for every other `x` above `hi`: the
    result can lie above the upper bound the standard states ("最高不超过…").  Declare the facts so that the
    bounds cannot cross, or compute the bounds so they cannot.

    ## Example
    ```text
    fact floor_points "保底分": number, in [0, 10]
    fact cap_points "最高分": number, in [0, 10]
    indicator t "培训" 10 { formula clamp(trainees / 10, floor_points, cap_points) }
    ```

    ## Use instead
    ```text
    fact floor_points "保底分": number, in [0, 5]
    fact cap_points "最高分": number, in [5, 10]
    indicator t "培训" 10 { formula clamp(trainees / 10, floor_points, cap_points) }
    ```
    """

    code = "L117"
    name = "clamp-bounds-may-cross"
    category = Category.CORRECTNESS
    summary = "computed clamp bounds that can cross (lower above upper)"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        seen: set[tuple[int, int]] = set()
        for item in ctx.subexpressions:
            call = item.expr
            if not (isinstance(call, n.Call) and call.function == "clamp" and len(call.args) == 3):
                continue
            _, low, high = call.args
            if all(isinstance(bound, n.Literal) for bound in (low, high)):
                continue  # E221's
            analysis = ctx.analysis.under(item.guards)
            if analysis is None:
                continue
            lows, highs = analysis.expr(low), analysis.expr(high)
            crossing = _crossing(lows, highs)
            key = (call.span.start, call.span.end)
            if crossing is None or key in seen:
                continue
            seen.add(key)
            lowest, highest = crossing
            low_text, high_text = snippet(checked, low), snippet(checked, high)
            example = f"`{low_text}` = {show(lowest)}, `{high_text}` = {show(highest)}"
            yield self.finding(
                call.span,
                Text(
                    f"the bounds of `{snippet(checked, call)}` can cross: `{low_text}` can be above `{high_text}`",
                    f"`{snippet(checked, call)}` 的上下限可能颠倒：`{low_text}` 可能大于 `{high_text}`",
                ),
                Text(
                    f"for example {example}: then every value below the lower bound gives {show(lowest)}, above "
                    "the upper one; declare the facts so the bounds cannot cross",
                    f"例如 {example}：此时低于下限的值都得 {show(lowest)}，超过了上限；请声明事实的取值范围，使上下限不会颠倒",
                ),
            )


def _crossing(lows: Interval | None, highs: Interval | None) -> tuple[Fraction, Fraction] | None:
    """A lower bound above an upper bound that the two ranges allow (closed ends only, to be attainable)."""
    if lows is None or highs is None or lows.is_empty or highs.is_empty:
        return None
    if lows.hi is None or highs.lo is None or not (lows.hi_closed and highs.lo_closed):
        return None  # unbounded or open: no exact witness to show
    if lows.hi > highs.lo:
        return lows.hi, highs.lo
    return None
