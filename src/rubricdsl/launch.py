"""The ``rubric`` console entry point: answers ``--version`` and ``--help`` before the command line loads.

Loading the command line (typer, click, rich and the command modules) takes ~0.15 s; ``rubric --version`` and
``rubric [COMMAND] --help`` need none of it when the answer is already known:

* ``rubric --version`` prints ``rubricdsl.__version__`` (the package's ``__init__`` imports nothing);
* a help screen is typer's own output for the same command definitions, kept from the last time typer wrote it
  (``help_cache``).  It is shown again only while every module that was loaded to write it is unchanged
  (path, size and modification time: the command modules, typer, click, rich) and the output looks the same
  (terminal or not, its size, the variables that change colours or width); otherwise typer writes it again,
  and the new text is kept.  So ``--help`` is always generated from the command definitions, never written
  by hand.

Everything else goes to :func:`rubricdsl.cli.main` unchanged.  This module is outside ``rubricdsl.cli`` because
importing anything inside that package first runs its ``__init__``, which builds the typer application.
"""

from __future__ import annotations

import io
import sys

from rubricdsl.help_cache import is_help_request, keep_help, kept_help

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from rubricdsl import __version__

        if _write(f"rubric {__version__}\n"):
            return
    elif is_help_request(args):
        kept = kept_help(args)
        if kept is not None and _write(kept):
            return
        _run_and_keep_help(args)
    from rubricdsl.cli import main as run_command

    run_command(args)


def _write(text: str) -> bool:
    """Write ``text`` to stdout; False if that failed (the full command then reports why, as it always has)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (OSError, AttributeError, UnicodeError):
        return False
    return True


def _run_and_keep_help(args: list[str]) -> None:
    """Let typer write the help screen into a stand-in for stdout (a terminal if stdout is one), then show it
    and keep it (exit 0 only) for the next time."""
    from rubricdsl.cli import main as run_command

    real = sys.stdout
    stand_in = _StandIn(real)
    sys.stdout = stand_in
    try:
        run_command(args)
    except SystemExit as done:
        sys.stdout = real
        text = stand_in.text()
        if _write(text) and done.code in (0, None):
            keep_help(args, text)
        raise
    finally:
        sys.stdout = real


class _StandIn(io.TextIOWrapper):
    """Text (and bytes, through ``.buffer``) collected in memory, for a stream that looks like ``real``."""

    def __init__(self, real: TextIO) -> None:
        super().__init__(io.BytesIO(), encoding=real.encoding or "utf-8", errors=real.errors, newline="")
        self._real = real

    def isatty(self) -> bool:
        return self._real.isatty()

    def fileno(self) -> int:
        return self._real.fileno()

    def text(self) -> str:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue().decode(self.encoding, self.errors or "strict")
