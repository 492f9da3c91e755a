"""Facts at the boundary: convert what a caller or a facts file gives into exact values, or say what is wrong.

Two layers, one authority.  :func:`FactSchema.convert` is the fast path: it accepts only values that are
already unambiguous (a ``Decimal`` or ``int`` for numbers, a ``bool`` for yes/no, a level name for an enum)
and costs a few dictionary look-ups.  Anything else — strings like ``"95%"`` or ``"是"``, floats, wrong
types — goes through a pydantic model derived from the declarations, built on first need, which converts
what it can and reports every problem at once with the fact's name and Chinese label.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any

import pydantic
from pydantic_core import PydanticCustomError

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.diagnostics.suggest import Suggester
from rubricdsl.inputs.lists import validate_list
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.dates import day_number, parse_day
from rubricdsl.syntax.numbers import WAN, scaled, share_of_percent

NOT_APPLICABLE_KEY = "not_applicable"
# Unknown keys reported one by one, each with its "did you mean"; the rest are counted in one F412.  A facts
# file of the wrong rubric (or 20,000 made-up keys) then costs milliseconds, not minutes, and reads well.
MAX_UNKNOWN_KEYS_REPORTED = 20
_MISSING: Any = object()

_EXPECTED = {
    n.FactKind.BOOL: ("true or false (or 是/否)", "“是”或“否”（也可写 true 或 false）"),
    n.FactKind.COUNT: ("a whole number of at least 0", "不小于 0 的整数"),
    n.FactKind.NUMBER: ("a number", "数值"),
    n.FactKind.PERCENT: (
        'a share such as 0.95 or a string such as "95%"',
        '小数（如 0.95）或带百分号的字符串（如 "95%"）',
    ),
    n.FactKind.MONEY: ('an amount such as 500000 or "50万元"', '金额（如 500000 或 "50万元"）'),
    n.FactKind.ENUM: ("one of {levels}", "以下之一：{levels}"),
    n.FactKind.TEXT: ('text such as "专项A"', '文本（如 "专项A"）'),
    n.FactKind.LIST: (
        'a list of items (in a CSV or spreadsheet cell: a JSON array such as [{{"name": "专项A"}}])',
        '条目列表（CSV 或表格单元格中写 JSON 数组，如 [{{"name": "专项A"}}]）',
    ),
    n.FactKind.DATE: ('a date such as "2021-12-31" or "2021年12月31日"', '日期（如 "2021-12-31" 或 "2021年12月31日"）'),
}
# a bare number for a `money 万元` fact is read in 万元: 500000 there would be 50亿元
_EXPECTED_WAN = ('an amount in 万元 such as 50 or "50万元"', '以万元计的金额（如 50 或 "50万元"）')


@dataclass(frozen=True, slots=True)
class FactSpec:
    name: str
    label: str
    kind: n.FactKind
    scale: Decimal  # multiplies a bare number into the canonical unit (万元 → 元)
    levels: frozenset[str]
    level_order: tuple[str, ...]
    bounds: tuple[n.Bound, ...]
    optional: bool
    default: Any  # _MISSING when there is none
    fields: tuple[FactSpec, ...] = ()  # a list's item fields (inputs/lists.py)

    @property
    def has_default(self) -> bool:
        return self.default is not _MISSING

    def expected(self) -> tuple[str, str]:
        en, zh = _EXPECTED_WAN if self.kind is n.FactKind.MONEY and self.scale == WAN else _EXPECTED[self.kind]
        levels = "、".join(self.level_order)
        return en.format(levels=levels), zh.format(levels=levels)

    def broken_bound(self, value: Decimal) -> n.Bound | None:
        for bound in self.bounds:
            if bound.low is not None and (
                value < bound.low.value or (value == bound.low.value and not bound.low_inclusive)
            ):
                return bound
            if bound.high is not None and (
                value > bound.high.value or (value == bound.high.value and not bound.high_inclusive)
            ):
                return bound
        return None


def spec_of(decl: n.FactDecl) -> FactSpec:
    default: Any = _MISSING
    if decl.default is not None:
        default = decl.default.value
    scale = WAN if decl.type.money_unit == "万元" else Decimal(1)
    fields = tuple(
        spec_of(
            n.FactDecl(name=f.name, label=None, type=f.type, bounds=f.bounds, optional=f.optional, default=f.default)
        )
        for f in decl.type.fields
    )
    return FactSpec(
        decl.name,
        decl.label or decl.name,
        decl.type.kind,
        scale,
        frozenset(decl.type.levels),
        decl.type.levels,
        decl.bounds,
        decl.optional,
        default,
        fields,
    )


# ---- value parsers: each returns the canonical value or raises PydanticCustomError(F-code) -----------------

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
        raise PydanticCustomError("F405", "whole percent", {"given": _given(value)})
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


class FactSchema:
    """The declared facts of one rubric and how to read values for them."""

    def __init__(self, decls: Iterable[n.FactDecl], indicator_ids: Iterable[str]) -> None:
        self.specs: dict[str, FactSpec] = {decl.name: spec_of(decl) for decl in decls}
        self.indicator_ids = frozenset(indicator_ids)

    # ---- fast path ---------------------------------------------------------------------------------------
    def convert(self, facts: Mapping[str, Any]) -> tuple[dict[str, Any], frozenset[str], list[Diagnostic]]:
        """Return (values, not-applicable ids, problems); values hold only facts that are present and valid."""
        values: dict[str, Any] = {}
        slow = False
        for name, spec in self.specs.items():
            raw = facts.get(name, _MISSING)
            if raw is _MISSING or raw is None:
                if spec.default is not _MISSING:
                    values[name] = spec.default
                elif not spec.optional:
                    slow = True
                continue
            kind = spec.kind
            if (
                (kind is n.FactKind.BOOL and raw.__class__ is bool)
                or (kind is n.FactKind.ENUM and raw.__class__ is str and raw in spec.levels)
                or (kind is n.FactKind.TEXT and raw.__class__ is str)
            ):
                values[name] = raw
            elif kind is n.FactKind.DATE:
                if raw.__class__ is not datetime.date:
                    slow = True  # text, a datetime: read by the authority
                    continue
                day = day_number(raw)
                if spec.bounds and spec.broken_bound(day) is not None:
                    slow = True
                else:
                    values[name] = day
            elif raw.__class__ is Decimal or raw.__class__ is int:
                number = Decimal(raw)
                if (
                    kind in (n.FactKind.BOOL, n.FactKind.ENUM, n.FactKind.TEXT, n.FactKind.LIST)
                    or not number.is_finite()
                    or _out_of_range(number)
                    or (kind is n.FactKind.COUNT and (number < 0 or number != number.to_integral_value()))
                    or (kind is n.FactKind.PERCENT and abs(number) > 1)
                ):
                    slow = True
                    continue
                value = scaled(number, spec.scale) if kind is n.FactKind.MONEY else number
                if spec.bounds and spec.broken_bound(value) is not None:
                    slow = True
                else:
                    values[name] = value
            else:
                slow = True
        na_raw = facts.get(NOT_APPLICABLE_KEY, ())
        specs = self.specs
        slow = slow or any(key not in specs for key in facts if not _is_reserved(key))
        if (
            not slow
            and isinstance(na_raw, (list, tuple))
            and all(_is_indicator_id(item, self.indicator_ids) for item in na_raw)
        ):
            return values, frozenset(na_raw), []
        return self.validate(facts)

    # ---- the authority: every problem at once -----------------------------------------------------------------
    def validate(self, facts: Any) -> tuple[dict[str, Any], frozenset[str], list[Diagnostic]]:
        if not isinstance(facts, Mapping):
            en, zh = describe_shape(facts)
            return {}, frozenset(), [messages.make("F406", None, found=en, found_zh=zh)]
        problems: list[Diagnostic] = []
        not_applicable = self._not_applicable(facts.get(NOT_APPLICABLE_KEY, ()), problems)
        unknown = [key for key in facts if not _is_reserved(key) and key not in self.specs]
        for key in unknown[:MAX_UNKNOWN_KEYS_REPORTED]:
            suggestion = self._suggest_fact(str(key))
            problems.append(
                messages.make(
                    "F402", None, subject=str(key), name=key, suggestion=suggestion, hint=suggestion is not None
                )
            )
        if len(unknown) > MAX_UNKNOWN_KEYS_REPORTED:
            rest = unknown[MAX_UNKNOWN_KEYS_REPORTED:]
            shown = "、".join(_given(str(key))[1:-1] for key in rest[:3]) + ("…" if len(rest) > 3 else "")
            problems.append(
                messages.make("F412", None, count=len(rest), listed=MAX_UNKNOWN_KEYS_REPORTED, examples=shown)
            )
        present = {key: value for key, value in facts.items() if key in self.specs and not self._absent(key, value)}
        lists = self._lists(present, problems)
        scalars = {key: value for key, value in present.items() if key not in lists and key in self._scalar_names}
        values: dict[str, Any] = {}
        try:
            values = self._model.model_validate(scalars).model_dump(exclude_none=True)
        except pydantic.ValidationError as error:
            bad = set()
            for item in error.errors():
                name = str(item["loc"][0])
                bad.add(name)
                problems.append(self._problem(name, item, present.get(name)))
            good = {key: value for key, value in scalars.items() if key not in bad}
            values = self._model.model_validate(good).model_dump(exclude_none=True)
        values.update(lists)
        for name, spec in self.specs.items():
            if name in values:
                continue
            if spec.default is not _MISSING and name not in present:
                values[name] = spec.default
            elif name not in present and not spec.optional:
                en, zh = spec.expected()
                problems.append(
                    messages.make("F401", None, subject=name, name=name, label=spec.label, expected=en, expected_zh=zh)
                )
        return values, not_applicable, problems

    def _lists(self, present: dict[str, Any], problems: list[Diagnostic]) -> dict[str, Any]:
        """The list facts of ``present`` read item by item (every problem reported); one that is not valid has
        no value (and, being present, is not reported missing)."""
        found: dict[str, Any] = {}
        for name, raw in present.items():
            spec = self.specs[name]
            if spec.kind is not n.FactKind.LIST:
                continue
            fields = {field.name: (field, _validator(field)) for field in spec.fields}
            items, trouble = validate_list(spec, raw, fields, _given, _MISSING)
            problems.extend(trouble)
            if items is not None:
                found[name] = items
        return found

    def _absent(self, name: str, value: Any) -> bool:
        """None and pandas' NA are a fact left out; so is NaN (a float column's empty cell) for a fact that may
        be left out (optional, or with a default).  A NaN for a fact that must be given stays a value, and is
        reported as not a number (F410) rather than as missing."""
        if value is None or _is_missing_marker(value):
            return True
        spec = self.specs[name]
        if not (spec.optional or spec.has_default):
            return False
        plain = plain_scalar(value)
        return isinstance(plain, float) and math.isnan(plain)

    def _not_applicable(self, raw: Any, problems: list[Diagnostic]) -> frozenset[str]:
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, (list, tuple)):
            problems.append(messages.make("F409", None, subject=NOT_APPLICABLE_KEY, given=_given(raw)))
            return frozenset()
        found: set[str] = set()
        suggested = 0
        for item in raw:
            if isinstance(item, str) and item in self.indicator_ids:
                found.add(item)
            else:
                shown = item if isinstance(item, str) else _given(item)
                suggested += 1
                suggestion = self._ids.suggest(shown) if suggested <= MAX_UNKNOWN_KEYS_REPORTED else None
                problems.append(
                    messages.make(
                        "F408", None, subject=shown, name=shown, suggestion=suggestion, hint=suggestion is not None
                    )
                )
        return frozenset(found)

    def _problem(self, name: str, item: Mapping[str, Any], raw: Any) -> Diagnostic:
        spec = self.specs[name]
        ctx = item.get("ctx") or {}
        given = str(ctx.get("given", _given(raw)))
        code = str(item["type"])
        if code == "F404":
            return messages.make(
                "F404",
                None,
                subject=name,
                name=name,
                label=spec.label,
                given=given,
                constraint=ctx.get("constraint", ""),
            )
        if code in ("F405", "F410", "F411", "F460"):
            return messages.make(code, None, subject=name, name=name, label=spec.label, given=given)
        en, zh = spec.expected()
        return messages.make(
            "F403", None, subject=name, name=name, label=spec.label, given=given, expected=en, expected_zh=zh
        )

    def _suggest_fact(self, key: str) -> str | None:
        """A close fact name; or the fact whose Chinese label was typed as the key (`"服务企业数": 120`)."""
        by_label = self._names_by_label
        if key.strip() in by_label:
            return by_label[key.strip()]
        label = self._labels.suggest(key)
        return self._names.suggest(key) or (by_label[label] if label is not None else None)

    @cached_property
    def _names_by_label(self) -> dict[str, str]:
        return {spec.label: name for name, spec in self.specs.items()}

    # Indexed once per rubric, on the first unknown key or indicator id.
    @cached_property
    def _names(self) -> Suggester:
        return Suggester(self.specs)

    @cached_property
    def _labels(self) -> Suggester:
        return Suggester(self._names_by_label)

    @cached_property
    def _ids(self) -> Suggester:
        return Suggester(sorted(self.indicator_ids))

    @cached_property
    def _scalar_names(self) -> frozenset[str]:
        return frozenset(name for name, spec in self.specs.items() if spec.kind is not n.FactKind.LIST)

    @cached_property
    def _model(self) -> type[pydantic.BaseModel]:
        fields: dict[str, Any] = {}
        for name, spec in self.specs.items():
            if spec.kind is n.FactKind.LIST:
                continue
            fields[name] = (Annotated[Any, pydantic.BeforeValidator(_validator(spec))], None)
        model: type[pydantic.BaseModel] = pydantic.create_model(
            "Facts", __config__=pydantic.ConfigDict(extra="ignore"), **fields
        )
        return model


def describe_shape(value: Any) -> tuple[str, str]:
    """What a facts file holds instead of an object, in words (never a Python type name)."""
    if value is None:
        return "nothing (the file is empty)", "空内容（文件为空）"
    if isinstance(value, (list, tuple)):
        return "a list", "列表"
    if isinstance(value, bool):
        return "a single true/false", "单个是/否值"
    if isinstance(value, (int, float, Decimal)):
        return "a single number", "单个数字"
    if isinstance(value, str):
        return "a single piece of text", "单段文字"
    return "something else", "其他内容"


def _is_indicator_id(item: Any, ids: frozenset[str]) -> bool:
    """Only text can be an id; a list or object in not_applicable (unhashable) is a problem, not a crash."""
    return item.__class__ is str and item in ids


def _is_reserved(key: Any) -> bool:
    """`not_applicable`, `$`-prefixed metadata keys (`$notes`, `$project`) and the project's `id` are not facts
    (a rubric that declares a fact named `id` reads it as a fact: declared names are checked first)."""
    return key in (NOT_APPLICABLE_KEY, ID_KEY) or (isinstance(key, str) and key.startswith("$"))


ID_KEY = "id"  # with `$id`, what `rubric eval` on many projects takes as a row's id


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
