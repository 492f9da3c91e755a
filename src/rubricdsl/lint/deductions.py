"""The exact range of a ``deduct`` rule's score over a range of its subject (see ``evaluate/rules.py``)."""

from __future__ import annotations

import math
from fractions import Fraction

from rubricdsl.lint import intervals as iv
from rubricdsl.lint.intervals import Interval
from rubricdsl.syntax import nodes as n

_ZERO = Fraction(0)


def deduct_range(rule: n.DeductRule, subject: Interval) -> Interval:
    """The exact image of ``subject`` under the deduction (see ``evaluate/rules.py``)."""
    base, rate = iv.exact(rule.base.value), iv.exact(rule.rate.value)
    threshold = iv.exact(rule.threshold.value)
    step = iv.exact(rule.step.value) if rule.step is not None else Fraction(1)
    distance = iv.sub(subject, Interval.point(threshold)) if rule.above else iv.sub(Interval.point(threshold), subject)
    parts: list[Interval] = []
    if not distance.intersect(Interval(None, False, _ZERO, True)).is_empty:
        parts.append(Interval.point(base))
    beyond = distance.intersect(Interval(_ZERO, False, None, False))
    if not beyond.is_empty and step > 0:
        units = iv.div(beyond, Interval.point(step))
        if rule.mode in (n.StepMode.WHOLE_STEPS, n.StepMode.STARTED_STEPS):
            units = _stepped(units, rule.mode)
        deduction = iv.mul(units, Interval.point(rate))
        if rule.cap is not None:
            deduction = iv.minimum([deduction, Interval.point(rule.cap.value)])
        parts.append(iv.maximum([iv.sub(Interval.point(base), deduction), Interval.point(0)]))
    return iv.hull_of(parts)


def _stepped(units: Interval, mode: n.StepMode) -> Interval:
    def whole(value: Fraction | None, closed: bool, upper: bool) -> tuple[Fraction | None, bool]:
        if value is None:
            return None, False
        if mode is n.StepMode.WHOLE_STEPS:
            floor = math.floor(value)
            if upper and not closed and floor == value:
                floor -= 1  # (…, 3) floors to at most 2
            return Fraction(floor), True
        ceiling = math.ceil(value)
        if not upper and not closed and ceiling == value:
            ceiling += 1  # (2, …) rounds up to at least 3
        return Fraction(ceiling), True

    lo, lo_closed = whole(units.lo, units.lo_closed, upper=False)
    hi, hi_closed = whole(units.hi, units.hi_closed, upper=True)
    return Interval(lo, lo_closed, hi, hi_closed, True)
