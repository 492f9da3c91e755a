"""``rubric check``: parse and semantic errors only."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import load_or_exit


@app.command("check")
def check_command(
    rubric: Annotated[Path, typer.Argument(metavar="RUBRIC", help="The rubric file.")],
    lang: LangOption = None,
) -> None:
    """Check a rubric for syntax, name, type and points errors (exit 0 valid, 2 invalid)."""
    language = resolve_lang(lang)
    compiled = load_or_exit(rubric, language)
    count = len(compiled.checked.indicators)
    facts = len(compiled.checked.facts)
    if language == "zh":
        sys.stdout.write(f"{rubric}：通过检查（{count} 个指标，{facts} 个事实，满分 {compiled.max}）\n")
    else:
        sys.stdout.write(f"{rubric}: ok ({count} indicators, {facts} facts, full score {compiled.max})\n")
