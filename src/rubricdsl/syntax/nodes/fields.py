"""How a node's fields are declared: spans and spellings are kept but left out of equality."""

from __future__ import annotations

from dataclasses import field

from rubricdsl.reading.source import NO_SPAN, Span


def _span() -> Span:
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    return span


def _spelling(default: str) -> str:
    """How the author wrote something whose meaning is elsewhere (a quote, `是` for true): kept for the
    formatter, ignored by equality like a span."""
    text: str = field(default=default, compare=False, repr=False)
    return text
