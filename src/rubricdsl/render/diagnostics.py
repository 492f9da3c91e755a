"""The one place diagnostics become text or JSON.

Text follows rustc/Ruff: ``severity[CODE]: message``, ``--> file:line:col``, the source line and a caret
under the span.  Carets are placed by display cells, so they line up under Chinese text too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len

from rubricdsl.diagnostics import Diagnostic
from rubricdsl.reading.source import SourceFile
from rubricdsl.render.safe_text import safe_text

_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_MAX_LINE = 200  # cells of a source line shown; longer lines are cut around the caret


def _excerpt(line: str, start_col: int, end_col: int) -> tuple[str, int, int]:
    """Cut very long lines (e.g. 1 MB on one line) to a window around the span."""
    if len(line) <= _MAX_LINE:
        return line, start_col, end_col
    left = max(0, start_col - 1 - _MAX_LINE // 2)
    piece = line[left : left + _MAX_LINE]
    prefix = "…" if left > 0 else ""
    shift = left - len(prefix)
    return prefix + piece + "…", start_col - shift, min(end_col - shift, len(prefix + piece) + 1)


def render_text(
    diagnostic: Diagnostic, source: SourceFile | None, lang: str = "en", file_name: str | None = None
) -> str:
    severity = diagnostic.severity.value
    head = _SEVERITY_ZH[severity] if lang == "zh" else severity
    lines = [f"{head}[{diagnostic.code}]: {safe_text(diagnostic.message.in_lang(lang))}"]
    name = file_name or (source.name if source is not None else None)
    name = safe_text(name) if name is not None else None
    if source is not None and diagnostic.span is not None:
        start = source.position(diagnostic.span.start)
        end = source.position(max(diagnostic.span.start, diagnostic.span.end - 1))
        lines.append(f" --> {name}:{start.line}:{start.column}")
        text = source.line_text(start.line).replace("\t", " ")
        last_col = end.column + 1 if end.line == start.line else len(text) + 1
        shown, first, last = _excerpt(text, start.column, max(last_col, start.column + 1))
        gutter = " " * len(str(start.line))
        # Escaped piece by piece, so the carets stay under the (now visible) characters they point at.
        pad = cell_len(safe_text(shown[: first - 1]))
        width = max(1, cell_len(safe_text(shown[first - 1 : last - 1])))
        lines += [f"{gutter} |", f"{start.line} | {safe_text(shown)}", f"{gutter} | {' ' * pad}{'^' * width}"]
    elif name is not None:
        lines.append(f" --> {name}")
    if diagnostic.hint is not None:
        label = "提示" if lang == "zh" else "help"
        lines.append(f"  = {label}: {safe_text(diagnostic.hint.in_lang(lang))}")
    return "\n".join(lines)


def render_all(diagnostics: Iterable[Diagnostic], source: SourceFile | None, lang: str = "en") -> str:
    return "\n\n".join(render_text(diagnostic, source, lang) for diagnostic in diagnostics)


def to_json(diagnostic: Diagnostic, source: SourceFile | None, lang: str = "en") -> dict[str, Any]:
    location: dict[str, Any] | None = None
    if source is not None and diagnostic.span is not None:
        start = source.position(diagnostic.span.start)
        end = source.position(diagnostic.span.end)
        location = {
            "file": source.name,
            "line": start.line,
            "column": start.column,
            "end": {"line": end.line, "column": end.column},
        }
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message.in_lang(lang),
        "location": location,
        "subject": diagnostic.subject,
        "help": diagnostic.hint.in_lang(lang) if diagnostic.hint is not None else None,
    }
