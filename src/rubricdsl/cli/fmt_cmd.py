"""``rubric fmt``: rewrite rubric files in the canonical layout, keeping every comment."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Annotated

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import fail_usage
from rubricdsl.cli.exit_codes import INCOMPLETE, INTERNAL_ERROR, OK, USAGE


@app.command("fmt")
def fmt_command(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Rubric files to format in place.")],
    check: Annotated[bool, typer.Option("--check", help="Change nothing; exit 1 if a file would change.")] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Change nothing; print a unified diff and exit 1 if a file would change.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Format rubrics in place (exit 0 done or already formatted; 1 with --check or --diff when a file would
    change, or a file left as it is because a `# rubric: ignore` comment could not keep its place (E141);
    2 a file does not parse; 3 the formatter would change a rubric's meaning — a bug, nothing is written)."""
    from rubricdsl.diagnostics import Severity, messages
    from rubricdsl.diagnostics.errors import RubricError
    from rubricdsl.format import FormatError, SuppressionWouldMove, format_source
    from rubricdsl.outputs import OutputError, write_text_atomically
    from rubricdsl.reading.rubric_file import read_rubric_text
    from rubricdsl.render.diagnostics import render_all

    language = resolve_lang(lang)
    code = OK
    for path in files:
        if not path.is_file():
            raise fail_usage(f"no such rubric file: {path}" if language == "en" else f"找不到评分规则文件：{path}")
        try:
            source = read_rubric_text(path)
            formatted = format_source(source.text, str(path))
        except RubricError as error:
            sys.stderr.write(render_all(error.diagnostics, error.source, language) + "\n")
            code = max(code, USAGE)
            continue
        except SuppressionWouldMove as refused:
            warning = messages.make("E141", refused.comment.span, severity=Severity.WARNING)
            sys.stderr.write(render_all([warning], source, language) + "\n")
            code = max(code, INCOMPLETE)
            continue
        except FormatError as error:
            sys.stderr.write(f"rubric fmt: internal error on {path}: {error}\n")
            raise typer.Exit(INTERNAL_ERROR) from None
        if formatted == source.text:
            continue
        if diff:
            lines = difflib.unified_diff(
                source.text.splitlines(keepends=True), formatted.splitlines(keepends=True), str(path), str(path)
            )
            sys.stdout.writelines(lines)
        if check or diff:  # both change nothing and say by their exit code that the file would change
            if check:
                sys.stderr.write(f"would reformat {path}\n" if language == "en" else f"需要重新排版：{path}\n")
            code = max(code, INCOMPLETE)
        else:
            try:  # atomically: a full disk or a kill mid-write leaves the old rubric, never half of it
                write_text_atomically(path, formatted)
            except OutputError as error:
                sys.stderr.write(f"rubric: {error.text.in_lang(language)}\n")
                code = max(code, USAGE)
                continue
            sys.stderr.write(f"reformatted {path}\n" if language == "en" else f"已重新排版：{path}\n")
    raise typer.Exit(code)
