"""What each ``# rubric: ignore[...]`` comment covers, in the linter's own terms.

The linter drops a finding that starts on a suppression's line or the line after it
(:mod:`rubricdsl.lint.suppression`, used here so the two can never disagree).  A finding is always about a
node, so a suppression *covers* the AST nodes (and suppressions, whose own findings are L001) that start on those two lines; formatting keeps
the verdict of ``rubric lint`` exactly when every suppression covers the same nodes before and after.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from rubricdsl.lint.suppression import suppressions
from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.syntax import nodes as n

Path = tuple[object, ...]  # where a node sits in the AST: field names and tuple indices from the root


def suppression_comments(comments: tuple[n.Comment, ...], source: SourceFile) -> list[tuple[n.Comment, int]]:
    """Each suppression comment, in written order, with the line it is on."""
    found: list[tuple[n.Comment, int]] = []
    for comment in sorted(comments, key=lambda comment: comment.span.start):
        found += [(comment, suppression.line) for suppression in suppressions((comment,), source)]
    return found


def suppression_coverage(rubric: n.Rubric, source: SourceFile) -> list[tuple[n.Comment, frozenset[Path]]]:
    """For each suppression comment, the nodes and suppressions starting on the lines it covers."""
    found = suppression_comments(rubric.comments, source)
    if not found:
        return []
    by_line: dict[int, set[Path]] = {}
    for path, span in node_spans(rubric, ()):
        by_line.setdefault(source.position(span.start).line, set()).add(path)
    for index, (_, line) in enumerate(found):  # of comments, only a suppression can carry a finding
        by_line.setdefault(line, set()).add(("suppression", index))
    return [(comment, frozenset(by_line.get(line, set()) | by_line.get(line + 1, set()))) for comment, line in found]


def node_spans(node: object, path: Path) -> Iterator[tuple[Path, Span]]:
    """Every span in the AST below ``node`` with the path to it (comments aside)."""
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if field.name == "comments":
            continue
        if isinstance(value, Span):
            if path and value.end > 0:  # the root's span is the whole file
                yield (*path, field.name), value
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                yield from node_spans(item, (*path, field.name, index))
        else:
            yield from node_spans(value, (*path, field.name))
