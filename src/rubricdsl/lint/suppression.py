"""Inline suppression: ``# rubric: ignore[rule-name, other-rule]`` on the finding's line or the line before."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.syntax import nodes as n

_PATTERN = re.compile(r"rubric:\s*ignore\[([^\]]*)\]")


@dataclass(frozen=True, slots=True)
class Suppression:
    line: int
    names: tuple[str, ...]
    span: Span  # the bracketed list, for findings about the suppression itself


def suppressions(comments: tuple[n.Comment, ...], source: SourceFile) -> list[Suppression]:
    found: list[Suppression] = []
    for comment in comments:
        match = _PATTERN.search(comment.text)
        if match is None:
            continue
        names = tuple(name.strip() for name in match.group(1).split(",") if name.strip())
        start = comment.span.start + match.start(1)
        span = Span(start, max(start + 1, comment.span.start + match.end(1)))
        found.append(Suppression(source.position(comment.span.start).line, names, span))
    return found


def is_suppressed(line: int, keys: tuple[str, str], found: list[Suppression]) -> bool:
    return any(s.line in (line, line - 1) and (keys[0] in s.names or keys[1] in s.names) for s in found)
