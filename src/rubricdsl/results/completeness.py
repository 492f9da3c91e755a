"""What makes a result incomplete, said where the total is: an incomplete result never looks final.

Every output (the table, ``--explain``, JSON, batch rows) marks an incomplete total and grade with these
texts, so a report printed to a file says so on the page, not only on stderr and in the exit code.
"""

from __future__ import annotations

from rubricdsl.diagnostics import Severity, Text
from rubricdsl.results.model import EvaluationResult, IndicatorResult

FAILED = "error"


def unscored(result: EvaluationResult) -> tuple[IndicatorResult, ...]:
    """The indicators that could not be scored (their score counts as nothing in the total)."""
    if result.complete:
        return ()
    return tuple(item for item in result.indicators if item.status == FAILED)


def incomplete_reasons(result: EvaluationResult) -> tuple[Text, ...]:
    """Why the result is not final, shortest first: indicators not scored, vetoes not checked, the facts."""
    if result.complete:
        return ()
    reasons: list[Text] = []
    failed = len(unscored(result))
    if failed:
        reasons.append(
            Text(f"{failed} {'indicator' if failed == 1 else 'indicators'} not scored", f"{failed} 项未评分")
        )
    vetoes = sum(1 for error in result.errors if error.code == "E309")
    if vetoes:
        plural = "condition" if vetoes == 1 else "conditions"
        reasons.append(Text(f"{vetoes} veto {plural} not evaluated", f"{vetoes} 项否决条件无法计算"))
    if any(error.code == "E305" for error in result.errors):
        reasons.append(Text("no indicator applicable", "没有适用的指标"))
    failing = [problem for problem in result.fact_problems if problem.severity is not Severity.WARNING]
    if failing and not reasons:  # a fact problem that failed no indicator (an unknown name, an assertion, …)
        count = len(failing)
        reasons.append(Text(f"{count} {'problem' if count == 1 else 'problems'} with the facts", f"{count} 个事实问题"))
    if not reasons:
        reasons.append(Text(f"{len(result.errors)} errors", f"{len(result.errors)} 个错误"))
    return tuple(reasons)


def incomplete_text(result: EvaluationResult) -> Text | None:
    """``incomplete: 2 indicators not scored`` / ``不完整：2 项未评分``, None for a complete result."""
    reasons = incomplete_reasons(result)
    if not reasons:
        return None
    return Text(
        "incomplete: " + ", ".join(reason.en for reason in reasons),
        "不完整：" + "，".join(reason.zh for reason in reasons),
    )


def grade_text(result: EvaluationResult, lang: str) -> str:
    """The grade, marked as not final when the result is incomplete: ``良（未定）``."""
    if result.complete:
        return result.grade
    return f"{result.grade}（未定）" if lang == "zh" else f"{result.grade} (not final)"
