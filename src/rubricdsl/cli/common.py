"""Loading a rubric for a command, with diagnostics on stderr and exit 2 when it is invalid."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rubricdsl.cli.exit_codes import USAGE

if TYPE_CHECKING:
    from rubricdsl.compiled import CompiledRubric


def fail_usage(message: str) -> typer.Exit:
    from rubricdsl.render.safe_text import safe_text  # a message quotes paths and names from the user

    sys.stderr.write(f"rubric: {safe_text(message)}\n")
    return typer.Exit(USAGE)


def load_or_exit(path: Path, lang: str) -> CompiledRubric:
    # the pipeline (lark, pydantic) is imported here, on a command's first use, so `--version` and `--help`
    # do not pay for it
    from rubricdsl.compiled import compile_source
    from rubricdsl.diagnostics.errors import RubricError
    from rubricdsl.reading.rubric_file import read_rubric_text
    from rubricdsl.render.diagnostics import render_all

    if not path.is_file():
        raise fail_usage(f"no such rubric file: {path}" if lang == "en" else f"找不到评分规则文件：{path}")
    try:
        return compile_source(read_rubric_text(path))
    except RubricError as error:
        sys.stderr.write(render_all(error.diagnostics, error.source, lang) + "\n")
        raise typer.Exit(USAGE) from None
