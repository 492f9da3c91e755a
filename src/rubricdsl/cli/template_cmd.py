"""``rubric template``: a facts workbook to fill in, made from the rubric's declarations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import fail_usage, load_or_exit


@app.command("template")
def template_command(
    rubric: Annotated[Path, typer.Argument(metavar="RUBRIC", help="The rubric file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The workbook to write (.xlsx).")],
    batch: Annotated[
        bool, typer.Option("--batch", help="Many projects: one row each under a header row, instead of a form.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Write a facts template (.xlsx) for RUBRIC: Chinese labels, ids, units, the declared bounds as data
    validation, drop-downs for yes/no and enums, a notes column. Fill it in and run `rubric eval RUBRIC FILE`."""
    language = resolve_lang(lang)
    _refuse_inputs(output, rubric)
    compiled = load_or_exit(rubric, language)
    if output.suffix.lower() != ".xlsx":
        raise fail_usage(
            "the template is a workbook: give -o FILE.xlsx" if language == "en" else "模板为工作簿，请用 -o 文件.xlsx"
        )
    from rubricdsl.cli.spreadsheet_eval import exit_missing_extra
    from rubricdsl.inputs.spreadsheet import MissingExtra

    try:
        from rubricdsl.outputs.facts_template import write_template

        write_template(compiled, output, batch=batch)
    except MissingExtra as error:
        exit_missing_extra(error, language)


def _refuse_inputs(output: Path | None, *inputs: Path) -> None:
    """Never write over a file the command reads (same path, hard link or symlink): exit 2 (in ``main``)."""
    if output is not None:
        from rubricdsl.outputs import refuse_inputs

        refuse_inputs(output, inputs)
