"""Why one value could not be computed: raised inside closures, caught per derived value and per indicator."""

from __future__ import annotations

from typing import Any

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.reading.source import Span


class EvalFailure(Exception):
    """An evaluation error with its diagnostic code; the diagnostic itself is built only when reported."""

    def __init__(self, code: str, span: Span | None, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.span = span
        self.details = args

    def diagnostic(self) -> Diagnostic:
        return messages.make(self.code, self.span, **self.details)


class MissingName(Exception):
    """A name had no value: an absent or invalid fact, or a derived value that failed."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name
