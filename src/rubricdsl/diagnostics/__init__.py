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
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Text:
    """One message in English and Chinese."""

    en: str
    zh: str

    def in_lang(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: Text
    span: Span | None = None
    hint: Text | None = None
    # Fact problems have no place in the rubric; they name the fact instead.
    subject: str | None = None
