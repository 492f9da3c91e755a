from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import points_text, snippet, speaks_percent, value_text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.syntax import nodes as n


@register
class UnstatedStepMode(LintRule):
    """## What it does
    Finds deductions that do not say how a partial step counts (`pro rata`, `whole steps` or
    `started steps`) when the subject can fall between two steps, and shows a value where the three
    readings give different scores.

    ## Why is this bad?
    "每低于3%扣1分" at 7.5% below can mean 2.5 points (pro rata), 2 (whole steps) or 3 (started steps);
    the text rarely says, and the rubric evaluates pro rata when it is silent.  Counting whole units
    (`per missing` on a count) is exact and not reported.

    ## Example
    ```text
    deduct 工作经费开支率: base 2, -0.25 per 1% above 5%
    ```
    At 6.5% the deduction is 0.375 pro rata, 0.25 by whole steps, 0.5 by started steps.

    ## Use instead
    ```text
    deduct 工作经费开支率: base 2, -0.25 per 1% above 5%, pro rata
    ```
    """

    code = "L109"
    name = "unstated-step-mode"
    category = Category.DESIGN
    summary = "a deduction on a fractional quantity with no step mode"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        for found in ctx.ranges.indicators.values():
            rule = found.info.node.rule
            if not isinstance(rule, n.DeductRule) or rule.mode is not None or found.subject is None:
                continue
            step = Fraction(rule.step.value) if rule.step is not None else Fraction(1)
            threshold = Fraction(rule.threshold.value)
            if step <= 0:
                continue
            if found.subject.integral and step == 1 and threshold.denominator == 1:
                continue  # whole units of a count: every reading agrees
            direction = 1 if rule.above else -1
            value = next(
                (
                    threshold + direction * k * step
                    for k in (Fraction(3, 2), Fraction(1, 2), Fraction(5, 2))
                    if found.subject.contains(threshold + direction * k * step)
                ),
                None,
            )
            if value is None:
                continue
            units = abs(value - threshold) / step
            rate = Fraction(rule.rate.value)
            pro_rata, whole, started = rate * units, rate * math.floor(units), rate * math.ceil(units)
            percent = speaks_percent(checked, rule, rule.subject)
            subject = snippet(checked, rule.subject)
            shown = value_text(value, percent)
            yield self.finding(
                rule.span,
                Text(
                    f"this deduction does not say how a partial step counts: at `{subject}` = {shown} it deducts "
                    f"{points_text(pro_rata)} pro rata, {points_text(whole)} by whole steps, "
                    f"{points_text(started)} by started steps",
                    f"该扣分未说明不足一个步长的部分如何计算：`{subject}` = {shown} 时，按比例扣 "
                    f"{points_text(pro_rata)} 分，只计整步扣 {points_text(whole)} 分，不足一步按一步计扣 {points_text(started)} 分",
                ),
                Text(
                    "add `pro rata`, `whole steps` or `started steps`; without one the rubric deducts pro rata",
                    "请写明 `pro rata`、`whole steps` 或 `started steps`；未写明时按比例扣分",
                ),
            )
