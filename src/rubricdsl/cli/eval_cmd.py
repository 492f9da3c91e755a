"""``rubric eval``: score one facts file and show why each point was given or lost."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import fail_usage, load_or_exit
from rubricdsl.cli.exit_codes import INCOMPLETE, OK
from rubricdsl.cli.sql_engine import Engine, EngineOption, KeyOption, run_sql_engine

if TYPE_CHECKING:
    from rubricdsl.compiled import CompiledRubric


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    jsonl = "jsonl"
    xlsx = "xlsx"


BATCH_HELP = (
    "Output format. One facts file: text (default) or json. Many (.jsonl or .csv: one project per line or "
    "row): csv or jsonl, one row per project with id ($id or id field, else the line number), total, grade, "
    "complete, problems and every indicator's score; by default the --output file's suffix decides, else "
    "the input's own format."
)


@app.command("eval")
def eval_command(
    rubric: Annotated[Path, typer.Argument(metavar="RUBRIC", help="The rubric file.")],
    facts: Annotated[
        Path,
        typer.Argument(
            metavar="FACTS", help="The facts file (.json, .yaml or .yml), or many projects (.jsonl or .csv)."
        ),
    ],
    output_format: Annotated[OutputFormat | None, typer.Option("--format", "-f", help=BATCH_HELP)] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write batch results here instead of stdout.")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the rule line and the values each score read.")
    ] = False,
    excel: Annotated[
        bool,
        typer.Option("--excel", help="CSV for Excel/WPS: a UTF-8 byte-order mark and Chinese column headers."),
    ] = False,
    lang: LangOption = None,
    engine: EngineOption = Engine.python,
    key: KeyOption = "id",
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Many projects (.jsonl or .csv): score in this many processes; the rows are the same, in the same order.",
        ),
    ] = 1,
) -> None:
    """Score FACTS against RUBRIC (exit 0 scored, 1 incomplete or facts invalid — for many projects, any of
    them — 2 rubric invalid). Many projects stream: one row out per line or row in, a progress bar on a terminal."""
    from rubricdsl.inputs.files import FactsFileError, read_facts_file
    from rubricdsl.render.diagnostics import render_text

    language = resolve_lang(lang)
    compiled = load_or_exit(rubric, language)
    if engine is Engine.sql:
        run_sql_engine(compiled, facts, output, key, language, rubric)
    if not facts.is_file():
        raise fail_usage(f"no such facts file: {facts}" if language == "en" else f"找不到事实文件：{facts}")
    from rubricdsl.cli.spreadsheet_eval import eval_spreadsheet, wants_spreadsheet

    requested = output_format.value if output_format is not None else None
    if wants_spreadsheet(facts, requested, output):  # .xlsx facts in, or results out to .xlsx
        eval_spreadsheet(compiled, facts, requested, output, explain, language)
    if facts.suffix.lower() in (".jsonl", ".csv"):
        _batch(compiled, rubric, facts, output_format, output, language, excel=excel, jobs=jobs)
    if output_format in (OutputFormat.csv, OutputFormat.jsonl) or output is not None:
        raise fail_usage(
            "--format csv/jsonl and --output are for many projects (.jsonl or .csv facts)"
            if language == "en"
            else "--format csv/jsonl 与 --output 仅用于批量评分（.jsonl 或 .csv 事实文件）"
        )
    try:
        data = read_facts_file(facts)
    except FactsFileError as error:
        sys.stderr.write(render_text(error.diagnostic, None, language, file_name=str(facts)) + "\n")
        raise typer.Exit(INCOMPLETE) from None
    if not isinstance(data, dict):
        problems = compiled.validate_facts(data)
        sys.stderr.write("\n".join(render_text(p, None, language, file_name=str(facts)) for p in problems) + "\n")
        raise typer.Exit(INCOMPLETE)
    result = compiled.evaluate(data)
    if output_format is OutputFormat.json:
        from rubricdsl.render.json import dumps, result_to_dict

        sys.stdout.write(dumps(result_to_dict(result, compiled.source, language, explain=True)) + "\n")
    else:
        from rich.console import Console

        from rubricdsl.render.table import print_result

        console = Console(width=None if sys.stdout.isatty() else 160)
        print_result(result, console, language, explain)
    if result.fact_problems:
        header = (
            f"{facts}: {len(result.fact_problems)} 个事实问题"
            if language == "zh"
            else f"{facts}: {len(result.fact_problems)} problem(s) with the facts"
        )
        body = "\n".join(render_text(p, None, language, file_name=str(facts)) for p in result.fact_problems)
        sys.stderr.write(f"{header}\n{body}\n")
    if result.errors:
        sys.stderr.write("\n".join(render_text(e, compiled.source, language) for e in result.errors) + "\n")
    from rubricdsl.testing.expectations import check_facts  # `$expect`: a claim that does not hold exits 1

    unmet = check_facts(result, data)
    if unmet:
        sys.stderr.write("\n".join(render_text(d, None, language, file_name=str(facts)) for d in unmet) + "\n")
    raise typer.Exit(OK if result.complete and not unmet else INCOMPLETE)


def _batch(
    compiled: CompiledRubric,
    rubric: Path,
    facts: Path,
    requested: OutputFormat | None,
    output: Path | None,
    language: str,
    *,
    excel: bool = False,
    jobs: int = 1,
) -> NoReturn:
    from rubricdsl.cli.batch import output_format, run_batch
    from rubricdsl.diagnostics import Text
    from rubricdsl.diagnostics.messages import cli_text
    from rubricdsl.inputs.records import BatchFileError
    from rubricdsl.outputs import OutputError, atomic_output, refuse_inputs
    from rubricdsl.render.diagnostics import render_text
    from rubricdsl.render.safe_text import safe_text

    kind = output_format(requested.value if requested is not None else None, facts, output)
    if kind not in ("csv", "jsonl"):
        raise fail_usage("batch output is csv or jsonl")
    notices: list[Text] = []
    progress = sys.stderr.isatty()
    try:
        if output is None:
            counts = run_batch(
                compiled,
                facts,
                kind,
                sys.stdout,
                progress=progress,
                lang=language,
                notices=notices,
                excel=excel,
                jobs=jobs,
            )
            sys.stdout.flush()
        else:
            refuse_inputs(output, (facts, rubric))
            with atomic_output(output) as out:
                counts = run_batch(
                    compiled,
                    facts,
                    kind,
                    out,
                    progress=progress,
                    lang=language,
                    notices=notices,
                    excel=excel,
                    jobs=jobs,
                )
    except OutputError as error:
        raise fail_usage(error.text.in_lang(language)) from None
    except BatchFileError as error:
        text = cli_text("batch-unreadable", file=str(facts), detail=error.text.en, detail_zh=error.text.zh)
        sys.stderr.write(f"rubric: {safe_text(text.in_lang(language))}\n")
        raise typer.Exit(INCOMPLETE) from None
    for notice in notices:  # they quote column names from the file
        sys.stderr.write(f"rubric: {safe_text(notice.in_lang(language))}\n")
    for problem in counts.shown:
        sys.stderr.write(render_text(problem, None, language, file_name=str(facts)) + "\n")
    if counts.incomplete or counts.unreadable:
        sys.stderr.write(f"rubric: {counts.summary().in_lang(language)}\n")
    raise typer.Exit(INCOMPLETE if counts.incomplete or counts.unreadable else OK)
