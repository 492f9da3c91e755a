"""``rubric table`` (the blank 评价指标表) and ``rubric report`` (the scored 指标完成情况表 with a summary), in
the formats policy writers publish: Markdown, HTML (prints on A4), Excel and Word."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import fail_usage, load_or_exit
from rubricdsl.cli.exit_codes import INCOMPLETE, OK

if TYPE_CHECKING:
    from collections.abc import Callable

    from rubricdsl.compiled import CompiledRubric
    from rubricdsl.diagnostics import Diagnostic
    from rubricdsl.outputs.tables import IndicatorTable
    from rubricdsl.results.model import EvaluationResult


class TableFormat(StrEnum):
    md = "md"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"
    pdf = "pdf"


class ReportFormat(StrEnum):
    html = "html"
    xlsx = "xlsx"
    docx = "docx"
    pdf = "pdf"


_BINARY = ("xlsx", "docx")


def _format_of(requested: str | None, output: Path | None, allowed: tuple[str, ...], default: str) -> str | None:
    if requested is not None:
        return requested
    if output is not None:
        suffix = output.suffix.lower().lstrip(".")
        suffix = {"htm": "html", "markdown": "md"}.get(suffix, suffix)
        return suffix if suffix in allowed else None
    return default


def _write(
    kind: str, output: Path | None, text: str | None, binary: Callable[[Path], None] | None, language: str
) -> None:
    """Text formats to stdout or FILE (atomically); binary formats need FILE."""
    from rubricdsl.cli.spreadsheet_eval import exit_missing_extra
    from rubricdsl.inputs.spreadsheet import MissingExtra

    if text is not None:
        if output is None:
            sys.stdout.write(text)
        else:
            _write_text(output, text)
        return
    if output is None:
        raise fail_usage(
            f"--format {kind} needs --output FILE.{kind}"
            if language == "en"
            else f"--format {kind} 需要指定 --output 文件.{kind}"
        )
    assert binary is not None
    from rubricdsl.outputs.pdf import NoBrowser

    try:
        binary(output)
    except (MissingExtra, NoBrowser) as error:
        exit_missing_extra(error, language)


def _write_text(path: Path, text: str) -> None:
    from rubricdsl.outputs import write_text_atomically

    write_text_atomically(path, text, newline="\n")


@app.command("table")
def table_command(
    rubric: Annotated[Path, typer.Argument(metavar="RUBRIC", help="The rubric file.")],
    output_format: Annotated[
        TableFormat | None,
        typer.Option("--format", "-f", help="md, html, xlsx, docx or pdf (default: from -o, else md)."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    lang: LangOption = None,
) -> None:
    """The blank 评价指标表 of RUBRIC: 一级/二级/三级指标, 分值, 评价标准 (the rubric's standard text, else a
    sentence generated from the rule)."""
    from rubricdsl.outputs.tables import indicator_table

    language = resolve_lang(lang)
    _refuse_inputs(output, rubric)
    compiled = load_or_exit(rubric, language)
    kind = _format_of(output_format.value if output_format else None, output, tuple(TableFormat), "md")
    if kind is None:
        raise fail_usage(
            "give --format md|html|xlsx|docx|pdf"
            if language == "en"
            else "请用 --format md|html|xlsx|docx|pdf 指定格式"
        )
    table = indicator_table(compiled)
    _emit(kind, table, output, language, report=False)
    raise typer.Exit(OK)


@app.command("report")
def report_command(
    rubric: Annotated[Path, typer.Argument(metavar="RUBRIC", help="The rubric file.")],
    facts: Annotated[Path, typer.Argument(metavar="FACTS", help="One project's facts (.json, .yaml or .xlsx).")],
    output_format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="html, xlsx, docx or pdf (default: from -o, else html)."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    lang: LangOption = None,
) -> None:
    """The scored 指标完成情况表 of one project with a short summary: total, grade, points lost by indicator
    (扣分汇总). Exit 1 when the result is incomplete (the report says so and shows no grade)."""
    from rubricdsl.outputs.tables import indicator_table

    language = resolve_lang(lang)
    _refuse_inputs(output, rubric, facts)
    compiled = load_or_exit(rubric, language)
    kind = _format_of(output_format.value if output_format else None, output, tuple(ReportFormat), "html")
    if kind is None:
        raise fail_usage(
            "give --format html|xlsx|docx|pdf" if language == "en" else "请用 --format html|xlsx|docx|pdf 指定格式"
        )
    if not facts.is_file():
        raise fail_usage(f"no such facts file: {facts}" if language == "en" else f"找不到事实文件：{facts}")
    result, problems = _score_one(compiled, facts, language)
    from rubricdsl.render.diagnostics import render_text

    lines = [render_text(p, None, language, file_name=str(facts)) for p in problems]
    lines += [render_text(e, compiled.source, language) for e in result.errors]
    if lines:
        sys.stderr.write("\n".join(lines) + "\n")
    _emit(kind, indicator_table(compiled, result), output, language, report=True)
    raise typer.Exit(OK if result.complete and not problems else INCOMPLETE)


def _score_one(compiled: CompiledRubric, facts: Path, language: str) -> tuple[EvaluationResult, list[Diagnostic]]:
    from rubricdsl.cli.spreadsheet_eval import exit_missing_extra
    from rubricdsl.inputs.files import FactsFileError, read_facts_file
    from rubricdsl.inputs.spreadsheet import SPREADSHEET_SUFFIXES, MissingExtra, SheetProject, read_spreadsheet
    from rubricdsl.render.diagnostics import render_text

    try:
        if facts.suffix.lower() in SPREADSHEET_SUFFIXES:
            sheet = read_spreadsheet(facts, compiled.schema)
            if len(sheet.projects) != 1:
                raise fail_usage(
                    "a report is for one project; this sheet holds several rows"
                    if language == "en"
                    else "报告针对单个项目，而该工作表有多行项目"
                )
            project = sheet.projects[0]
        else:
            data = read_facts_file(facts)
            if not isinstance(data, dict):
                problems = compiled.validate_facts(data)
                sys.stderr.write(
                    "\n".join(render_text(p, None, language, file_name=str(facts)) for p in problems) + "\n"
                )
                raise typer.Exit(INCOMPLETE)
            project = SheetProject(ident=facts.stem, facts=data)
    except MissingExtra as error:
        exit_missing_extra(error, language)
    except FactsFileError as error:
        sys.stderr.write(render_text(error.diagnostic, None, language, file_name=str(facts)) + "\n")
        raise typer.Exit(INCOMPLETE) from None
    result = compiled.evaluate(project.facts)
    return result, project.locate(result.fact_problems)


def _emit(kind: str, table: IndicatorTable, output: Path | None, language: str, *, report: bool) -> None:
    if kind == "md":
        from rubricdsl.outputs.markdown import table_markdown

        _write(kind, output, table_markdown(table), None, language)
    elif kind == "html":
        from rubricdsl.outputs.html import report_page, table_page

        _write(kind, output, report_page(table) if report else table_page(table), None, language)
    elif kind == "xlsx":
        from rubricdsl.outputs import xlsx

        _write(kind, output, None, lambda path: xlsx.write_indicator_table(table, path, report=report), language)
    elif kind == "pdf":
        from rubricdsl.outputs.html import report_page, table_page
        from rubricdsl.outputs.pdf import write_pdf

        page = report_page(table) if report else table_page(table)
        _write(kind, output, None, lambda path: write_pdf(page, path), language)
    else:
        from rubricdsl.outputs import docx

        _write(
            kind, output, None, lambda path: (docx.write_report if report else docx.write_table)(table, path), language
        )


def _refuse_inputs(output: Path | None, *inputs: Path) -> None:
    """Never write over a file the command reads (same path, hard link or symlink): exit 2 (in ``main``)."""
    if output is not None:
        from rubricdsl.outputs import refuse_inputs

        refuse_inputs(output, inputs)
