"""Working days on the official mainland calendar: the one implementation of :class:`~rubricdsl.ir.nodes.WorkingDays`.

The calendar is the State Council's yearly holiday arrangement (国务院办公厅关于节假日安排的通知), including the
调休 make-up days on which a weekend is worked, as kept by the ``chinese-calendar`` package.  Which years it
covers is read from the package's own table, never written here: a newer release of the package covers more
years with no change to this module.  A day outside them fails with ``F461`` rather than being counted as if
only weekends were rest days, which would be a wrong count wherever a holiday falls.

``working_days(start, end)`` counts the working days ``d`` with ``start < d <= end``: the first day is not
counted, the last is.  From a deadline to the day the work was done, that is the number of working days late
(逾期N个工作日): done on the deadline is 0, done the next working day is 1.  When ``end`` comes before ``start``
the count is negative (minus the working days ``end < d <= start``), so the count of ``(a, b)`` is minus the
count of ``(b, a)``, as ``days_between`` is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cache

from rubricdsl.evaluate.failures import EvalFailure
from rubricdsl.reading.source import Span


@cache
def covered_years() -> tuple[int, int]:
    """The first and last year the installed calendar has the official arrangement for (2004–2026 in 1.11.0)."""
    from chinese_calendar.constants import holidays  # the package's table: what it knows, it knows exactly

    years = [day.year for day in holidays]
    return min(years), max(years)


def covers(day: datetime.date) -> bool:
    first, last = covered_years()
    return first <= day.year <= last


def working_days(start: Decimal, end: Decimal, span: Span) -> Decimal:
    """The signed count of working days from the day numbered ``start`` to the day numbered ``end``."""
    first_day, last_day = _day(start, span), _day(end, span)
    sign = 1
    if last_day < first_day:
        first_day, last_day, sign = last_day, first_day, -1
    return Decimal(sign * _count(first_day, last_day))


def _day(number: Decimal, span: Span) -> datetime.date:
    day = _day_of(number)
    if day is None or not covers(day):
        first, last = covered_years()
        shown = day.isoformat() if day is not None else str(number)
        raise EvalFailure("F461", span, first=first, last=last, day=shown)
    return day


def _day_of(number: Decimal) -> datetime.date | None:
    """A day number (the IR's value of a date, ``date.toordinal()``) as its day; None if it is none."""
    if not number.is_finite() or number != number.to_integral_value():
        return None
    whole = int(number)
    return datetime.date.fromordinal(whole) if 1 <= whole <= datetime.date.max.toordinal() else None


def _count(after: datetime.date, through: datetime.date) -> int:
    """Working days ``d`` with ``after < d <= through`` (both within the covered years), in constant time."""
    running, first = _running_counts()
    return running[through.toordinal() - first] - running[after.toordinal() - first]


def running_counts() -> tuple[tuple[int, ...], int]:
    """The working days from the first covered day through each covered day, and the first day's number: the
    table every count is read from (the SQL back end writes its calendar from it)."""
    return _running_counts()


@cache
def _running_counts() -> tuple[tuple[int, ...], int]:
    """For every covered day, the working days from the first covered day through it, asked of the package once
    per process (about 8,400 days: a few hundred milliseconds), so each count afterwards is one subtraction."""
    from chinese_calendar import is_workday

    first_year, last_year = covered_years()
    first = datetime.date(first_year, 1, 1).toordinal()
    last = datetime.date(last_year, 12, 31).toordinal()
    running: list[int] = []
    total = 0
    for ordinal in range(first, last + 1):
        total += bool(is_workday(datetime.date.fromordinal(ordinal)))
        running.append(total)
    return tuple(running), first
