"""``rubric test``: run facts files against their rubrics, check their ``$expect``, report band coverage."""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import fail_usage
from rubricdsl.cli.exit_codes import INCOMPLETE, OK, USAGE
from rubricdsl.diagnostics.messages import phrase

if TYPE_CHECKING:
    from rubricdsl.testing.coverage import Coverage
    from rubricdsl.testing.runner import SuiteResult


class TestFormat(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"


@app.command("test")
def test_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[RUBRIC FACTS…|PATH…]",
            help="A rubric and the facts files to run against it; or folders (default .), rubrics and facts "
            "files whose cases are found by name (NAME.rubric with NAME*.facts.json|yaml|yml) or by $rubric.",
        ),
    ] = None,
    output_format: Annotated[TestFormat, typer.Option("--format", "-f", help="text, json or junit (XML).")] = (
        TestFormat.text
    ),
    coverage: Annotated[
        bool, typer.Option("--coverage", help="Print which bands, branches and items the cases reached.")
    ] = False,
    min_coverage: Annotated[
        str | None, typer.Option("--min-coverage", metavar="P", help="Fail (exit 1) below P percent coverage.")
    ] = None,
    suggest: Annotated[
        bool, typer.Option("--suggest", help="Print fact sets that reach the uncovered bands, each checked.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Run test cases: each facts file is scored and its $expect checked (exit 0 all passed, 1 a case failed
    or coverage is below --min-coverage, 2 an invalid rubric, a missing file or no cases)."""
    from rubricdsl.diagnostics import messages
    from rubricdsl.render.diagnostics import render_text
    from rubricdsl.testing.coverage import Coverage, RubricCoverage
    from rubricdsl.testing.discovery import RUBRIC_SUFFIX, discover, explicit
    from rubricdsl.testing.runner import Totals, run_suite

    language = resolve_lang(lang)
    minimum = _minimum(min_coverage, language)
    given = list(paths or [Path(".")])
    for path in given:
        if not path.exists():
            raise fail_usage(phrase("test.no-such-path", language, path=path))
    if given[0].is_file() and given[0].name.endswith(RUBRIC_SUFFIX) and len(given) > 1:
        found = explicit(given[0], given[1:])
    else:
        found = discover(given)
    usage_problem = False
    for facts, problem in found.problems:
        sys.stderr.write(render_text(problem, None, language, file_name=facts.as_posix()) + "\n")
        usage_problem = usage_problem or problem.code == "T503"
    if found.case_count == 0:
        where = " ".join(path.as_posix() for path in given)
        sys.stderr.write(render_text(messages.make("T505", None, where=where), None, language) + "\n")
        raise typer.Exit(USAGE)
    suites = [run_suite(suite) for suite in found.suites]
    measured = Coverage()
    unattributed = 0
    # The range analysis behind coverage is only run when something shows it.
    wanted = coverage or minimum is not None or suggest or output_format is TestFormat.json
    for suite in suites if wanted else ():
        if suite.compiled is None:
            continue
        rubric_coverage = RubricCoverage(suite.compiled, suite.rubric)
        for case in suite.cases:
            if case.result is not None:
                unattributed += len(rubric_coverage.record(case.result))
        measured.rubrics.append(rubric_coverage)
    suggestions = None
    if suggest:
        from rubricdsl.testing.suggest import suggest_all

        suggestions = suggest_all(suites, measured, language)
    _write(suites, measured, output_format, language, coverage or minimum is not None, unattributed, suggestions)
    totals = Totals.of(suites)
    below = minimum is not None and measured.percent < minimum
    if below:
        from rubricdsl.testing.coverage import percent_text

        problem = messages.make("T506", None, got=percent_text(measured.percent), minimum=_shown_minimum(min_coverage))
        sys.stderr.write(render_text(problem, None, language) + "\n")
    if usage_problem or any(not suite.valid for suite in suites):
        raise typer.Exit(USAGE)
    raise typer.Exit(INCOMPLETE if totals.failed or below else OK)


def _minimum(text: str | None, lang: str) -> Fraction | None:
    if text is None:
        return None
    try:
        value = Decimal(text.strip().rstrip("%"))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not 0 <= value <= 100:
        raise fail_usage(phrase("test.bad-minimum", lang, given=text))
    return Fraction(value)


def _shown_minimum(text: str | None) -> str:
    return (text or "").strip().rstrip("%")


def _write(
    suites: list[SuiteResult],
    measured: Coverage,
    output_format: TestFormat,
    language: str,
    show_coverage: bool,
    unattributed: int,
    suggestions: list[dict[str, Any]] | None,
) -> None:
    if output_format is TestFormat.json:
        from rubricdsl.render.json import dumps
        from rubricdsl.testing.report import json_report

        sys.stdout.write(dumps(json_report(suites, language, measured, suggestions, unattributed)) + "\n")
    elif output_format is TestFormat.junit:
        from rubricdsl.testing.junit import junit_report

        sys.stdout.write(junit_report(suites, language))
    else:
        from rubricdsl.testing.report import text_report

        extra = None
        if suggestions is not None:
            from rubricdsl.testing.suggest import suggestion_lines

            extra = suggestion_lines(suggestions, language)
        sys.stdout.write(text_report(suites, language, measured if show_coverage else None, unattributed, extra))
