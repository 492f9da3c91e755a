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
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any

import pydantic

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.diagnostics.suggest import Suggester
from rubricdsl.inputs.fact_specs import (  # re-exported: facts are read through this module
    _MISSING,
    ID_KEY,
    MAX_UNKNOWN_KEYS_REPORTED,
    NOT_APPLICABLE_KEY,
    FactSpec,
    spec_of,
)
from rubricdsl.inputs.fact_values import (
    MAX_FACT_DIGITS,
    _given,
    _is_missing_marker,
    _out_of_range,
    _validator,
    parse_bool,
    parse_count,
    parse_date,
    parse_money,
    parse_percent,
    plain_scalar,
)
from rubricdsl.inputs.lists import validate_list
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.dates import day_number
from rubricdsl.syntax.numbers import scaled

__all__ = [
    "ID_KEY",
    "MAX_FACT_DIGITS",
    "MAX_UNKNOWN_KEYS_REPORTED",
    "NOT_APPLICABLE_KEY",
    "FactSchema",
    "FactSpec",
    "describe_shape",
    "parse_bool",
    "parse_count",
    "parse_date",
    "parse_money",
    "parse_percent",
    "plain_scalar",
    "spec_of",
]


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
            values = self._model.model_validate(scalars).model_dump(by_alias=True, exclude_none=True)
        except pydantic.ValidationError as error:
            bad = set()
            for item in error.errors():
                name = str(item["loc"][0])
                bad.add(name)
                problems.append(self._problem(name, item, present.get(name)))
            good = {key: value for key, value in scalars.items() if key not in bad}
            values = self._model.model_validate(good).model_dump(by_alias=True, exclude_none=True)
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
        if code == "F405":
            percent, share, share_zh = _whole_percent_hint(ctx.get("percent"))
            return messages.make(
                code,
                None,
                subject=name,
                name=name,
                label=spec.label,
                given=given,
                percent=percent,
                share=share,
                share_zh=share_zh,
            )
        if code in ("F410", "F411", "F460"):
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
        # Fields named by position, the fact's name their alias: pydantic takes a field whose name begins with
        # an underscore (a fact `_cost`, legal in the language) for a private attribute and drops its value.
        fields: dict[str, Any] = {}
        for position, (name, spec) in enumerate(self.specs.items()):
            if spec.kind is n.FactKind.LIST:
                continue
            validated = Annotated[Any, pydantic.BeforeValidator(_validator(spec))]
            fields[f"fact{position}"] = (validated, pydantic.Field(default=None, alias=name))
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


def _whole_percent_hint(value: object) -> tuple[str, str, str]:
    """F405's hint in the person's own number: 96 is offered as the share 0.96 or as "96%".  A share above 1
    is itself refused, so 150 is offered only as "150%"."""
    percent = value if isinstance(value, Decimal) else Decimal(95)
    text = format(percent.normalize(), "f")
    if abs(percent) > 100:
        return f"{text}%", "", ""
    share = format(percent.scaleb(-2).normalize(), "f")
    return f"{text}%", f"the share {share} or ", f"小数 {share} 或"
