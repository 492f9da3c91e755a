"""Exact decimal steps on numbers as written: `95%` → 0.95, `50万元` → 500000, and sums of points.

Python's default decimal context keeps 28 digits, and a rubric or facts value may have 40, so these steps
never run in whatever context happens to be current: they run in :data:`WIDE`, which is wide enough for any
value within the limits (40 digits, at most 40 after the point) and traps ``Inexact``, so a result is exact
or the step fails loudly.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

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
