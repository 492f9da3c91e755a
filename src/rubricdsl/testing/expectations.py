"""``$expect`` in a facts file: what the author claims the result is, checked against the real result.

A facts file may say ``"$expect": {"total": 98, "grade": "优", "complete": true, "scores": {"budget": 5},
"status": {"ecology": "not_applicable"}}``; every key is optional.  Numbers are compared as exact Decimal
values, so ``98``, ``98.0`` and ``"98.00"`` all mean 98 and ``98.001`` does not; there is no tolerance (a
rubric that rounds states its places, and ``$expect`` writes the rounded value).  A score of ``null`` means
the indicator has no score (not applicable, or it failed).  A malformed ``$expect`` is a problem of its own
(T502), never silently ignored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.diagnostics.suggest import did_you_mean
from rubricdsl.inputs.facts import MAX_FACT_DIGITS
from rubricdsl.results.display import number_text
from rubricdsl.results.model import EvaluationResult

EXPECT_KEY = "$expect"
KEYS = ("total", "grade", "complete", "scores", "status")
STATUSES = ("scored", "not_applicable", "error")
_SHOWN = 40


@dataclass(frozen=True)
class Expectation:
    """The claims of one ``$expect``; ``None`` (or absent from a mapping) means "not claimed"."""

    total: Decimal | None = None
    grade: str | None = None
    complete: bool | None = None
    scores: Mapping[str, Decimal | None] = field(default_factory=dict)
    status: Mapping[str, str] = field(default_factory=dict)


def exact_number(value: Any) -> Decimal | None:
    """``value`` as an exact Decimal (a YAML float by its shortest text), or None when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return None
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    if not number.is_finite():
        return None
    adjusted = number.adjusted()  # 1e999999999 would print as a billion digits; a fact has at most 40
    if adjusted >= MAX_FACT_DIGITS or (adjusted < -MAX_FACT_DIGITS and number):
        return None
    return number


def _cut(value: object) -> str:
    """A value from the file as shown in a message: at most a few dozen characters."""
    text = str(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _invalid(en: str, zh: str) -> Diagnostic:
    return messages.make("T502", None, detail=en, detail_zh=zh, subject=EXPECT_KEY)


def read_expectation(raw: Any, indicator_ids: tuple[str, ...]) -> tuple[Expectation | None, list[Diagnostic]]:
    """Parse the value of ``$expect``; every problem is listed (T502) and the claims that parse are kept."""
    if not isinstance(raw, Mapping):
        return None, [_invalid("it must be an object of claims", "应为由各项预期组成的对象")]
    problems: list[Diagnostic] = []
    for key in raw:
        if key not in KEYS:
            suggestion = did_you_mean(str(key), KEYS)
            also = f"; did you mean `{suggestion}`?" if suggestion else ""
            also_zh = f"；是否想写 `{suggestion}`？" if suggestion else ""
            problems.append(
                _invalid(
                    f"unknown key `{_cut(key)}` (known: {', '.join(KEYS)}){also}",
                    f"未知的键 `{_cut(key)}`（可用：{'、'.join(KEYS)}）{also_zh}",
                )
            )
    total: Decimal | None = None
    if raw.get("total") is not None:
        total = exact_number(raw["total"])
        if total is None:
            problems.append(_invalid("`total` must be a number (at most 40 digits)", "`total` 应为数值（最多 40 位）"))
    grade = raw.get("grade")
    if grade is not None and not isinstance(grade, str):
        problems.append(_invalid("`grade` must be a grade name such as 优", "`grade` 应为等级名称，如 优"))
        grade = None
    complete = raw.get("complete")
    if complete is not None and not isinstance(complete, bool):
        problems.append(_invalid("`complete` must be true or false", "`complete` 应为 true 或 false"))
        complete = None
    scores: dict[str, Decimal | None] = {}
    for ident, wanted in _claims(raw, "scores", indicator_ids, problems).items():
        number = None if wanted is None else exact_number(wanted)
        if wanted is not None and number is None:
            problems.append(
                _invalid(
                    f"`scores.{ident}` must be a number (at most 40 digits) or null",
                    f"`scores.{ident}` 应为数值（最多 40 位）或 null",
                )
            )
            continue
        scores[ident] = number
    status: dict[str, str] = {}
    for ident, wanted in _claims(raw, "status", indicator_ids, problems).items():
        if wanted not in STATUSES:
            problems.append(
                _invalid(
                    f"`status.{ident}` must be one of {', '.join(STATUSES)}",
                    f"`status.{ident}` 应为以下之一：{'、'.join(STATUSES)}",
                )
            )
            continue
        status[ident] = wanted
    return Expectation(total, grade, complete, scores, status), problems


def _claims(raw: Mapping[str, Any], key: str, ids: tuple[str, ...], problems: list[Diagnostic]) -> dict[str, Any]:
    """The ``indicator id → value`` claims under ``key``, each id checked against the rubric's."""
    found = raw.get(key)
    if found is None:
        return {}
    if not isinstance(found, Mapping):
        problems.append(_invalid(f"`{key}` must map indicator ids to values", f"`{key}` 应为“指标标识: 值”的对象"))
        return {}
    claims: dict[str, Any] = {}
    for ident, value in found.items():
        if ident not in ids:
            suggestion = did_you_mean(str(ident), ids)
            also = f"; did you mean `{suggestion}`?" if suggestion else ""
            also_zh = f"；是否想写 `{suggestion}`？" if suggestion else ""
            problems.append(
                _invalid(
                    f"`{key}` names `{_cut(ident)}`, which is not an indicator{also}",
                    f"`{key}` 中的 `{_cut(ident)}` 不是指标{also_zh}",
                )
            )
            continue
        claims[ident] = value
    return claims


def _shown(value: Decimal | None) -> str:
    return "null" if value is None else number_text(value)


def _mismatch(what: str, expected: str, got: str, help_en: str = "", help_zh: str = "") -> Diagnostic:
    return messages.make(
        "T501", None, what=what, expected=expected, got=got, help=help_en, help_zh=help_zh, subject=what
    )


def compare(result: EvaluationResult, expectation: Expectation, *, implied_complete: bool = False) -> list[Diagnostic]:
    """One T501 per claim the result does not meet.

    With ``implied_complete`` an expectation that does not mention ``complete`` also claims the result is
    complete (``rubric test``: a case that scores incompletely never passes by accident).
    """
    found: list[Diagnostic] = []
    if expectation.total is not None and result.total != expectation.total:
        found.append(_mismatch("total", _shown(expectation.total), _shown(result.total)))
    if expectation.grade is not None and result.grade != expectation.grade:
        found.append(_mismatch("grade", _cut(expectation.grade), result.grade))
    wanted_complete = expectation.complete
    if wanted_complete is None and implied_complete:
        wanted_complete = True
    if wanted_complete is not None and result.complete is not wanted_complete:
        implied = expectation.complete is None
        found.append(
            _mismatch(
                "complete",
                "true" if wanted_complete else "false",
                "true" if result.complete else "false",
                "`$expect` does not say `complete: false`, so the case must score completely" if implied else "",
                "`$expect` 未写明 `complete: false`，因此该用例必须完整评分" if implied else "",
            )
        )
    scores = result.scores()
    for ident, wanted in expectation.scores.items():
        got = scores.get(ident)
        if got != wanted:
            found.append(_mismatch(f"scores.{ident}", _shown(wanted), _got_score(result, ident, got)))
    for ident, wanted_status in expectation.status.items():
        got_status = result.indicator(ident).status
        if got_status != wanted_status:
            found.append(_mismatch(f"status.{ident}", wanted_status, got_status))
    return found


def _got_score(result: EvaluationResult, ident: str, got: Decimal | None) -> str:
    if got is not None:
        return number_text(got)
    return f"null ({result.indicator(ident).status})"


def check_facts(
    result: EvaluationResult, facts: Mapping[str, Any], *, implied_complete: bool = False
) -> list[Diagnostic]:
    """Every problem with the ``$expect`` of ``facts`` and every claim the result does not meet; ``[]`` when
    there is no ``$expect`` or it holds."""
    if EXPECT_KEY not in facts:
        return []
    ids = tuple(result.scores())
    expectation, problems = read_expectation(facts[EXPECT_KEY], ids)
    if expectation is None:
        return problems
    return problems + compare(result, expectation, implied_complete=implied_complete)
