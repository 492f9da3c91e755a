"""``rubric import``: an existing indicator table (.xlsx or .docx) into a draft rubric to review."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import fail_usage
from rubricdsl.cli.exit_codes import INCOMPLETE, OK


@app.command("import")
def import_command(
    table: Annotated[Path, typer.Argument(metavar="TABLE", help="The indicator table (.xlsx or .docx).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The draft rubric to write.")],
    lang: LangOption = None,
) -> None:
    """Read an indicator table (一级/二级/三级指标, 分值, 评价标准; merged cells) into a draft rubric: sections,
    indicators, points, the standard text, a proposed rule for the phrasings the cookbook knows (marked
    `# review`), `judged` on a placeholder fact for the rest. Exit 1 if the draft does not check."""
    from rubricdsl.cli.spreadsheet_eval import exit_missing_extra
    from rubricdsl.inputs.files import FactsFileError
    from rubricdsl.inputs.spreadsheet import MissingExtra
    from rubricdsl.inputs.table_import import import_table
    from rubricdsl.render.diagnostics import render_all, render_text

    language = resolve_lang(lang)
    _refuse_inputs(output, table)
    if not table.is_file():
        raise fail_usage(f"no such table: {table}" if language == "en" else f"找不到指标表：{table}")
    ident = re.sub(r"\W", "_", output.stem.split(".")[0], flags=re.ASCII).strip("_") or "imported"
    if not re.match(r"[A-Za-z_]", ident):
        ident = f"r_{ident}"
    try:
        text, proposed, judged = import_table(table, ident)
    except MissingExtra as error:
        exit_missing_extra(error, language)
    except FactsFileError as error:
        sys.stderr.write(render_text(error.diagnostic, None, language, file_name=str(table)) + "\n")
        raise typer.Exit(INCOMPLETE) from None
    from rubricdsl.outputs import write_text_atomically

    write_text_atomically(output, text, newline="\n")
    sys.stderr.write(
        f"{output}: {proposed} rule(s) proposed (marked `# review`), {judged} judged placeholder(s)\n"
        if language == "en"
        else f"{output}：{proposed} 条规则为根据评价标准推测（标有 `# review`，请核对），{judged} 项暂为评议打分（judged）\n"
    )
    import rubricdsl
    from rubricdsl.diagnostics.errors import RubricError

    try:
        rubricdsl.load(output)
    except RubricError as error:
        sys.stderr.write(render_all(error.diagnostics, error.source, language) + "\n")
        raise typer.Exit(INCOMPLETE) from None
    raise typer.Exit(OK)


def _refuse_inputs(output: Path | None, *inputs: Path) -> None:
    """Never write over a file the command reads (same path, hard link or symlink): exit 2 (in ``main``)."""
    if output is not None:
        from rubricdsl.outputs import refuse_inputs

        refuse_inputs(output, inputs)
