"""Exact decimal steps on numbers as written: `95%` → 0.95, `50万元` → 500000, and sums of points.

Python's default decimal context keeps 28 digits, and a rubric or facts value may have 40, so these steps
never run in whatever context happens to be current: they run in :data:`WIDE`, which is wide enough for any
value within the limits (40 digits, at most 40 after the point) and traps ``Inexact``, so a result is exact
or the step fails loudly.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from rubricdsl.syntax import nodes as n

# 40 digits before and after the point are 80 digit positions; a sum of up to 10^20 such values adds 20.
WIDE: Final = decimal.Context(
    prec=120,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
HUNDRED: Final = Decimal(100)
WAN: Final = Decimal(10000)


def share_of_percent(percent: Decimal) -> Decimal:
    """``95`` (as in `95%`) → ``0.95``, exactly."""
    return WIDE.divide(percent, HUNDRED)


def scaled(value: Decimal, scale: Decimal) -> Decimal:
    """``value × scale`` exactly (a 万元 amount into 元: scale 10000)."""
    return WIDE.multiply(value, scale)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    total = Decimal(0)
    for value in values:
        total = WIDE.add(total, value)
    return total


def exact_points(points: n.Literal | n.Ratio) -> Fraction:
    """Checklist item points as the exact fraction they are: ``10/3`` is one third of ten, ``2.5`` is 5/2."""
    from rubricdsl.syntax import nodes as n

    if isinstance(points, n.Ratio):
        return Fraction(points.numerator.value) / Fraction(points.denominator.value)
    return Fraction(points.value)


def common_denominator(points: Iterable[n.Literal | n.Ratio]) -> int:
    """The least denominator over which every item of ``points`` is a whole number of parts, when one of
    them is a ratio; 1 when none is (the checklist is then a plain sum of decimals, as in v1)."""
    from rubricdsl.syntax import nodes as n

    listed = list(points)
    if not any(isinstance(item, n.Ratio) for item in listed):
        return 1
    found = 1
    for item in listed:  # a decimal such as 2.5 among thirds counts in sixths
        found = math.lcm(found, exact_points(item).denominator)
    return found


def approximate_points(points: n.Literal | n.Ratio) -> Decimal:
    """The points as a Decimal: exact for a literal, the quotient at 50 digits for a ratio.  Only for the v1
    tools that attribute outcomes (coverage, lint witnesses); scoring a ratio goes through the IR exactly."""
    from rubricdsl.syntax import nodes as n

    if isinstance(points, n.Ratio):
        return decimal.Context(prec=50).divide(points.numerator.value, points.denominator.value)
    return points.value
