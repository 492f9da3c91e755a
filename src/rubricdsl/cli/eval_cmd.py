"""``rubric eval``: score one facts file and show why each point was given or lost."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import fail_usage, load_or_exit
from rubricdsl.cli.exit_codes import INCOMPLETE, OK


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("eval")
def eval_command(
    rubric: Annotated[Path, typer.Argument(help="The rubric file.")],
    facts: Annotated[Path, typer.Argument(help="The facts file (.json, .yaml or .yml).")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the rule line and the values each score read.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Score FACTS against RUBRIC (exit 0 scored, 1 incomplete or facts invalid, 2 rubric invalid)."""
    from rubricdsl.factfiles import FactsFileError, read_facts_file
    from rubricdsl.render.diagnostics import render_text

    language = resolve_lang(lang)
    compiled = load_or_exit(rubric, language)
    if not facts.is_file():
        raise fail_usage(f"no such facts file: {facts}" if language == "en" else f"找不到事实文件：{facts}")
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
    raise typer.Exit(OK if result.complete else INCOMPLETE)
