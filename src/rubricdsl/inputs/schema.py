"""The JSON Schema of a rubric's facts files: what an editor or another program may write for each fact.

Everything it says is what :class:`~rubricdsl.inputs.facts.FactSchema` accepts, in the unit the facts file
writes: a bare number for a ``money 万元`` fact is read in 万元, so its example is ``50`` and its bounds are
divided by 10,000; a percent written as a number is a share (``0.95``), so ``in [0%, 100%]`` becomes
``minimum: 0, maximum: 1``.  A value written as text (``"95%"``, ``"50万元"``) is matched by a pattern, and
its bounds are stated in the description, which JSON Schema cannot check on text.  Every example is taken
only after the facts conversion accepted it (``tests/inputs/test_schema.py`` also validates each against
the schema).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final

from rubricdsl.inputs.fact_values import _NO, _YES
from rubricdsl.inputs.facts import ID_KEY, NOT_APPLICABLE_KEY, FactSchema, FactSpec
from rubricdsl.syntax import nodes as n

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
# The decimal that inputs/facts.py reads from text: plain, or with thousands separators in groups of three.
_NUMBER: Final = r"[+-]?(\d+(\.\d*)?|\.\d+|\d{1,3}([,，]\d{3})+(\.\d*)?)"
# A count written as text: a whole number, with zeros after the point if any (`-0` is 0).
_COUNT: Final = r"(\+?(\d+|\d{1,3}([,，]\d{3})+)(\.0*)?|\+?\.0+|-(0+(\.0*)?|\.0+))"
_WAN: Final = Decimal(10000)

# (en, zh) descriptions per kind; {unit} is the money unit of the declaration
_KIND: Final = {
    n.FactKind.BOOL: (
        "yes or no: true or false (or the strings 是/否)",
        "是或否：true 或 false（也可写字符串“是”“否”）",
    ),
    n.FactKind.COUNT: ("a whole number of at least 0", "不小于 0 的整数"),
    n.FactKind.NUMBER: ("a number", "数值"),
    n.FactKind.PERCENT: (
        'a share as a number from -1 to 1 (0.95 is 95%), or a string such as "95%"',
        '以小数表示的比例（0.95 即 95%），或带百分号的字符串（如 "95%"）',
    ),
    n.FactKind.ENUM: ("one of the listed levels", "所列等级之一"),
    n.FactKind.DATE: (
        'a date written as text: "2021-12-31", "2021/12/31" or "2021年12月31日"',
        '以文字书写的日期："2021-12-31"、"2021/12/31" 或 "2021年12月31日"',
    ),
    n.FactKind.TEXT: ("text", "文本"),
    n.FactKind.LIST: ("a list of items, one object per item", "条目列表，每个条目一个对象"),
}
# the spellings inputs/facts.parse_date reads (syntax/dates.py); whether the day exists is the facts layer's F460
_DATE: Final = r"(\d{4}([-/.])\d{1,2}\2\d{1,2}([T ]00:00(:00(\.0+)?)?)?|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
_MONEY: Final = {
    "元": (
        'an amount in 元 as a number, or a string with its unit such as "50万元"',
        '以元为单位的金额数值，或带单位的字符串（如 "50万元"）',
    ),
    "万元": (
        'an amount in 万元 as a number (50 is 50万元), or a string with its unit such as "50万元"',
        '以万元为单位的金额数值（50 即 50万元），或带单位的字符串（如 "50万元"）',
    ),
}


def facts_json_schema(schema: FactSchema, title: str, lang: str = "en") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a facts file, with descriptions in ``lang`` ("en" or "zh")."""
    properties = {name: _fact_schema(spec, lang) for name, spec in schema.specs.items()}
    ids = {"enum": sorted(schema.indicator_ids)}
    properties[NOT_APPLICABLE_KEY] = {
        "description": "indicators that do not apply to this project"
        if lang == "en"
        else "不适用于本项目的指标（填写指标标识）",
        "anyOf": [ids, {"type": "array", "items": ids}],
    }
    if ID_KEY not in properties:  # the project's id, which the engine reads past, as it does `$id`
        properties[ID_KEY] = {
            "description": "the project's id (not a fact)" if lang == "en" else "项目标识（不是事实）"
        }
    required = [name for name, spec in schema.specs.items() if not spec.optional and not spec.has_default]
    return {
        "$schema": DIALECT,
        "title": title,
        "description": f"a facts file for the rubric {title}" if lang == "en" else f"评分规则“{title}”的事实文件",
        "type": "object",
        "properties": properties,
        "required": required,
        "patternProperties": {"^\\$": {}},  # `$notes`, `$id`: metadata the engine ignores
        "additionalProperties": False,
    }


def _fact_schema(spec: FactSpec, lang: str) -> dict[str, Any]:
    english = lang == "en"
    kind = spec.kind
    en, zh = _MONEY[_unit(spec)] if kind is n.FactKind.MONEY else _KIND[kind]
    description = en if english else zh
    if spec.bounds and kind is n.FactKind.LIST:
        shown = [bound.text if english else _bound_zh(bound.text) for bound in spec.bounds]
        description += f"; its number of items {', '.join(shown)}" if english else f"；条目数{'，'.join(shown)}"
    elif spec.bounds:
        shown = [bound.text if english else _bound_zh(bound.text) for bound in spec.bounds]
        description += f"; must be {', '.join(shown)}" if english else f"；{'，'.join(shown)}"
    if spec.optional or spec.has_default:
        description += "; may be left out" if english else "；可以不填"
    schema: dict[str, Any] = {"title": spec.label, "description": description}
    if kind is n.FactKind.BOOL:
        # 0 and 1 too: SQLite has no boolean type (a JSON integer is any number without a fraction: 1.0 is 1)
        schema["anyOf"] = [{"type": "boolean"}, {"type": "integer", "minimum": 0, "maximum": 1}, _text(_YES_NO)]
    elif kind is n.FactKind.ENUM:
        schema["enum"] = list(spec.level_order)
    elif kind is n.FactKind.TEXT:
        schema["type"] = "string"
    elif kind is n.FactKind.LIST:
        return schema | _list_schema(spec, lang)
    elif kind is n.FactKind.COUNT:
        schema["anyOf"] = [{"type": "integer"} | _bounds(spec, Decimal(1), {"minimum": Decimal(0)}), _text(_COUNT)]
    elif kind is n.FactKind.NUMBER:
        schema["anyOf"] = [{"type": "number"} | _bounds(spec, Decimal(1)), _text(_NUMBER)]
    elif kind is n.FactKind.DATE:
        schema |= _text(_DATE)  # never a number: a serial day and a year look alike
    elif kind is n.FactKind.PERCENT:
        number = {"type": "number"} | _bounds(spec, Decimal(1), {"minimum": Decimal(-1), "maximum": Decimal(1)})
        schema["anyOf"] = [number, _text(_NUMBER + r"\s*[%％]?")]  # text without % is a share, like a number
    else:
        schema["anyOf"] = [{"type": "number"} | _bounds(spec, spec.scale), _text(_NUMBER + r"\s*(万元|万|元)?")]
    if spec.optional or spec.has_default:  # null is a fact left out, as leaving the key out is
        if "anyOf" in schema:
            schema["anyOf"].append({"type": "null"})
        elif "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        else:
            schema["type"] = [schema["type"], "null"]
    examples = list(_examples(spec))
    if examples:
        schema["examples"] = examples
    return schema


def _list_schema(spec: FactSpec, lang: str) -> dict[str, Any]:
    """An array of objects, each field as a scalar fact's schema; the list's bounds count its items."""
    item = {
        "type": "object",
        "properties": {field.name: _fact_schema(field, lang) for field in spec.fields},
        "required": [field.name for field in spec.fields if not field.optional and not field.has_default],
        "patternProperties": {"^\\$": {}},
        "additionalProperties": False,
    }
    found: dict[str, Any] = {"type": "array", "items": item}
    counted = _bounds(spec, Decimal(1), {"minimum": Decimal(0)})
    if "minimum" in counted:
        found["minItems"] = int(counted["minimum"])
    if "maximum" in counted:
        found["maxItems"] = int(counted["maximum"])
    return found


def _any_case(word: str) -> str:
    """A pattern for ``word`` in any case, as the engine compares it (``casefold``; ``ſ`` folds to ``s``)."""
    return "".join(
        f"[{''.join(sorted({char, char.upper(), *_FOLDING_TO.get(char, '')}))}]"
        if char.isalpha() and char.isascii()
        else char
        for char in word
    )


_FOLDING_TO: Final = {"s": "\u017f", "k": "\u212a"}  # the characters outside ASCII that casefold to these
_YES_NO: Final = "(" + "|".join(_any_case(word) for word in sorted(_YES | _NO)) + ")"


def _bound_zh(text: str) -> str:
    """`> 0` → 须 > 0; `in [0%, 100%]` → 须在 [0%, 100%] 之内."""
    return f"须在 {text[3:]} 之内" if text.startswith("in ") else f"须 {text}"


def _unit(spec: FactSpec) -> str:
    return "万元" if spec.scale == _WAN else "元"


def _text(pattern: str) -> dict[str, Any]:
    return {"type": "string", "pattern": rf"^\s*{pattern}\s*$"}


def _bounds(spec: FactSpec, scale: Decimal, limits: dict[str, Decimal] | None = None) -> dict[str, Any]:
    """The declared bounds, with ``limits`` the conversion itself sets, as JSON Schema keywords on a number
    written in the facts file's unit: the tightest of each keyword, as exact JSON numbers (a bound that no
    JSON number states exactly is left to the description)."""
    found = dict(limits or {})
    for bound in spec.bounds:
        if bound.low is not None:
            key = "minimum" if bound.low_inclusive else "exclusiveMinimum"
            value = bound.low.value / scale
            found[key] = max(found.get(key, value), value)
        if bound.high is not None:
            key = "maximum" if bound.high_inclusive else "exclusiveMaximum"
            value = bound.high.value / scale
            found[key] = min(found.get(key, value), value)
    return {key: json for key, value in found.items() if (json := _json_number(value)) is not None}


def _json_number(value: Decimal) -> int | float | None:
    """``value`` as a JSON number that means exactly it, or None.  (JSON has one number type; Python's
    json module writes an int or the shortest float text, which for a short decimal is that decimal.)"""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else None


def _examples(spec: FactSpec) -> Iterator[Any]:
    """One or two values a person would write, each checked against the facts conversion."""
    yield from (value for value in _candidates(spec) if _accepted(spec, value))


def _candidates(spec: FactSpec) -> list[Any]:
    kind = spec.kind
    if kind is n.FactKind.BOOL:
        return [True, "是"]
    if kind is n.FactKind.ENUM:
        return list(spec.level_order[:1])
    if kind is n.FactKind.DATE:
        return ["2021-12-31", "2021年12月31日"]
    if kind is n.FactKind.TEXT:
        return ["专项A"]
    if kind is n.FactKind.LIST:
        return []
    within = _within_bounds(spec)
    if kind is n.FactKind.COUNT:
        return [next((value for value in [12, *within] if _integral(value) and _accepted(spec, value)), 12)]
    if kind is n.FactKind.PERCENT:
        share = next((value for value in [Decimal("0.95"), *within] if _accepted(spec, value)), Decimal("0.95"))
        return [_json_number(share), f"{_plain(share * 100)}%"]
    if kind is n.FactKind.MONEY:
        typical = Decimal(50) if spec.scale == _WAN else Decimal(500000)
        amount = next((value for value in [typical, *within] if _accepted(spec, value)), typical)
        return [_json_number(amount), f"{_plain(amount * spec.scale / _WAN)}万元"]
    number = next((value for value in [Decimal(100), *within] if _accepted(spec, value)), Decimal(100))
    return [_json_number(number)]


def _within_bounds(spec: FactSpec) -> list[Decimal]:
    """Values just inside the declared bounds, in the facts file's unit, to try when the typical one is not."""
    scale = spec.scale if spec.kind is n.FactKind.MONEY else Decimal(1)
    values: list[Decimal] = []
    for bound in spec.bounds:
        for end, step in ((bound.low, 1), (bound.high, -1)):
            if end is not None:
                edge = end.value / scale
                values += [edge, edge + step, edge + step * Decimal("0.01")]
    return values


def _integral(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and value == int(value)


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 95, 0.5, 1200."""
    return format(value.normalize(), "f")


def _accepted(spec: FactSpec, value: Any) -> bool:
    if value is None:
        return False
    alone = FactSchema((), ())  # a schema of this one fact, so the others are not reported missing
    alone.specs = {spec.name: spec}
    return not alone.validate({spec.name: value})[2]
