"""Source text and spans: the coordinates every later stage speaks in.

A :class:`Span` is a pair of character offsets into one :class:`SourceFile`; lines and columns are computed
only when a diagnostic is rendered, so nodes stay small and comparisons cheap.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from typing import Final

# A line ends at \r\n, \n or a lone \r (old Mac files, some spreadsheet exports): the lexer, the line index
# and the carets all agree on this one definition.
LINE_END: Final = re.compile(r"\r\n?|\n")


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where each line of ``text`` begins (the first is 0)."""
    return (0, *(match.end() for match in LINE_END.finditer(text)))


def line_number(text: str, offset: int) -> int:
    """The 1-based line of ``offset`` in ``text``."""
    return 1 + sum(1 for _ in LINE_END.finditer(text, 0, offset))


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` into a source text."""

    start: int
    end: int

    def cover(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))


NO_SPAN = Span(0, 0)


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column (columns count characters, not bytes or display cells)."""

    line: int
    column: int


@dataclass(frozen=True)
class SourceFile:
    """A named source text with a line index built once."""

    name: str
    text: str
    digest: str | None = field(default=None, compare=False)  # sha256 of the file's bytes, when read from one
    _line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_line_starts", line_starts(self.text))

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        return Position(line_index + 1, offset - self._line_starts[line_index] + 1)

    def line_text(self, line: int) -> str:
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def snippet(self, span: Span) -> str:
        return self.text[span.start : span.end]

    @property
    def sha256(self) -> str:
        return self.digest or hashlib.sha256(self.text.encode("utf-8")).hexdigest()
