"""The ``rubric`` command.  Exit codes: 0 scored/clean, 1 scored but incomplete or facts invalid,
2 rubric invalid or usage error, 3 internal error (a bug: please report it).

Heavy modules (rich tables, pydantic) are imported inside commands so ``rubric --version`` stays fast.
"""

from __future__ import annotations

import errno
import io
import os
import sys
import traceback
from contextlib import suppress
from typing import NoReturn

from rubricdsl.cli.app import app, resolve_lang
from rubricdsl.cli.exit_codes import INCOMPLETE, INTERNAL_ERROR, USAGE

# Command modules register themselves on `app` when imported.
from rubricdsl.cli import check_cmd, eval_cmd, fmt_cmd, schema_cmd  # noqa: F401  isort: skip
from rubricdsl.cli import lint_cmd  # noqa: F401  isort: skip
from rubricdsl.cli import test_cmd  # noqa: F401  isort: skip
from rubricdsl.cli import template_cmd  # noqa: F401  isort: skip
from rubricdsl.cli import table_cmd  # noqa: F401  isort: skip
from rubricdsl.cli import import_cmd  # noqa: F401  isort: skip
from rubricdsl.cli import standard_cmd  # noqa: F401  isort: skip
from rubricdsl.cli import sql_cmd  # noqa: F401  isort: skip


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every unexpected exception becomes exit 3 with a bug-report hint.

    typer runs in standalone mode, so usage errors (exit 2) and ``typer.Exit`` codes are its own business;
    only exceptions that escape a command reach the guard.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("RUBRICDSL_DEBUG") == "1"
    _guard_standard_streams()
    try:
        app(args=args, prog_name="rubric")
    except BrokenPipeError:
        _quiet_closed_pipe()
    except Exception as error:
        from rubricdsl.outputs import OutputError  # imported only when needed: start-up stays light

        if isinstance(error, OutputError):  # refused or failed to write (an input as output, a full disk)
            sys.stderr.write(f"rubric: {error.text.in_lang(_language_of(args))}\n")
            sys.exit(USAGE)
        if isinstance(error, OSError):  # the environment (a closed stdout, an unreadable file), not a bug
            sys.stderr.write(f"rubric: {_os_error_text(error)}\n")
            sys.exit(USAGE)
        if debug:
            traceback.print_exc()
        else:
            sys.stderr.write(
                "rubric: internal error — this is a bug in rubricdsl, not in your rubric or facts.\n"
                "Please report it with the command you ran; add --debug to see the traceback.\n"
                "rubric：内部错误——这是 rubricdsl 的缺陷，不是评分规则或事实文件的问题。请附上所运行的命令报告此问题。\n"
            )
        sys.exit(INTERNAL_ERROR)


def _language_of(args: list[str]) -> str:
    """The --lang the command line asked for (for messages written after the command has failed)."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return "zh" if args[index + 1] == "zh" else "en"
        if arg.startswith("--lang="):
            return "zh" if arg.endswith("=zh") else "en"
    return resolve_lang(None)


def _guard_standard_streams() -> None:
    """Python sets a closed stdout/stderr to None; writing then fails with a clear error instead of a crash.

    Text that cannot be encoded (a lone surrogate from a facts file) is written as its ``\\ud800`` escape.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, _ClosedStream(name))
        elif hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


class _ClosedStream(io.TextIOBase):
    def __init__(self, name: str) -> None:
        self.stream_name = name

    def write(self, text: str) -> int:
        if self.stream_name == "stderr":
            return len(text)  # nowhere to report anything: stay silent
        raise OSError(errno.EBADF, "standard output is closed")


def _quiet_closed_pipe() -> NoReturn:
    """``rubric eval … | head``: the reader has gone, so stop silently, as ``cat`` does (exit 1: output cut)."""
    with suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail again
    sys.exit(INCOMPLETE)


def _os_error_text(error: OSError) -> str:
    from rubricdsl.cli.app import default_lang
    from rubricdsl.diagnostics.messages import cli_text

    lang = default_lang().value
    detail = error.strerror or str(error)
    if error.filename is None:
        return cli_text("stdout-closed", detail=detail).in_lang(lang)
    return cli_text("file-error", file=str(error.filename), detail=detail).in_lang(lang)


__all__ = ["app", "main"]
