"""The header of a facts sheet or CSV file, and a form's keys, read as facts: by id, by Chinese label (compared
after NFKC, without whitespace), as ``label（id）`` or with a unit in brackets; which headers are a project id, a
note to ignore or ``not_applicable``; and the unit a header states for the bare numbers under it.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from decimal import Decimal
from typing import Any

from rubricdsl.inputs.facts import NOT_APPLICABLE_KEY, FactSchema
from rubricdsl.syntax import nodes as n

ID_HEADERS = frozenset({"$id", "id", "项目", "项目名称", "项目编号", "项目标识", "编号"})
NOTES_HEADERS = frozenset(
    {
        "备注",
        "说明",
        "注释",
        "填写说明",
        "填写要求",
        "单位",
        "序号",
        "行号",
        "notes",
        "note",
        "remark",
        "remarks",
        "unit",
        "no",
        "no.",
    }
)
NOT_APPLICABLE_HEADERS = frozenset({NOT_APPLICABLE_KEY, "不适用", "不适用指标"})
KEY_HEADERS = frozenset({"标识", "事实", "事实名称", "名称", "指标", "项目内容", "fact", "name", "label", "id", "$id"})
VALUE_HEADERS = frozenset({"值", "填写值", "数值", "实际完成值", "指标完成情况", "完成情况", "value"})


def normalise(text: object) -> str:
    """A header or key as compared: NFKC (full-width brackets and commas are ASCII), no whitespace at all."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


_BRACKETED = re.compile(r"^(?P<label>.*?)[(\[](?P<inner>[^()\[\]]+)[)\]]$")


def _labels(schema: FactSchema) -> dict[str, list[str]]:
    found = _LABEL_CACHE.get(schema)
    if found is None:
        found = {}
        for name, spec in schema.specs.items():
            found.setdefault(normalise(spec.label), []).append(name)
        _LABEL_CACHE[schema] = found
    return found


_LABEL_CACHE: weakref.WeakKeyDictionary[FactSchema, dict[str, list[str]]] = weakref.WeakKeyDictionary()


def header_to_fact(header: object, schema: FactSchema) -> str | None:
    """The fact a column header or form key names, or None.

    Accepted, in this order: the fact's id (``budget_planned``); its Chinese label (``预算资金计划投入金额``,
    compared without spaces or line breaks and with full-width brackets as ASCII), when no other fact has
    the same label; ``label（id）`` or ``label [id]`` as the facts template writes it; a label followed by a
    unit in brackets (``预算资金计划投入金额（元）``).  ``not_applicable`` and 不适用指标 give
    ``"not_applicable"``.  For the CSV reader as much as for spreadsheets.
    """
    if header is None:
        return None
    text = normalise(header)
    if not text:
        return None
    if text in schema.specs:
        return text
    if text in NOT_APPLICABLE_HEADERS:
        return NOT_APPLICABLE_KEY
    by_label = _labels(schema)
    names = by_label.get(text)
    if names is not None and len(names) == 1:
        return names[0]
    match = _BRACKETED.match(text)
    if match is not None:
        inner, label = match["inner"], match["label"]
        if inner in schema.specs:
            return inner
        names = by_label.get(label)
        if names is not None and len(names) == 1:
            return names[0]  # 预算资金计划投入金额（元）: the unit in brackets
    return None


def shared_label(header: object, schema: FactSchema) -> tuple[str, ...]:
    """The facts whose label ``header`` is (bare or with a unit in brackets) when there are several, and which
    :func:`header_to_fact` therefore maps it to none of; else ``()``."""
    if header is None:
        return ()
    text = normalise(header)
    if not text or text in schema.specs or text in NOT_APPLICABLE_HEADERS:
        return ()
    by_label = _labels(schema)
    match = _BRACKETED.match(text)
    for label in (text, match["label"] if match is not None and match["inner"] not in schema.specs else None):
        names = by_label.get(label) if label is not None else None
        if names is not None and len(names) > 1:
            return tuple(names)
    return ()


UNITS = {"元": "元", "万元": "万元", "万": "万元", "%": "%"}


def header_unit(header: object) -> str | None:
    """The unit a header states in brackets (``…（万元）``, ``…（%）``), for the bare numbers under it."""
    match = _BRACKETED.match(normalise(header)) if header is not None else None
    return UNITS.get(match["inner"]) if match is not None else None


def in_header_unit(value: Any, cell: Any, unit: str | None, schema: FactSchema, name: str) -> Any:
    """A bare number under a header that states its unit is read in that unit: 50 under 计划投入资金（万元）
    is 50万元 whatever unit the fact is declared in, and 96 under 满意度（%） is 96%.  A cell formatted as a
    percent already holds its share and is left alone."""
    spec = schema.specs.get(name)
    if (
        unit is None
        or spec is None
        or not isinstance(value, Decimal)
        or "%" in (getattr(cell, "number_format", "") or "")
    ):
        return value
    if (unit == "%" and spec.kind is n.FactKind.PERCENT) or (unit != "%" and spec.kind is n.FactKind.MONEY):
        return f"{value:f}{unit}"
    return value


def reserved_header(header: object) -> str | None:
    """``$id`` for a project-id column, ``notes`` for a column to ignore, else None."""
    text = normalise(header).lower()
    if text in ID_HEADERS:
        return "$id"
    if text in NOTES_HEADERS or text.startswith("$"):
        return "notes"
    return None
