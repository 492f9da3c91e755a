from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import snippet, speaks_percent
from rubricdsl.lint.intervals import Interval
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.syntax import nodes as n


@register
class DeductionNeverApplies(LintRule):
    """## What it does
    Finds deductions that can never deduct anything: every value the subject can take lies on the
    full-marks side of the threshold, so the points stay at the base whatever the facts say.

    ## Why is this bad?
    The threshold or the direction (`above`/`below`) is wrong: the table's penalty never reaches any
    project.  Deductions that can drive the score to its floor of 0 (扣完为止) are fine and not reported.

    ## Example
    ```text
    fact satisfaction "满意度": percent, in [0%, 100%]
    indicator s "满意度" 10 { deduct satisfaction: base 10, -1 per 1% above 100% }
    ```
    `satisfaction` is at most 100%, so nothing is ever deducted.

    ## Use instead
    ```text
    indicator s "满意度" 10 { deduct satisfaction: base 10, -1 per 1% below 95% }
    ```
    """

    code = "L107"
    name = "deduction-never-applies"
    category = Category.CORRECTNESS
    summary = "a deduction whose threshold no value crosses"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        for found in ctx.ranges.indicators.values():
            rule = found.info.node.rule
            if not isinstance(rule, n.DeductRule) or found.subject is None or found.subject.is_empty:
                continue
            threshold = Fraction(rule.threshold.value)
            beyond = Interval(threshold, False, None, False) if rule.above else Interval(None, False, threshold, False)
            if not found.subject.intersect(beyond).is_empty:
                continue
            percent = speaks_percent(checked, rule, rule.subject)
            subject = snippet(checked, rule.subject)
            shown = found.subject.text(percent)
            side_en, side_zh = ("above", "高于") if rule.above else ("below", "低于")
            yield self.finding(
                rule.span,
                Text(
                    f"this deduction never applies: `{subject}` is always in {shown}, never {side_en} "
                    f"`{rule.threshold.text}`",
                    f"该扣分永远不会发生：`{subject}` 的取值范围是 {shown}，不会{side_zh} `{rule.threshold.text}`",
                ),
                Text(
                    "check the threshold and whether it should be `above` or `below`", "请检查阈值及 above/below 方向"
                ),
            )
