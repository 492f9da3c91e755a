"""``rubric eval`` with a spreadsheet on either side: facts from .xlsx (one project as a form, many as rows),
results to .xlsx (``-o results.xlsx`` or ``--format xlsx``).  eval_cmd dispatches here; the rest of eval is
unchanged."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

import typer

from rubricdsl.cli.common import fail_usage
from rubricdsl.cli.exit_codes import INCOMPLETE, OK, USAGE
from rubricdsl.diagnostics import Diagnostic

if TYPE_CHECKING:
    from rubricdsl.compiled import CompiledRubric
    from rubricdsl.inputs.spreadsheet import SheetProject
    from rubricdsl.results.model import EvaluationResult


def wants_spreadsheet(facts: Path, requested: str | None, output: Path | None) -> bool:
    from rubricdsl.inputs.spreadsheet import SPREADSHEET_SUFFIXES

    if facts.suffix.lower() in SPREADSHEET_SUFFIXES:
        return True
    return requested == "xlsx" or (output is not None and output.suffix.lower() in SPREADSHEET_SUFFIXES)


def exit_missing_extra(error: Exception, language: str) -> NoReturn:
    from rubricdsl.render.diagnostics import render_text

    diagnostic: Diagnostic = error.diagnostic  # type: ignore[attr-defined]
    sys.stderr.write(render_text(diagnostic, None, language) + "\n")
    raise typer.Exit(USAGE)


def eval_spreadsheet(
    compiled: CompiledRubric,
    facts: Path,
    requested: str | None,
    output: Path | None,
    explain: bool,
    language: str,
) -> NoReturn:
    """Score ``facts`` (.xlsx, .json or .yaml) and write text, json, csv, jsonl or xlsx; exits."""
    from rubricdsl.inputs.files import FactsFileError, read_facts_file
    from rubricdsl.inputs.spreadsheet import SPREADSHEET_SUFFIXES, MissingExtra, SheetProject, read_spreadsheet

    kind = requested or (output.suffix.lower()[1:] if output is not None else None)
    try:
        if facts.suffix.lower() in SPREADSHEET_SUFFIXES:
            sheet = read_spreadsheet(facts, compiled.schema)
            projects = sheet.projects
            many = sheet.shape == "rows"
        elif facts.suffix.lower() in (".jsonl", ".csv"):
            projects = _batch_projects(compiled, facts)
            many = True
        else:
            data = read_facts_file(facts)
            if not isinstance(data, dict):
                _print_problems(compiled.validate_facts(data), facts, language)
                raise typer.Exit(INCOMPLETE)
            projects = [SheetProject(ident=facts.stem, facts=data)]
            many = False
        if kind in ("xlsx", "xlsm"):
            _require_output(output, language)
            assert output is not None
            _refuse_more_than_a_sheet(output, len(projects) if many else 1, language)
    except MissingExtra as error:
        exit_missing_extra(error, language)
    except FactsFileError as error:
        _print_problems([error.diagnostic], facts, language)
        raise typer.Exit(INCOMPLETE) from None
    results = [(project, compiled.evaluate(project.facts)) for project in projects]
    failed = False
    for project, result in results:
        problems = project.locate(result.fact_problems)
        failed = failed or bool(problems) or not result.complete
        if problems:
            _print_problems(problems, facts, language, project.ident if many else None)
        if result.errors and not project.unreadable:
            from rubricdsl.render.diagnostics import render_text

            sys.stderr.write("\n".join(render_text(e, compiled.source, language) for e in result.errors) + "\n")
    if kind in ("xlsx", "xlsm"):
        assert output is not None
        _write_xlsx(compiled, results, output, language, many)
    elif many or kind in ("csv", "jsonl"):
        _write_rows(compiled, results, kind, output, language)
    else:
        _show_one(compiled, results[0][1], kind, output, explain, language)
    raise typer.Exit(INCOMPLETE if failed else OK)


def _batch_projects(compiled: CompiledRubric, facts: Path) -> list[SheetProject]:
    """The projects of a .jsonl or .csv file, read by cli/batch.py's readers, for results to .xlsx.

    Unlike the streaming batch, a workbook is built in memory: meant for the tens or hundreds of projects
    one publishes, not a million."""
    from rubricdsl.inputs.records import CsvHeader, read_csv, read_jsonl, read_lines, survey
    from rubricdsl.inputs.spreadsheet import SheetProject

    declared = frozenset(compiled.schema.specs)
    headers: list[CsvHeader] = []
    with facts.open("rb") as handle:  # the batch readers: same encodings (UTF-8, GB18030), line ends and caps
        lines = read_lines(handle, survey(handle), [0])
        reader = read_csv(lines, declared, headers) if facts.suffix.lower() == ".csv" else read_jsonl(lines, declared)
        records = list(reader)
    projects: list[SheetProject] = []
    for record in records:
        if record.problems:
            projects.append(SheetProject(ident=record.ident, problems=list(record.problems)))
        elif not isinstance(record.facts, dict):
            projects.append(SheetProject(ident=record.ident, problems=compiled.validate_facts(record.facts)))
        else:
            projects.append(SheetProject(ident=record.ident, facts=record.facts))
    return projects


def _problems_of(project: SheetProject, result: EvaluationResult) -> list[Diagnostic]:
    """Everything wrong with one project: reading and facts problems (with their cells), then the
    indicators that could not be scored — or only why it could not be read."""
    if project.unreadable:
        return project.locate(())
    return [*project.locate(result.fact_problems), *result.errors]


def _refuse_more_than_a_sheet(output: Path, projects: int, language: str) -> None:
    """More projects than one 汇总 sheet holds: refused before any is scored or anything written (Excel and WPS
    would cut the sheet short), as the SQL engine refuses them."""
    from rubricdsl.diagnostics import messages
    from rubricdsl.outputs.xlsx import most_projects

    if projects > most_projects():
        text = messages.phrase("xlsx.too-many-rows", language, output=output, rows=projects, limit=most_projects())
        raise fail_usage(text)


def _require_output(output: Path | None, language: str) -> None:
    if output is None:
        raise fail_usage(
            "--format xlsx needs --output FILE.xlsx"
            if language == "en"
            else "--format xlsx 需要指定 --output 文件.xlsx"
        )


def _print_problems(problems: list[Diagnostic], facts: Path, language: str, project: str | None = None) -> None:
    from rubricdsl.render.diagnostics import render_text

    if project is not None:
        sys.stderr.write((f"项目 {project}：" if language == "zh" else f"project {project}:") + "\n")
    sys.stderr.write("\n".join(render_text(p, None, language, file_name=str(facts)) for p in problems) + "\n")


def _show_one(
    compiled: CompiledRubric,
    result: EvaluationResult,
    kind: str | None,
    output: Path | None,
    explain: bool,
    language: str,
) -> None:
    if output is not None:
        raise fail_usage(
            "one project's results are written to .xlsx (or shown as text or json)"
            if language == "en"
            else "单个项目的结果可写入 .xlsx 文件（或以 text、json 格式显示）"
        )
    if kind == "json":
        from rubricdsl.render.json import dumps, result_to_dict

        sys.stdout.write(dumps(result_to_dict(result, compiled.source, language, explain=True)) + "\n")
        return
    from rich.console import Console

    from rubricdsl.render.table import print_result

    console = Console(width=None if sys.stdout.isatty() else 160)
    print_result(result, console, language, explain)


def _write_rows(
    compiled: CompiledRubric,
    results: list[tuple[SheetProject, EvaluationResult]],
    kind: str | None,
    output: Path | None,
    language: str,
) -> None:
    from rubricdsl.outputs import atomic_output
    from rubricdsl.outputs.rows import RowWriter, penalty_ids

    kind = "jsonl" if kind in ("json", "jsonl") else "csv"
    ids = tuple(info.node.id for info in compiled.checked.indicators)

    def write(out: IO[str]) -> None:
        writer = RowWriter(out, kind, ids, language, penalties=penalty_ids(compiled))
        for project, result in results:
            writer.row(project.ident, None if project.unreadable else result, _problems_of(project, result))
        writer.finish()

    if output is None:
        write(sys.stdout)
        sys.stdout.flush()
    else:
        with atomic_output(output) as out:
            write(out)


def _write_xlsx(
    compiled: CompiledRubric,
    results: list[tuple[SheetProject, EvaluationResult]],
    output: Path,
    language: str,
    many: bool,
) -> None:
    from rubricdsl.inputs.spreadsheet import MissingExtra
    from rubricdsl.outputs.xlsx import write_results

    try:
        write_results(
            compiled,
            [(project.ident, result, _problems_of(project, result)) for project, result in results],
            output,
            many=many,
        )
    except MissingExtra as error:
        exit_missing_extra(error, language)
