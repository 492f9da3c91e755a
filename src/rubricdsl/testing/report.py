"""The report of ``rubric test``: text like pytest (a line per case, the summary last) and JSON.

The closing line of the text report is always ``N passed, N failed`` (in both languages, so scripts and
people read the same thing).  Diagnostics are rendered by :mod:`rubricdsl.render.diagnostics`.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from typing import Any

from rubricdsl.diagnostics import Diagnostic
from rubricdsl.diagnostics.messages import phrase
from rubricdsl.render.diagnostics import render_all, render_text, to_json
from rubricdsl.render.json import number
from rubricdsl.testing.coverage import Coverage, RubricCoverage, percent, percent_text
from rubricdsl.testing.runner import CaseResult, SuiteResult, Totals

SCHEMA_VERSION = 1


def summary_line(totals: Totals) -> str:
    return f"{totals.passed} passed, {totals.failed} failed"


def _indented(diagnostic: Diagnostic, lang: str) -> list[str]:
    """A diagnostic under its case: as ``render_text`` writes it without a location, indented."""
    return ["  " + line for line in render_text(diagnostic, None, lang).split("\n")]


def case_lines(case: CaseResult, suite: SuiteResult, lang: str) -> list[str]:
    mark = "PASS" if case.passed else "FAIL"
    head = f"{mark} {case.name}"
    if not case.has_expectation and case.result is not None:
        head += ("" if lang == "zh" else " ") + phrase(
            "test.no-expect-pass" if case.passed else "test.no-expect-fail", lang
        )
    lines = [head]
    if case.passed:
        return lines
    if not suite.valid:
        lines.append("  " + phrase("test.rubric-invalid", lang, rubric=suite.rubric))
    for diagnostic in case.unmet:
        if diagnostic.code == "T501":
            lines.append("  " + diagnostic.message.in_lang(lang))
            if diagnostic.hint is not None:
                lines.append(f"    = {'提示' if lang == 'zh' else 'help'}: {diagnostic.hint.in_lang(lang)}")
    for diagnostic in [*(d for d in case.unmet if d.code != "T501"), *case.problems]:
        lines += _indented(diagnostic, lang)
    return lines


def coverage_lines(coverage: Coverage, lang: str) -> list[str]:
    lines = [f"{phrase('test.coverage', lang)}: {_ratio(coverage.covered, coverage.total)}"]
    for rubric in coverage.rubrics:
        lines.append(f"  {rubric.name}: {_ratio(rubric.covered, rubric.total)}")
        for found in rubric.indicators.values():
            lines.append(f"    {found.id} {found.label} ({found.rule}): {found.covered_count}/{found.total}")
            for outcome in found.uncovered:
                lines.append(f"      {phrase('test.line', lang, line=outcome.line)}: {outcome.text.in_lang(lang)}")
            for outcome in found.unreachable:
                where = phrase("test.line", lang, line=outcome.line)
                lines.append(f"      {where}: {outcome.text.in_lang(lang)} ({phrase('test.unreachable', lang)})")
    return lines


def _ratio(covered: int, total: int) -> str:
    return f"{covered}/{total} ({percent_text(percent(covered, total))}%)"


def text_report(
    suites: list[SuiteResult],
    lang: str,
    coverage: Coverage | None = None,
    unattributed: int = 0,
    extra: list[str] | None = None,
) -> str:
    """The whole text report; rubric diagnostics first, then a line per case, then coverage, the summary last."""
    lines: list[str] = []
    for suite in suites:
        if not suite.valid:
            lines += [render_all(suite.errors, suite.source, lang), ""]
    for suite in suites:
        for case in suite.cases:
            lines += case_lines(case, suite, lang)
    if coverage is not None:
        lines += ["", *coverage_lines(coverage, lang)]
        if unattributed:
            lines.append(phrase("test.unattributed", lang, count=unattributed))
    if extra:
        lines += ["", *extra]
    totals = Totals.of(suites)
    lines.append("")
    if totals.without_expectation:
        lines.append(phrase("test.without-expect", lang, count=totals.without_expectation))
    lines.append(summary_line(totals))
    return "\n".join(lines) + "\n"


def _percent_number(value: Fraction) -> Decimal | None:
    """The percent rounded down to two places (documented), as a JSON number."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return number(exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN))


def coverage_dict(coverage: Coverage, lang: str, unattributed: int = 0) -> dict[str, Any]:
    return {
        "covered": coverage.covered,
        "total": coverage.total,
        "percent": _percent_number(coverage.percent),
        "unattributed": unattributed,
        "rubrics": [_rubric_coverage(rubric, lang) for rubric in coverage.rubrics],
    }


def _rubric_coverage(rubric: RubricCoverage, lang: str) -> dict[str, Any]:
    return {
        "rubric": rubric.name,
        "covered": rubric.covered,
        "total": rubric.total,
        "indicators": [
            {
                "id": found.id,
                "label": found.label,
                "rule": found.rule,
                "covered": found.covered_count,
                "total": found.total,
                "outcomes": [
                    {
                        "outcome": " ".join(str(part) for part in outcome.key),
                        "text": outcome.text.in_lang(lang),
                        "line": outcome.line,
                        "reachable": outcome.reachable,
                        "covered": outcome.key in found.covered,
                    }
                    for outcome in found.outcomes
                ],
            }
            for found in rubric.indicators.values()
        ],
    }


def _case_dict(case: CaseResult, suite: SuiteResult, lang: str) -> dict[str, Any]:
    result = case.result
    return {
        "name": case.name,
        "rubric": suite.rubric,
        "passed": case.passed,
        "has_expect": case.has_expectation,
        "total": number(result.total) if result is not None else None,
        "grade": result.grade if result is not None else None,
        "complete": result.complete if result is not None else None,
        "failures": [to_json(d, None, lang) for d in case.unmet],
        "problems": [to_json(d, suite.compiled.source if suite.compiled else None, lang) for d in case.problems],
    }


def json_report(
    suites: list[SuiteResult],
    lang: str,
    coverage: Coverage,
    suggestions: list[dict[str, Any]] | None = None,
    unattributed: int = 0,
) -> dict[str, Any]:
    totals = Totals.of(suites)
    report: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "passed": totals.passed,
        "failed": totals.failed,
        "without_expect": totals.without_expectation,
        "rubrics": [
            {
                "rubric": suite.rubric,
                "valid": suite.valid,
                "errors": [to_json(d, suite.source, lang) for d in suite.errors],
            }
            for suite in suites
        ],
        "cases": [_case_dict(case, suite, lang) for suite in suites for case in suite.cases],
        "coverage": coverage_dict(coverage, lang, unattributed),
    }
    if suggestions is not None:
        report["suggestions"] = suggestions
    return report
