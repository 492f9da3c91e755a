"""Exceptions raised to callers; each carries every diagnostic found, never just the first."""

from __future__ import annotations

from collections.abc import Sequence

from rubricdsl.diagnostics import Diagnostic
from rubricdsl.reading.source import SourceFile


class RubricError(Exception):
    """A rubric could not be compiled; ``diagnostics`` says why and where."""

    def __init__(self, source: SourceFile, diagnostics: Sequence[Diagnostic]) -> None:
        self.source = source
        self.diagnostics = tuple(diagnostics)
        first = self.diagnostics[0].message.en if self.diagnostics else "invalid rubric"
        super().__init__(f"{source.name}: {first}")


class RubricSyntaxError(RubricError):
    """The text is not a rubric (E1xx)."""


class RubricCheckError(RubricError):
    """The rubric parses but is invalid: unknown names, types, points that don't add up (E2xx)."""


class FactsError(Exception):
    """Facts do not match the rubric's declarations (F4xx); raised only when asked to be strict."""

    def __init__(self, problems: Sequence[Diagnostic]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.message.en for problem in self.problems))
