"""``format_source``: parse, lay out canonically, put the comments back, and prove the result safe.

Lines that a ``# rubric: ignore[...]`` comment covers (its own line and the next, see
``lint/suppression.py``) are *pinned*: the pieces written on one such line stay on one output line, pieces
from different lines stay on different lines, and a blank line is kept or left out as written.  So a
suppression covers the same code after formatting, and the linter's verdict cannot change.

Before returning, the output is checked the way Black and Cedar check theirs: it must parse to the same
AST (spans and comments aside), keep every comment, cover the same nodes with each suppression, and come back
unchanged when formatted again.  If any check fails the formatter raises :class:`FormatError` and the caller
writes nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from rubricdsl.format.comments import attach, blank_line_before, header_start
from rubricdsl.format.coverage import suppression_comments, suppression_coverage
from rubricdsl.format.printer import INDENT, Piece, layout
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.parse import parse_rubric


class FormatError(Exception):
    """The formatter would change the meaning or lose a comment (a bug; the input is left alone)."""


class SuppressionWouldMove(Exception):
    """Formatting would change what a `# rubric: ignore[...]` comment covers (one inside a multi-line
    expression, say); the file is left as it is and the comment's position is reported."""

    def __init__(self, comment: n.Comment) -> None:
        super().__init__(comment.text)
        self.comment = comment


@dataclass(slots=True)
class _Out:
    """One output line: its code pieces (none for a comment line) and where it came from in the source."""

    pieces: list[Piece]
    first: int | None  # source offset of what starts the line
    last: int | None  # source offset of what ends it (a trailing comment, or the last piece)
    trailing: n.Comment | None = None
    leading: list[n.Comment] = field(default_factory=list)


def format_rubric(rubric: n.Rubric, source: SourceFile) -> str:
    text = source.text
    pieces = layout(rubric, header_start(source, rubric.comments))
    attached = attach(pieces, source, rubric.comments)
    found = suppression_comments(rubric.comments, source)
    suppression_ids = {id(comment) for comment, _ in found}
    suppression_lines = {line for _, line in found}
    pinned = suppression_lines | {line + 1 for line in suppression_lines}

    def line_of(offset: int | None) -> int | None:
        return None if offset is None else source.position(offset).line

    def is_pinned(offset: int | None) -> bool:
        return offset is not None and line_of(offset) in pinned

    def joins(before: Piece, piece: Piece, index: int) -> bool:
        if any(id(comment) in suppression_ids for comment in attached.leading.get(index, [])):
            return False  # a suppression comment alone on its line must stay right above this piece
        if is_pinned(before.origin) or is_pinned(piece.origin):
            return before.origin is not None and line_of(before.origin) == line_of(piece.origin)
        return piece.joins

    lines: list[_Out] = []
    for index, piece in enumerate(pieces):
        if lines and joins(lines[-1].pieces[-1], piece, index):
            lines[-1].pieces.append(piece)
        else:
            lines.append(_Out([piece], piece.origin, piece.origin))
        current = lines[-1]
        current.leading += attached.leading.get(index, [])
        for comment in attached.trailing.get(index, []):
            if current.trailing is None:
                current.trailing = comment
            else:
                current.leading.append(comment)  # a second comment for one line leads it; stable on reformatting
        current.last = current.trailing.span.start if current.trailing is not None else piece.origin

    out: list[str] = []
    previous: int | None = None  # source offset of what ends the last line written
    opened = False  # the last line written is code ending with `{`

    def emit(line_text: str, offset: int | None, last: int | None, gap: bool, opens: bool = False) -> None:
        nonlocal previous, opened
        if out:
            after = line_of(previous)
            if after is not None and after in suppression_lines:
                # The line after a suppression's is covered too: only what was written on it may follow
                # directly; anything written further down is kept off it by a blank line.
                blank = offset is not None and line_of(offset) != after + 1
            else:
                blank = gap or (offset is not None and blank_line_before(text, offset) and not opened)
            if blank and out[-1]:
                out.append("")
        out.append(line_text)
        previous, opened = last, opens

    for line in lines:
        indent = INDENT * line.pieces[0].depth
        gap = line.pieces[0].gap
        for comment in sorted(line.leading, key=lambda comment: comment.span.start):
            emit(indent + comment.text.rstrip(), comment.span.start, comment.span.start, gap)
            gap = False
        code = " ".join(piece.text for piece in line.pieces)
        if line.trailing is not None:
            code += "  " + line.trailing.text.rstrip()
        emit(indent + code, line.first, line.last, gap, opens=line.pieces[-1].text.endswith("{"))
    for comment in attached.end_of_file:
        emit(comment.text.rstrip(), comment.span.start, comment.span.start, False)
    return "\n".join(out) + "\n"


def _comment_texts(rubric: n.Rubric) -> list[str]:
    return sorted(comment.text.rstrip() for comment in rubric.comments)


def format_source(text: str, name: str = "<string>") -> str:
    """Format rubric text; raises RubricSyntaxError for text that does not parse, SuppressionWouldMove when
    formatting would change what a suppression covers, and FormatError on a bug."""
    source = SourceFile(name, text)
    rubric = parse_rubric(source)
    formatted = format_rubric(rubric, source)
    again_source = SourceFile(name, formatted)
    again = parse_rubric(again_source)
    if again != rubric:
        raise FormatError(_explain("the formatted rubric means something else", text, formatted))
    if _comment_texts(again) != _comment_texts(rubric):
        raise FormatError(_explain("the formatter lost or changed a comment", text, formatted))
    before = suppression_coverage(rubric, source)
    after = suppression_coverage(again, again_source)
    for (comment, covered), (_, covered_after) in zip(before, after, strict=True):
        if covered != covered_after:
            raise SuppressionWouldMove(comment)
    if format_rubric(again, again_source) != formatted:
        raise FormatError(
            _explain("formatting twice gives a different result", formatted, format_rubric(again, again_source))
        )
    return formatted


def _explain(problem: str, before: str, after: str) -> str:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), "before", "after", lineterm="")
    return problem + "\n" + "\n".join(diff)
