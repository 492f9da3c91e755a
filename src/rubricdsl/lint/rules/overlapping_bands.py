from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import snippet, speaks_percent, value_text
from rubricdsl.lint.intervals import IntervalSet
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.witness import attainable, pick
from rubricdsl.syntax import nodes as n


@register
class OverlappingBands(LintRule):
    """## What it does
    Finds two interval bands of one `score` rule that share values, where the later band still fires for
    other values (a band that never fires is `unreachable-band`).  Ladders of one-sided thresholds
    (`>=90% -> 5; >=80% -> 3`) overlap by design and are not reported.

    ## Why is this bad?
    Interval bands describe a partition, so an overlap is usually a bracket written the wrong way at a
    boundary: the shared value scores by the earlier band, which the table may not mean.

    ## Example
    ```text
    score budget_rate: [80%, 90%] -> 3; [90%, 100%] -> 5; else 0
    ```
    `budget_rate` = 90% matches both bands and scores 3.

    ## Use instead
    ```text
    score budget_rate: [80%, 90%) -> 3; [90%, 100%] -> 5; else 0
    ```
    """

    code = "L102"
    name = "overlapping-bands"
    category = Category.CORRECTNESS
    summary = "two interval bands that share values"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in ctx.ranges.indicators.values():
            rule = found.info.node.rule
            if not isinstance(rule, n.ScoreRule) or found.subject is None:
                continue
            intervals = [b for b in found.bands if b.band is not None and isinstance(b.band.test, n.Interval)]
            if not intervals:
                continue  # a ladder of one-sided thresholds overlaps by design
            for later in found.bands:
                if later.band is None or later.reach.is_empty:
                    continue
                # what earlier bands take from this one; only an interval band makes that an overlap
                taken = later.tests.intersect(found.subject).subtract(later.reach)
                if taken.is_empty:
                    continue
                earlier_bands = found.bands[: later.index] if isinstance(later.band.test, n.Interval) else intervals
                for earlier in earlier_bands:
                    if earlier.band is None or earlier.index >= later.index:
                        continue
                    value = pick(taken.intersect(earlier.tests))
                    if value is None or not attainable(ctx.analysis, rule.subject, value):
                        continue
                    yield self._overlap(ctx, rule, earlier.band, later.band, taken.intersect(earlier.tests), value)
                    break

    def _overlap(
        self, ctx: LintContext, rule: n.ScoreRule, earlier: n.Band, later: n.Band, shared: IntervalSet, value: Fraction
    ) -> Diagnostic:
        checked = ctx.checked
        percent = speaks_percent(checked, rule, rule.subject)
        first, second = snippet(checked, earlier), snippet(checked, later)
        shown = value_text(value, percent)
        subject = snippet(checked, rule.subject)
        hull = shared.hull()
        single = hull is not None and hull.lo is not None and hull.lo == hull.hi
        where = value_text(value, percent) if single else shared.text(percent)
        return self.finding(
            later.span,
            Text(
                f"`{second}` overlaps `{first}`: `{subject}` = {shown} matches both",
                f"`{second}` 与 `{first}` 重叠：`{subject}` = {shown} 同时落在两档中",
            ),
            Text(
                f"where they overlap ({where}) the earlier band wins; make one end open with ( or )",
                f"重叠部分（{where}）按前一档计分；请用 ( 或 ) 把其中一端改为不含本数",
            ),
        )
