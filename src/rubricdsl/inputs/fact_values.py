"""One fact's value, read: each parser returns the canonical exact value or raises PydanticCustomError(F-code).

What a caller or a facts file may write for each kind (``"95%"``, ``"50万元"``, ``"是"``, ``"2021年12月31日"``,
numbers with thousands separators, numpy scalars) and how it reads: the authority the engine's fast path and the
JSON Schema agree with (:mod:`rubricdsl.inputs.facts` builds its pydantic model from these).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from pydantic_core import PydanticCustomError

from rubricdsl.inputs.fact_specs import FactSpec
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.dates import day_number, parse_day
from rubricdsl.syntax.numbers import WAN, scaled, share_of_percent

_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# A thousands separator is read only in groups of three (`1,500,000`, `1,500.5`; `，` too): `1,5` could be
# 1.5 written the European way or a slip for 15, so any other comma is refused rather than dropped.
_GROUPED = re.compile(r"^[+-]?\d{1,3}([,，]\d{3})+(\.\d*)?$")
# What spreadsheets (WPS, Excel in Chinese) hold for yes/no, beside true/false in any case.
_YES = frozenset({"是", "true", "有", "√"})
_NO = frozenset({"否", "false", "无", "×"})


_GIVEN_LIMIT = 40
MAX_FACT_DIGITS = 40  # the same cap as numbers written in a rubric (syntax.parse.MAX_NUMBER_DIGITS)


def _given(value: Any) -> str:
    """``value`` as the person typed it in the facts file (JSON spelling), cut to a few dozen characters.

    The pieces are produced lazily and the walk stops at the limit, so a huge or deeply nested value (a
    YAML alias bomb) costs no more than the characters shown.
    """
    pieces: list[str] = []
    length = 0
    for piece in _json_pieces(value):
        pieces.append(piece)
        length += len(piece)
        if length > _GIVEN_LIMIT:
            break
    text = "".join(pieces)
    return text if len(text) <= _GIVEN_LIMIT else text[: _GIVEN_LIMIT - 1] + "…"


def _json_pieces(item: Any) -> Iterator[str]:
    if item is None:
        yield "null"
    elif isinstance(item, bool):
        yield "true" if item else "false"
    elif isinstance(item, (int, float, Decimal)):
        yield _number_text(item)
    elif isinstance(item, str):
        # A lone surrogate (JSON `"\ud800"`) is no character: shown as its JSON escape, it cannot break a message.
        yield '"' + item[: _GIVEN_LIMIT + 1].encode("utf-8", "backslashreplace").decode("utf-8") + '"'
    elif isinstance(item, Mapping):
        yield "{"
        for index, (key, inner) in enumerate(item.items()):
            yield ", " if index else ""
            yield from _json_pieces(str(key))
            yield ": "
            yield from _json_pieces(inner)
        yield "}"
    elif isinstance(item, (list, tuple)):
        yield "["
        for index, inner in enumerate(item):
            yield ", " if index else ""
            yield from _json_pieces(inner)
        yield "]"
    else:
        yield str(item)[: _GIVEN_LIMIT + 1]  # a YAML date, say: shown as written


def _number_text(number: int | float | Decimal) -> str:
    if isinstance(number, float) and not math.isfinite(number):
        return "NaN" if math.isnan(number) else "Infinity" if number > 0 else "-Infinity"
    if isinstance(number, Decimal) and not number.is_finite():
        return "NaN" if number.is_nan() else "Infinity" if number > 0 else "-Infinity"
    if isinstance(number, int) and number.bit_length() > 4 * _GIVEN_LIMIT:
        return f"{Decimal(number):.3E}"  # str() of a huge int is slow and refused past 4300 digits
    if isinstance(number, Decimal) and number.adjusted() > _GIVEN_LIMIT:
        return f"{number:.3E}"
    return str(number)


def _wrong(value: Any) -> PydanticCustomError:
    return PydanticCustomError("F403", "wrong type", {"given": _given(value)})


def _not_finite(value: Any) -> PydanticCustomError:
    return PydanticCustomError("F410", "not a number", {"given": _given(value)})


def _decimal(value: Any, *, allow_text: bool = True) -> Decimal:
    if isinstance(value, bool):
        raise _wrong(value)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _not_finite(value)
        result = Decimal(repr(value))  # the shortest text that round-trips: what the person typed
    elif isinstance(value, str) and allow_text:
        text = value.strip()
        if _GROUPED.match(text):
            text = text.replace(",", "").replace("，", "")
        if not _NUMBER_TEXT.match(text) or len(text) > 60:
            raise _wrong(value)
        result = Decimal(text)
    else:
        raise _wrong(value)
    if not result.is_finite():
        raise _not_finite(value)
    if _out_of_range(result):
        raise PydanticCustomError("F411", "too large", {"given": _given(value)})
    return result


def _out_of_range(number: Decimal) -> bool:
    """More than MAX_FACT_DIGITS digits before or after the point: a typing slip, and arithmetic on it
    could overflow Decimal's exponent range (``1e999999999`` from a JSON file is a valid Decimal).

    The exponent is bounded as well as the magnitude: ``0E-100000000`` is a zero, but written out in full
    (as results and reports do) it has a hundred million digits after the point."""
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # callers pass finite numbers only
    return exponent < -MAX_FACT_DIGITS or number.adjusted() >= MAX_FACT_DIGITS


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value.__class__ is int and value in (0, 1):
        return value == 1  # SQLite has no boolean type: a BOOLEAN column reads back as 0 or 1
    if (value.__class__ is float or (value.__class__ is Decimal and value.is_finite())) and value in (0, 1):
        return value == 1  # 1.0 from a JSON file or a float column: JSON Schema's integer 1, as the schema says
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in _YES:
            return True
        if text in _NO:
            return False
    raise _wrong(value)


def parse_count(value: Any) -> Decimal:
    result = _decimal(value)
    if result != result.to_integral_value() or result < 0:
        raise _wrong(value)
    return result.to_integral_value()


def parse_percent(value: Any) -> Decimal:
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        try:
            return share_of_percent(_decimal(value.strip()[:-1]))
        except PydanticCustomError:
            raise _wrong(value) from None
    result = _decimal(value)
    if abs(result) > 1:
        raise PydanticCustomError("F405", "whole percent", {"given": _given(value), "percent": result})
    return result


def parse_money(value: Any, scale: Decimal) -> Decimal:
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("万元", "万")):  # `50万` is how a spreadsheet cell often says 50万元
            return scaled(_decimal(text.removesuffix("元")[:-1]), WAN)
        if text.endswith("元"):
            return _decimal(text[:-1])
    return scaled(_decimal(value), scale)


def parse_date(value: Any) -> Decimal:
    """A date fact's value as its day number (syntax/dates.py): a ``date`` (a YAML date, a spreadsheet's date
    cell), a ``datetime`` at midnight, or text such as ``2021-12-31`` or ``2021年12月31日``.  A number is never
    read as a date: a spreadsheet's serial day 44561 and the year 2021 look alike."""
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0) or value.tzinfo is not None:
            raise PydanticCustomError("F460", "not a date", {"given": _given(value.isoformat())})
        return day_number(value.date())
    if isinstance(value, datetime.date):
        return day_number(value)
    day = parse_day(value) if isinstance(value, str) and len(value) <= 40 else None
    if day is None:
        raise PydanticCustomError("F460", "not a date", {"given": _given(value)})
    return day_number(day)


# ---- values from data stacks (numpy, pandas, SQLite), duck-typed: the engine never imports numpy -------------


def plain_scalar(value: Any) -> Any:
    """A numpy scalar as the Python value it holds (``np.int64`` → int, ``np.bool_`` → bool), else ``value``.

    numpy floats follow the float policy, the shortest text that reads back as the same number, at their own
    precision: ``np.float32(0.96)`` is 0.96, not the 0.9599999785423279 its widening to a Python float gives.
    """
    if type(value).__module__ != "numpy" or not hasattr(value, "item"):
        return value
    plain = value.item()
    if isinstance(plain, float) and math.isfinite(plain) and not isinstance(value, float):
        return Decimal(str(value))  # float16/float32: numpy's str is the shortest text at that precision
    return plain


def _is_missing_marker(value: Any) -> bool:
    """pandas' ``NA`` and ``NaT``: what a nullable column holds where a cell is empty."""
    kind = type(value)
    return kind.__name__ in ("NAType", "NaTType") and kind.__module__.startswith("pandas")


def _validator(spec: FactSpec) -> Any:
    def validate(value: Any) -> Any:
        if value is None:
            return None
        value = plain_scalar(value)
        kind = spec.kind
        if kind is n.FactKind.BOOL:
            return parse_bool(value)
        if kind is n.FactKind.ENUM:
            if isinstance(value, str) and value.strip() in spec.levels:
                return value.strip()
            raise _wrong(value)
        if kind is n.FactKind.TEXT:
            if isinstance(value, str):
                return value
            raise _wrong(value)
        try:
            if kind is n.FactKind.DATE:
                number = parse_date(value)
            elif kind is n.FactKind.COUNT:
                number = parse_count(value)
            elif kind is n.FactKind.PERCENT:
                number = parse_percent(value)
            elif kind is n.FactKind.MONEY:
                number = parse_money(value, spec.scale)
            else:
                number = _decimal(value)
        except PydanticCustomError:
            raise
        except (ArithmeticError, ValueError):  # decimal's Overflow and InvalidOperation are ArithmeticErrors
            raise _wrong(value) from None
        bound = spec.broken_bound(number) if spec.bounds else None
        if bound is not None:
            raise PydanticCustomError("F404", "constraint", {"given": _given(value), "constraint": bound.text})
        return number

    return validate
