"""``format_source``: parse, lay out canonically, put the comments back, and prove the result safe.

Before returning, the output is checked the way Black and Cedar check theirs: it must parse to the same
AST (spans and comments aside), keep every comment, and come back unchanged when formatted again.  If any
check fails the formatter raises :class:`FormatError` and the caller writes nothing.
"""

from __future__ import annotations

import difflib

from rubricdsl.format.comments import attach, blank_line_before, unit_start
from rubricdsl.format.printer import INDENT, layout
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.parse import parse_rubric


class FormatError(Exception):
    """The formatter would change the meaning or lose a comment (a bug; the input is left alone)."""


def format_rubric(rubric: n.Rubric, source: SourceFile) -> str:
    lines = layout(rubric)
    attached = attach([line.anchor for line in lines if line.anchor is not None], source, rubric.comments)
    out: list[str] = []

    def emit(text: str, offset: int | None) -> None:
        # Keep one blank line where the writer left one, except at the top and right after a `{`.
        after_code = bool(out) and bool(out[-1]) and not out[-1].endswith("{")
        if offset is not None and after_code and blank_line_before(source.text, offset):
            out.append("")
        out.append(text)

    for line in lines:
        indent = INDENT * line.depth
        if line.anchor is None:
            if line.text or (out and out[-1]):
                out.append(indent + line.text if line.text else "")
            continue
        for offset, comment in attached.leading.get(id(line.anchor), []):
            emit(indent + comment, offset)
        trailing = attached.trailing.get(id(line.anchor))
        emit(
            indent + line.text + (f"  {trailing}" if trailing else ""), unit_start(line.anchor, source, rubric.comments)
        )
    out += [comment for _, comment in attached.end_of_file]
    return "\n".join(out) + "\n"


def _comment_texts(rubric: n.Rubric) -> list[str]:
    return sorted(comment.text.rstrip() for comment in rubric.comments)


def format_source(text: str, name: str = "<string>") -> str:
    """Format rubric text; raises RubricSyntaxError for text that does not parse, FormatError on a bug."""
    source = SourceFile(name, text)
    rubric = parse_rubric(source)
    formatted = format_rubric(rubric, source)
    again_source = SourceFile(name, formatted)
    again = parse_rubric(again_source)
    if again != rubric:
        raise FormatError(_explain("the formatted rubric means something else", text, formatted))
    if _comment_texts(again) != _comment_texts(rubric):
        raise FormatError(_explain("the formatter lost or changed a comment", text, formatted))
    if format_rubric(again, again_source) != formatted:
        raise FormatError(
            _explain("formatting twice gives a different result", formatted, format_rubric(again, again_source))
        )
    return formatted


def _explain(problem: str, before: str, after: str) -> str:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), "before", "after", lineterm="")
    return problem + "\n" + "\n".join(diff)
