"""``rubric standard``: the 评价标准 sentence of every indicator, generated from its rule, for publishing a table.

The sentences come from :func:`rubricdsl.outputs.standard_text.standard_text` (the tables output), imported
here lazily so the rest of the CLI does not depend on it; they are always in Chinese, the register of the
tables, and ``--lang`` only chooses the language of the headings.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import fail_usage, load_or_exit


@app.command("standard")
def standard_command(
    rubric: Annotated[Path, typer.Argument(metavar="RUBRIC", help="The rubric file.")],
    lang: LangOption = None,
) -> None:
    """Print the 评价标准 sentence generated from each indicator's rule (exit 0, 2 invalid rubric)."""
    language = resolve_lang(lang)
    try:
        standard_text = importlib.import_module("rubricdsl.outputs.standard_text").standard_text
    except ImportError:
        raise fail_usage(
            "this build has no tables output (rubricdsl.outputs.standard_text)"
            if language == "en"
            else "此版本没有表格输出模块（rubricdsl.outputs.standard_text）"
        ) from None
    compiled = load_or_exit(rubric, language)
    written = "written" if language == "en" else "原文"
    from rubricdsl.syntax.nodes import walk_indicators

    for indicator in walk_indicators(compiled.checked.rubric.children):
        label = f" {indicator.label}" if indicator.label else ""
        points = f"{indicator.points.text}分" if language == "zh" else f"points {indicator.points.text}"
        sys.stdout.write(f"{indicator.id}{label} ({points})\n  {standard_text(compiled, indicator)}\n")
        if indicator.standard:
            sys.stdout.write(f"  {written}: {indicator.standard}\n")
