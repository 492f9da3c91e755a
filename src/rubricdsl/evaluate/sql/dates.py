"""Dates in SQL: a date fact read from a DATE column (or CSV text), as the day number the IR carries, and the
working days between two days on the calendar the Python path counts by.

**A date is its day number** (:mod:`rubricdsl.syntax.dates`: ``date.toordinal()``, 2021-12-31 is 738155), an
exact integer, so comparisons, ``days_between`` (a subtraction) and date literals are the integer arithmetic
of :mod:`.numbers`.  A DATE column's day number is its distance from 1970-01-01 plus that day's ordinal,
which every dialect subtracts exactly (all three use the proleptic Gregorian calendar, as Python does).

**Reading a date fact** as the facts layer reads one (``inputs/facts.parse_date``): NULL is missing (F401, or
the default, or nothing when optional); a day outside Python's years 1–9999, or a TIMESTAMP that is not at
midnight, is no date (F460); then the declared bounds (F404).  CSV text (DuckDB, every cell read as text) is parsed strictly as
``syntax/dates.parse_day`` does: at most 40 characters; ``2021-12-31``, ``2021/12/31`` or ``2021.12.31``
(one separator throughout, 1–2 digit month and day, an optional midnight time ``T00:00[:00[.000]]``) or
``2021年12月31日`` with any whitespace between the parts; surrounding whitespace ignored; a day that does not
exist (2021-02-30) is F460.  Python's ``\\d`` and ``\\s`` are Unicode classes (``２０２１``, an ideographic
space): the query spells out the same characters (digits translated to ASCII first), generated from
Python's own tables, so no spelling is read differently.

**Working days** (``working_days_between``: :mod:`rubricdsl.ir.calendar`): the calendar of the covered years
(2004–2026 with chinese-calendar 1.11.0) as a string literal of one ``1`` (worked) or ``0`` per day, built
from the same running counts the Python path uses.  The count of ``lo < d <= hi`` is the number of ``1`` s in
its substring; it is negated when the end comes first.  A day outside the covered years fails the unit with
``F461``, as in Python.
"""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal
from functools import cache

from rubricdsl.evaluate.sql.dialects import Dialect
from rubricdsl.evaluate.sql.expressions import Unsupported
from rubricdsl.evaluate.sql.numbers import Arithmetic, Num
from rubricdsl.evaluate.sql.unicode_sets import unicode_sets
from rubricdsl.ir import calendar
from rubricdsl.ir import nodes as ir

EPOCH = datetime.date(1970, 1, 1)
MAX_DAY = datetime.date.max.toordinal()  # 9999-12-31: the last day Python (and a facts file) can give
_LONGEST_TEXT = 40  # parse_date reads no longer text


class NotADate(Unsupported):
    """A value the query would read as a date that is not a whole day number."""


def day_number(dialect: Dialect, column: str) -> str:
    """SQL: a DATE column's day number (``date.toordinal()``), an integer."""
    since = f"DATEDIFF({column}, DATE '1970-01-01')" if dialect.name == "spark" else f"({column} - DATE '1970-01-01')"
    return f"({since} + {EPOCH.toordinal()})"


def read_fact(dialect: Dialect, fact: ir.Input, column: str, *, text_input: bool) -> tuple[str, str]:
    """(the day number or NULL, the problem code or NULL) of a date fact's column, as :mod:`.facts` gives
    them for the other kinds: the first check that holds is the code."""
    if text_input:
        parsed = f"TRY_CAST({_text_day(column)} AS DATE)"
        # Too long, no spelling parse_day reads, or no such day: what Python turns down is F460.
        valid = f"(LENGTH({column}) <= {_LONGEST_TEXT} AND {parsed} IS NOT NULL)"
        number = f"(CASE WHEN {valid} THEN {day_number(dialect, parsed)} END)"
        checks = [(f"({number} IS NULL OR {number} < 1 OR {number} > {MAX_DAY})", "460")]
    else:
        # A DATE column, or a TIMESTAMP (a data frame's datetime64): parse_date takes a datetime only at
        # midnight, so any other time of day is F460; the casts are the identity on a DATE.
        day = f"CAST({column} AS DATE)"
        number = day_number(dialect, day)
        not_midnight = f"CAST({column} AS TIMESTAMP) <> CAST({day} AS TIMESTAMP)"
        checks = [(f"({not_midnight} OR {number} < 1 OR {number} > {MAX_DAY})", "460")]
    for low, low_inclusive, high, high_inclusive in fact.bounds:
        parts = []
        if low is not None:
            parts.append(f"{number} {'<' if low_inclusive else '<='} {_whole(low)}")
        if high is not None:
            parts.append(f"{number} {'>' if high_inclusive else '>='} {_whole(high)}")
        if parts:
            checks.append(("(" + " OR ".join(parts) + ")", "404"))
    default = None if fact.default is None else str(_whole(fact.default))
    missing_code = "NULL" if fact.optional or default is not None else "401"
    whens = " ".join(f"WHEN {test} THEN {code}" for test, code in checks)
    problem = f"(CASE WHEN {column} IS NULL THEN {missing_code} {whens} END)"
    bad = " ".join(f"WHEN {test} THEN NULL" for test, _ in checks)
    value = f"(CASE WHEN {column} IS NULL THEN {default or 'NULL'} {bad} ELSE {number} END)"
    return value, problem


def day(arithmetic: Arithmetic, value_col: str) -> Num:
    """A date fact's checked column as the exact integer the IR reads."""
    return Num(arithmetic.sql.to_integer(value_col), MAX_DAY, None, 1)


def _whole(value: object) -> int:
    """A bound or default of a date fact (a day number) as an integer literal."""
    if not isinstance(value, (int, Decimal)) or isinstance(value, bool) or value != int(value):
        raise NotADate("date-value", value=value)
    return int(value)


# ---- CSV text ----------------------------------------------------------------------------------------------


def _re2_class(codes: list[int]) -> str:
    """An RE2 character class of exactly ``codes`` (sorted), as ranges."""
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "[" + "".join(f"\\x{{{a:x}}}" + (f"-\\x{{{b:x}}}" if b > a else "") for a, b in ranges) + "]"


@cache
def unicode_classes() -> tuple[str, str, str, str]:
    """Python's ``\\d`` and ``\\s`` as RE2 classes, from Python's own tables (:mod:`.unicode_sets`); and every
    decimal digit beyond 0-9 with its ASCII digit, to translate before the digits are read (``int()`` reads
    them all)."""
    sets = unicode_sets()
    others = [chr(c) for c in sets.digits if not 0x30 <= c <= 0x39]
    ascii_digits = "".join(str(unicodedata.decimal(c)) for c in others)
    return _re2_class(list(sets.digits)), _re2_class(list(sets.spaces)), "".join(others), ascii_digits


def ascii_digits(text: str) -> str:
    """SQL (DuckDB): ``text`` with every decimal digit beyond 0-9 made its ASCII digit.

    DuckDB's ``translate`` builds its map of the 650 other digits on every call (~50 µs a cell: 10 s for
    200,000 cells), so a text whose bytes are all ASCII (``strlen`` counts bytes, ``length`` characters),
    the common cell, is kept as it is and only the rest are translated."""
    _, _, others, digits = unicode_classes()
    return f"(CASE WHEN strlen({text}) = length({text}) THEN {text} ELSE translate({text}, '{others}', '{digits}') END)"


def _text_day(column: str) -> str:
    """SQL (DuckDB): ``YYYY-M-D`` text of the day a cell writes in a spelling parse_day reads, else NULL."""
    digit, space, _, _ = unicode_classes()
    midnight = r"(?:[T ]00:00(?::00(?:\.0+)?)?)?"  # literal zeros, as in parse_day: not any digit
    dashed = [f"{digit}{{4}}{sep}{digit}{{1,2}}{sep}{digit}{{1,2}}{midnight}" for sep in ("-", "/", r"\.")]
    chinese = f"{digit}{{4}}{space}*年{space}*{digit}{{1,2}}{space}*月{space}*{digit}{{1,2}}{space}*日"
    pattern = f"^{space}*(?:{'|'.join((*dashed, chinese))}){space}*$"
    # The first three runs of digits are the year, month and day (the midnight time comes after them).
    parts = f"regexp_extract_all({ascii_digits(column)}, '[0-9]+')"
    return (
        f"(CASE WHEN regexp_matches({column}, '{pattern}') "
        f"THEN {parts}[1] || '-' || {parts}[2] || '-' || {parts}[3] END)"
    )


# ---- working days ------------------------------------------------------------------------------------------


@cache
def _calendar() -> tuple[int, int, str]:
    """(the first and last covered day numbers, one '1' per worked day and '0' per rest day between them),
    from the running counts :mod:`rubricdsl.ir.calendar` counts by."""
    running, first = calendar.running_counts()
    flags = "".join("1" if now - before else "0" for before, now in zip((0, *running), running, strict=False))
    return first, first + len(running) - 1, flags


def working_days(sql: Dialect, start: Num, end: Num, failure: str) -> tuple[Num, str]:
    """(the signed working-day count from ``start`` to ``end``, the SQL error ``failure`` where either day lies
    outside the covered years); both are whole day numbers."""
    for value in (start, end):
        if value.d is not None or value.dmax != 1:
            raise NotADate("working-days")
    first, last, flags = _calendar()
    a, b = f"CAST({start.n} AS INTEGER)", f"CAST({end.n} AS INTEGER)"
    inside = f"({start.n} >= {first} AND {start.n} <= {last} AND {end.n} >= {first} AND {end.n} <= {last})"
    low, high = f"LEAST({a}, {b})", f"GREATEST({a}, {b})"
    worked = f"LENGTH(REPLACE(SUBSTRING('{flags}', {low} - {first} + 2, {high} - {low}), '0', ''))"
    signed = f"(CASE WHEN NOT {inside} THEN 0 WHEN {b} < {a} THEN -{worked} ELSE {worked} END)"
    count = Num(sql.to_integer(signed), last - first + 1, None, 1)
    return count, f"(CASE WHEN NOT {inside} THEN {failure} END)"
