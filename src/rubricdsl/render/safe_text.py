"""Text from a rubric or a facts file made safe to print on a terminal or into a text report.

A label, a fact key or a cell can hold control characters: ``ESC [2J`` clears the screen, ``ESC ]52;`` writes the
clipboard, a bidi override (U+202E) makes ``100`` read as ``001``.  :func:`safe_text` shows every such character
as a visible escape (``\\x1b``, ``\\u202e``), so what is printed is what the file holds and nothing more.  Line
breaks are kept only where the caller prints several lines on purpose (``keep_newlines``); tabs become a space.
A lone surrogate (``"\\ud800"`` in JSON), which no terminal encoding can write, is shown the same way.
"""

from __future__ import annotations

import re

# C0 controls but \n and \t, DEL, C1 controls, the bidi embeddings/overrides/isolates and marks, lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff]"
)
_UNSAFE_KEEPING_NEWLINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control, bidi and surrogate character as a visible escape; tabs as spaces."""
    pattern = _UNSAFE_KEEPING_NEWLINES if keep_newlines else _UNSAFE
    if text.isprintable():
        return text  # the common case; every character escaped here is one str.isprintable() refuses
    return pattern.sub(_escape, text.replace("\t", " "))
