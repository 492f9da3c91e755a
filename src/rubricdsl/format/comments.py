"""Attach comments to the layout's pieces, so that each is printed next to the code it was written beside.

A comment alone on its line leads the piece that follows it (or, when it sits inside a statement or a band
that spans lines, that statement or band); a comment after code trails the last piece that started before
it.  Pieces are statements, section and indicator heads, the bands of a rule and closing braces, so a
comment keeps its place even where the layout joins or splits lines.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from rubricdsl.format.printer import Piece
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax import nodes as n


@dataclass(slots=True)
class Attached:
    leading: dict[int, list[n.Comment]] = field(default_factory=dict)  # piece index → comments before it
    trailing: dict[int, list[n.Comment]] = field(default_factory=dict)  # piece index → comments after it
    end_of_file: list[n.Comment] = field(default_factory=list)


def header_start(source: SourceFile, comments: tuple[n.Comment, ...]) -> int:
    """Where the `rubric` header begins: the first character outside whitespace and comments."""
    position = 0
    text = source.text
    ends = {comment.span.start: comment.span.end for comment in comments}
    while position < len(text):
        if text[position].isspace() or text[position] == "\ufeff":
            position += 1
        elif position in ends:
            position = ends[position]
        else:
            break
    return position


def blank_line_before(text: str, offset: int) -> bool:
    """Whether the line holding ``offset`` follows an empty line in the source."""
    line_start = text.rfind("\n", 0, offset) + 1
    if line_start <= 1:
        return False
    previous_start = text.rfind("\n", 0, line_start - 1) + 1
    return not text[previous_start : line_start - 1].strip()


def own_line(text: str, comment: n.Comment) -> bool:
    """Whether nothing but blanks stands before the comment on its line."""
    start = comment.span.start
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip(" \t\ufeff\u3000")


def attach(pieces: list[Piece], source: SourceFile, comments: tuple[n.Comment, ...]) -> Attached:
    placed = sorted((piece.origin, index) for index, piece in enumerate(pieces) if piece.origin is not None)
    origins = [origin for origin, _ in placed]
    attached = Attached()
    for comment in sorted(comments, key=lambda comment: comment.span.start):
        start = comment.span.start
        before = bisect.bisect_left(origins, start) - 1  # the last piece that starts before the comment
        if not own_line(source.text, comment):
            index = placed[before][1] if before >= 0 else (placed[0][1] if placed else 0)
            attached.trailing.setdefault(index, []).append(comment)
            continue
        inside = before >= 0 and (end := pieces[placed[before][1]].end) is not None and start < end
        if inside:
            attached.leading.setdefault(placed[before][1], []).append(comment)
        elif before + 1 < len(placed):
            attached.leading.setdefault(placed[before + 1][1], []).append(comment)
        else:
            attached.end_of_file.append(comment)
    return attached
