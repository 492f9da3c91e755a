"""Results as JSON with exact numbers.

Scores are written as JSON numbers whose text is the Decimal's own (``98.375``, never ``98.37499999``), so a
consumer parsing with ``Decimal`` gets the exact value back and one using floats gets the nearest float.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from rubricdsl.reading.source import SourceFile
from rubricdsl.render.diagnostics import to_json
from rubricdsl.results.completeness import incomplete_reasons, unscored
from rubricdsl.results.model import EvaluationResult

SCHEMA_VERSION = 1


def number(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.to_integral_value()
    # Strip trailing zeros from the exact text; `normalize()` would round to the ambient 28 digits.
    return Decimal(format(value, "f").rstrip("0"))


def result_to_dict(
    result: EvaluationResult, source: SourceFile | None = None, lang: str = "en", explain: bool = True
) -> dict[str, Any]:
    indicators = []
    for item in result.indicators:
        entry: dict[str, Any] = {
            "id": item.id,
            "label": item.label,
            "path": list(item.path),
            "path_labels": list(item.path_labels),
            "points": number(item.points),
            "score": number(item.score),
            "lost": number(item.lost),
            "status": item.status,
            "rule": item.rule,
            "reason": item.reason.in_lang(lang),
            "standard": item.standard,
        }
        if explain:
            entry["branch"] = item.branch
            entry["line"] = item.line
            entry["reads"] = {read.name: _plain(read.value) for read in item.reads}
            if item.raw_score != item.score:
                entry["raw_score"] = number(item.raw_score)
        if item.error is not None:
            entry["error"] = to_json(item.error, source, lang)
        indicators.append(entry)
    sections = [
        {
            "id": s.id,
            "label": s.label,
            "path": list(s.path),
            "points": number(s.points),
            "applicable_points": number(s.applicable_points),
            "score": number(s.score),
            "vetoed": s.vetoed,
            "children": list(s.children),
        }
        for s in result.sections
    ]
    return {
        # First, so a reader that stops early still knows whether the numbers below are final.
        "complete": result.complete,
        "incomplete_reasons": [reason.in_lang(lang) for reason in incomplete_reasons(result)],
        "unscored": [item.id for item in unscored(result)],
        "schema_version": SCHEMA_VERSION,
        "rubric": result.rubric_id,
        "title": result.rubric_label,
        "meta": dict(result.meta),
        "rubric_hash": f"sha256:{result.rubric_hash}",
        "total": number(result.total),
        "max": number(result.max),
        "grade": result.grade,
        "steps": [
            {
                "kind": step.kind,
                "before": number(step.before),
                "after": number(step.after),
                "text": step.text.in_lang(lang),
            }
            for step in result.steps
        ],
        "indicators": indicators,
        "sections": sections,
        "fact_problems": [to_json(problem, None, lang) for problem in result.fact_problems],
        "errors": [to_json(error, source, lang) for error in result.errors],
    }


def _plain(value: Any) -> Any:
    return number(value) if isinstance(value, Decimal) else value


def dumps(data: Any, indent: int | None = 2) -> str:
    """``json.dumps`` that writes Decimal values as exact JSON numbers."""
    placeholders: dict[str, str] = {}

    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            key = f"\x00{len(placeholders)}\x00"
            placeholders[key] = format(value, "f")
            return key
        raise TypeError(f"cannot serialise {type(value).__name__}")

    text = json.dumps(data, ensure_ascii=False, indent=indent, default=default)
    for key, literal in placeholders.items():
        text = text.replace(json.dumps(key), literal, 1)
    return text
