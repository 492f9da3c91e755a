"""List facts at the boundary: a JSON/YAML array of objects, each item's fields read as scalar facts are.

Every item's every field is converted by the same parser a scalar fact of its type uses (so ``"12万元"``,
``"95%"`` and ``"是"`` read the same inside a list), its bounds checked, its default applied when it is left
out.  Every problem of every item is reported at once, each naming the list, the item (its 1-based position
and its name: the ``name`` field, else the first text field) and the field.  A list with any problem has no
value: what reads it is not scored (``E303``), rather than scored on the items that happened to be valid.

A CSV cell cannot hold a list; a batch file (``rubric eval`` over ``.csv``) gives a list fact as JSON text in its
cell (:func:`from_cell`), and a spreadsheet cannot give one at all (refused as a wrong type).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from pydantic_core import PydanticCustomError

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.diagnostics.suggest import did_you_mean

MAX_ITEMS = 10_000  # one project's items (its 专项, its indicators): more is a data export gone wrong

Validator = Callable[[Any], Any]


def from_cell(text: str) -> Any:
    """A CSV cell holding a list as JSON text (``[{"name": "专项A", "paid": 12}]``), numbers read exactly; a
    cell that is not JSON stays the text it is (and is then reported as not a list)."""
    stripped = text.strip()
    if not stripped.startswith("["):
        return text
    try:
        return json.loads(stripped, parse_float=Decimal, parse_int=Decimal)
    except (ValueError, RecursionError):
        return text


def validate_list(
    spec: Any,
    raw: Any,
    fields: Mapping[str, tuple[Any, Validator]],
    given: Callable[[Any], str],
    missing: Any,
) -> tuple[tuple[dict[str, Any], ...] | None, list[Diagnostic]]:
    """``raw`` as the list's items (a tuple of field → value), or None and every problem found.

    ``spec`` is the list's :class:`~rubricdsl.inputs.facts.FactSpec`; ``fields`` maps each field to its spec
    and its scalar validator; ``missing`` is the facts module's marker for "no default"."""
    name, label = spec.name, spec.label
    if isinstance(raw, str):
        raw = from_cell(raw)
    if isinstance(raw, tuple):
        raw = list(raw)
    if not isinstance(raw, list):
        return None, [messages.make("F450", None, subject=name, name=name, label=label, given=given(raw))]
    if len(raw) > MAX_ITEMS:
        problem = messages.make("F454", None, subject=name, name=name, label=label, count=len(raw), limit=MAX_ITEMS)
        return None, [problem]
    problems: list[Diagnostic] = []
    items: list[dict[str, Any]] = []
    for position, entry in enumerate(raw, start=1):
        if not isinstance(entry, Mapping):
            problems.append(
                messages.make("F451", None, subject=name, name=name, label=label, position=position, given=given(entry))
            )
            continue
        where = _item_words(position, entry, fields)
        item: dict[str, Any] = {}
        for key in entry:
            if isinstance(key, str) and key.startswith("$"):
                continue  # a note on the item, as `$notes` on the facts
            if key not in fields:
                suggestion = did_you_mean(str(key), list(fields))
                problems.append(
                    messages.make(
                        "F453",
                        None,
                        subject=name,
                        name=name,
                        label=label,
                        item=where[0],
                        item_zh=where[1],
                        field=key,
                        suggestion=suggestion,
                        fields="、".join(fields),
                        hint=suggestion is not None,
                    )
                )
        for field, (field_spec, validate) in fields.items():
            value = entry.get(field)
            if value is None:
                if field_spec.default is not missing:
                    item[field] = field_spec.default
                elif not field_spec.optional:
                    en, zh = field_spec.expected()
                    problems.append(_field_problem(spec, where, field, f"is missing, expected {en}", f"缺失，应为{zh}"))
                continue
            try:
                item[field] = validate(value)
            except PydanticCustomError as error:
                en, zh = _detail(error, field_spec, value, given)
                problems.append(_field_problem(spec, where, field, en, zh))
        items.append(item)
    if problems:
        return None, problems
    if spec.bounds:
        count = Decimal(len(items))
        bound = spec.broken_bound(count)
        if bound is not None:
            problem = messages.make(
                "F404", None, subject=name, name=name, label=label, given=f"{len(items)} items", constraint=bound.text
            )
            return None, [problem]
    return tuple(items), []


def _item_words(
    position: int, entry: Mapping[Any, Any], fields: Mapping[str, tuple[Any, Validator]]
) -> tuple[str, str]:
    """ "item 2 (专项A)" / "第 2 项（专项A）": the position and, when the item has one, its name."""
    shown = entry.get("name")
    if not isinstance(shown, str):
        first_text = next((field for field, (spec, _) in fields.items() if spec.kind.value == "text"), None)
        shown = entry.get(first_text) if first_text is not None else None
    if isinstance(shown, str) and shown.strip():
        text = shown.strip()[:40]
        return f"item {position} ({text})", f"第 {position} 项（{text}）"
    return f"item {position}", f"第 {position} 项"


def _field_problem(spec: Any, where: tuple[str, str], field: str, en: str, zh: str) -> Diagnostic:
    return messages.make(
        "F452",
        None,
        subject=spec.name,
        name=spec.name,
        label=spec.label,
        item=where[0],
        item_zh=where[1],
        field=field,
        detail=en,
        detail_zh=zh,
    )


def _detail(error: PydanticCustomError, field_spec: Any, value: Any, given: Callable[[Any], str]) -> tuple[str, str]:
    """What is wrong with one field, worded as the scalar fact codes (F403/F404/F405/F410/F411) word it."""
    context = error.context or {}
    shown = str(context.get("given", given(value)))
    code = error.type
    if code == "F404":
        constraint = context.get("constraint", "")
        return f"is `{shown}`, which breaks `{constraint}`", f"的值为 `{shown}`，不满足 `{constraint}`"
    if code == "F405":
        return f"is `{shown}`, which looks like a whole percent", f"的值为 `{shown}`，像是把百分数写成了整数"
    if code == "F410":
        return f"is `{shown}`, which is not a number", f"的值为 `{shown}`，不是有效的数字"
    if code == "F411":
        return f"is `{shown}`, which is out of range", f"的值为 `{shown}`，超出了可以计算的范围"
    en, zh = field_spec.expected()
    return f"is `{shown}`, expected {en}", f"的值为 `{shown}`，应为{zh}"
