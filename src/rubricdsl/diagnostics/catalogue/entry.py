"""One code's entry: its stable name and its wording, message and hint, in English and Chinese."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    en: str
    zh: str
    hint_en: str | None = None
    hint_zh: str | None = None
