"""Attach comments to the nodes they belong to, so canonical reordering carries them along.

A comment alone on its line leads the statement that follows it (or, inside a statement that spans
lines, that statement); a comment after code trails the last statement that started before it.  When a
statement collects several trailing comments, the first stays at the end of its line and the others lead
it — a placement that formatting again leaves where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.syntax import nodes as n


@dataclass(slots=True)
class Attached:
    leading: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # id(anchor) → (offset, text)
    trailing: dict[int, str] = field(default_factory=dict)
    end_of_file: list[tuple[int, str]] = field(default_factory=list)


def _is_container(anchor: object) -> bool:
    return isinstance(anchor, (n.Section, n.Indicator, n.Rubric))


def header_start(source: SourceFile, comments: tuple[n.Comment, ...]) -> int:
    """Where the `rubric` header begins: the first character outside whitespace and comments."""
    position = 0
    text = source.text
    spans = sorted(comment.span.start for comment in comments)
    ends = {comment.span.start: comment.span.end for comment in comments}
    while position < len(text):
        if text[position].isspace() or text[position] == "\ufeff":
            position += 1
        elif position in ends and position in spans:
            position = ends[position]
        else:
            break
    return position


def unit_start(anchor: object, source: SourceFile, comments: tuple[n.Comment, ...]) -> int | None:
    if isinstance(anchor, n.Rubric):
        return header_start(source, comments)
    span = getattr(anchor, "span", None)
    return span.start if isinstance(span, Span) else None


def blank_line_before(text: str, offset: int) -> bool:
    """Whether the line holding ``offset`` follows an empty line in the source."""
    line_start = text.rfind("\n", 0, offset) + 1
    if line_start <= 1:
        return False
    previous_start = text.rfind("\n", 0, line_start - 1) + 1
    return not text[previous_start : line_start - 1].strip()


def attach(anchors: list[object], source: SourceFile, comments: tuple[n.Comment, ...]) -> Attached:
    units: list[tuple[Span, object]] = []
    for anchor in anchors:
        if isinstance(anchor, n.Rubric):
            start = header_start(source, comments)
            units.append((Span(start, start + 1), anchor))
        else:
            span = getattr(anchor, "span", None)
            if isinstance(span, Span):
                units.append((span, anchor))
    units.sort(key=lambda unit: unit[0].start)
    attached = Attached()
    text = source.text
    for comment in comments:
        body = comment.text.rstrip()
        start = comment.span.start
        line_start = text.rfind("\n", 0, start) + 1
        own_line = not text[line_start:start].strip(" \t\ufeff\u3000")
        if own_line:
            inside = [u for u in units if not _is_container(u[1]) and u[0].start < start < u[0].end]
            if inside:
                anchor = min(inside, key=lambda unit: unit[0].end - unit[0].start)[1]
            else:
                following = [u for u in units if u[0].start > start]
                if not following:
                    attached.end_of_file.append((start, body))
                    continue
                anchor = following[0][1]
            attached.leading.setdefault(id(anchor), []).append((start, body))
        else:
            preceding = [u for u in units if u[0].start <= start]
            anchor = preceding[-1][1] if preceding else units[0][1]
            if id(anchor) in attached.trailing:
                attached.leading.setdefault(id(anchor), []).append((start, body))
            else:
                attached.trailing[id(anchor)] = body
    return attached
