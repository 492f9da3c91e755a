"""The ``rubric`` command.  Exit codes: 0 scored/clean, 1 scored but incomplete or facts invalid,
2 rubric invalid or usage error, 3 internal error (a bug: please report it).

Heavy modules (rich tables, pydantic) are imported inside commands so ``rubric --version`` stays fast.
"""

from __future__ import annotations

import os
import sys
import traceback

from rubricdsl.cli.app import app
from rubricdsl.cli.exit_codes import INTERNAL_ERROR

# Command modules register themselves on `app` when imported.
from rubricdsl.cli import check_cmd, eval_cmd, fmt_cmd, schema_cmd  # noqa: F401  isort: skip
from rubricdsl.cli import lint_cmd  # noqa: F401  isort: skip
from rubricdsl.cli import test_cmd  # noqa: F401  isort: skip
from rubricdsl.cli import sql_cmd  # noqa: F401  isort: skip


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every unexpected exception becomes exit 3 with a bug-report hint.

    typer runs in standalone mode, so usage errors (exit 2) and ``typer.Exit`` codes are its own business;
    only exceptions that escape a command reach the guard.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("RUBRICDSL_DEBUG") == "1"
    try:
        app(args=args, prog_name="rubric")
    except Exception:
        if debug:
            traceback.print_exc()
        else:
            sys.stderr.write(
                "rubric: internal error — this is a bug in rubricdsl, not in your rubric or facts.\n"
                "Please report it with the command you ran; add --debug to see the traceback.\n"
                "rubric：内部错误——这是 rubricdsl 的缺陷，不是评分规则或事实文件的问题。请附上所运行的命令报告此问题。\n"
            )
        sys.exit(INTERNAL_ERROR)


__all__ = ["app", "main"]
