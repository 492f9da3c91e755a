"""Calendar days as written (`2021-12-31`, `2021年12月31日`) and as every later stage carries them.

A date is carried as its *day number*, ``date.toordinal()`` as a ``Decimal`` (2021-12-31 is 738155): in the
AST (a date literal's value), in the facts a rubric is scored on, and in the scoring IR.  So a date is an exact
integer to every back end: comparisons are comparisons of integers, ``days_between(a, b)`` is ``b − a``, the
interval analysis bounds dates like any other number, and SQL could carry one as an integer.  What a person
reads is always the calendar text: the checker types a date ``date``, and :func:`day_text` is how every value
of that type is shown.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Final

# 2021-12-31, 2021-1-5, 2021/12/31 (a spreadsheet's own spelling), 2021.12.31 and 2021年12月31日; a time of
# day at midnight (`2021-12-31T00:00:00`, `2021-12-31 00:00`) is what a spreadsheet export often adds.
_DASHED: Final = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_CHINESE: Final = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


def parse_day(text: str) -> datetime.date | None:
    """The calendar day ``text`` writes, or ``None`` when it writes none (also for 2021-02-30)."""
    text = text.strip()
    found = _DASHED.match(text)
    if found is not None:
        year, month, day = found.group(1), found.group(3), found.group(4)
    else:
        chinese = _CHINESE.match(text)
        if chinese is None:
            return None
        year, month, day = chinese.groups()
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def day_number(day: datetime.date) -> Decimal:
    """The exact value a date is carried as: its proleptic Gregorian ordinal (0001-01-01 is 1)."""
    return Decimal(day.toordinal())


def day_of(number: Decimal) -> datetime.date | None:
    """The calendar day of a day number; ``None`` when ``number`` is no day (not whole, or out of range)."""
    if not number.is_finite() or number != number.to_integral_value():
        return None
    whole = int(number)
    if not 1 <= whole <= datetime.date.max.toordinal():
        return None
    return datetime.date.fromordinal(whole)


def day_text(number: Decimal) -> str:
    """A day number as a person writes it, ``2021-12-31``; a value that is no day is shown as its digits."""
    day = day_of(number)
    return str(number) if day is None else day.isoformat()
