from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import points_text
from rubricdsl.lint.intervals import Interval, IntervalSet
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.syntax import nodes as n


@register
class UnreachableGrade(LintRule):
    """## What it does
    Checks that the `grades` cover [0, full score] with every grade given for some total: a band whose
    threshold is above the full score is never given, and neither is the `else` grade when the lowest
    band already starts at 0.  (Thresholds out of order are an error of `rubric check`, E213.)

    ## Why is this bad?
    Grades (优/良/中/差) are what a report's reader sees.  A grade no total can receive usually means a
    threshold written on another scale (a percent of the points, or a 120-point table copied into a
    100-point rubric), and the grades that remain do not mean what the table says.

    ## Example
    ```text
    rubric demo "示例" 100
    grades: 优 >= 135; 良 >= 120; 中 >= 90; else 差
    ```
    The full score is 100, so `优` and `良` are never given.

    ## Use instead
    ```text
    grades: 优 >= 90; 良 >= 80; 中 >= 60; else 差
    ```
    """

    code = "L401"
    name = "unreachable-grade"
    category = Category.CORRECTNESS
    summary = "a grade no total receives"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        grades = ctx.checked.rubric.grades
        if grades is None:
            return
        full = Fraction(ctx.checked.rubric.full.value)
        remaining = IntervalSet.of([Interval.closed(0, full)])
        for band in grades.bands:
            accepts = Interval(Fraction(band.threshold.value), band.op is not n.Op.GT, None, False)
            if remaining.intersect(accepts).is_empty:
                yield self.finding(
                    band.span,
                    Text(
                        f"grade `{band.name}` is never given: `{band.op.value} {band.threshold.text}` is beyond the "
                        f"full score {points_text(full)}",
                        f"等级 `{band.name}` 永远不会出现：总分最高 {points_text(full)} 分，达不到 "
                        f"`{band.op.value} {band.threshold.text}`",
                    ),
                    Text("write the thresholds on the rubric's own scale", "请按本评分规则的满分设定分数线"),
                )
            remaining = remaining.subtract(accepts)
        if remaining.is_empty:
            yield self.finding(
                grades.span,
                Text(
                    f"grade `{grades.otherwise}` is never given: every total from 0 already has a grade",
                    f"等级 `{grades.otherwise}` 永远不会出现：从 0 分起的每个总分都已有等级",
                ),
                Text("the lowest band should start above 0", "最低一档的分数线应高于 0"),
            )
