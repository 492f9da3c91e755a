"""Diagnostics are data: a code, a severity, a span and a message in both languages.

Every stage (parse, check, facts, evaluation, lint) produces :class:`Diagnostic` values; only
``rubricdsl.render.diagnostics`` turns them into text or JSON.  Message wording lives in
``rubricdsl.diagnostics.messages``, keyed by code, so the same code reads the same everywhere and in both languages.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from rubricdsl.reading.source import Span


class Severity(enum.Enum):
    """How serious a :class:`Diagnostic` is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Text:
    """One message in English and Chinese."""

    en: str
    zh: str

    def in_lang(self, lang: str) -> str:
        """The Chinese text for ``"zh"``, else the English."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in a rubric or its facts, as data: a stable ``code`` (listed in docs/diagnostics.md) and
    ``name``, the ``message`` and optional ``hint`` in both languages, the ``span`` it points to in the rubric,
    and the ``subject`` (the fact or indicator it is about) when it has no place in the rubric."""

    code: str
    name: str
    severity: Severity
    message: Text
    span: Span | None = None
    hint: Text | None = None
    # Fact problems have no place in the rubric; they name the fact instead.
    subject: str | None = None
