"""Help screens typer wrote, kept per user so ``rubric --help`` can answer without loading typer.

A kept screen records what it was written from and for: every module file loaded at the time (path, size,
modification time in nanoseconds) except the standard library's, and the look of the output (terminal or not,
its size, and the environment variables typer, click and rich read for width and colour).  :func:`kept_help`
returns the text only if all of that is unchanged; any doubt — no file, another version, a changed or missing
module, a different terminal — means None, and typer writes the screen again.  The cache is a JSON file in the
user's cache directory (``$XDG_CACHE_HOME/rubricdsl`` or ``~/.cache/rubricdsl``); failing to read or write it
never fails the command.  It is written with :mod:`marshal` (built in: ``json`` and ``pathlib`` would import
``re`` and a dozen modules, a third of the time saved), in the user's own directory, as Python keeps its
``__pycache__`` files; a file that does not load is ignored.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FORMAT = 1
_ENVIRONMENT = (
    "COLUMNS",
    "LINES",
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "TERMINAL_WIDTH",
    "_TYPER_FORCE_DISABLE_TERMINAL",
    "_TYPER_STANDARD_TRACEBACK",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
)


def is_help_request(args: list[str]) -> bool:
    """``rubric --help`` or ``rubric COMMAND --help``: nothing else, so nothing but the screen can differ."""
    if args == ["--help"]:
        return True
    return len(args) == 2 and args[1] == "--help" and args[0].isidentifier()


def cache_file() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "rubricdsl", f"help-{sys.version_info[0]}.{sys.version_info[1]}.marshal")


def _read() -> Any:
    with open(cache_file(), "rb") as handle:
        return marshal.loads(handle.read())


def kept_help(args: list[str]) -> str | None:
    """The kept screen for ``args`` if nothing it depends on has changed, else None."""
    try:
        kept = _read()
        entry = kept["screens"][" ".join(args)]
        if kept.get("format") != FORMAT or entry["look"] != _look():
            return None
        for path, size, modified in entry["modules"]:
            found = os.stat(path)
            if found.st_size != size or found.st_mtime_ns != modified:
                return None
        text = entry["text"]
        return text if isinstance(text, str) else None
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None


def keep_help(args: list[str], text: str) -> None:
    """Keep ``text`` as the screen for ``args``, with what it was written from (the modules loaded now)."""
    path = cache_file()
    try:
        kept = _read()
        if kept.get("format") != FORMAT or not isinstance(kept.get("screens"), dict):
            raise ValueError("another format")
    except (OSError, ValueError, AttributeError, TypeError, EOFError):
        kept = {"format": FORMAT, "screens": {}}
    try:
        kept["screens"][" ".join(args)] = {"look": _look(), "modules": _loaded_modules(), "text": text}
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(temporary, "wb") as handle:
            handle.write(marshal.dumps(kept))
        os.replace(temporary, path)  # a reader sees the old file or the new one, never half of one
    except (OSError, TypeError, KeyError, ValueError):
        return


def _look() -> dict[str, Any]:
    """What decides how the screen looks: a terminal or not, its size, and the variables that change it."""
    stream = sys.stdout
    terminal = False
    size: list[int] | None = None
    try:
        terminal = bool(stream.isatty())
        if terminal:
            size = list(os.get_terminal_size(stream.fileno()))
    except (AttributeError, OSError, ValueError):
        pass
    return {
        "terminal": terminal,
        "size": size,
        "encoding": getattr(stream, "encoding", None),
        "environment": {name: os.environ[name] for name in _ENVIRONMENT if name in os.environ},
        "python": sys.version,
    }


def _loaded_modules() -> list[list[Any]]:
    """[path, size, mtime_ns] of every module file loaded now, except the standard library's."""
    standard = os.path.dirname(os.__file__)
    found: dict[str, list[Any]] = {}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or path in found:
            continue
        if path.startswith(standard) and "site-packages" not in path:
            continue
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found[path] = [path, stat.st_size, stat.st_mtime_ns]
    return sorted(found.values())
