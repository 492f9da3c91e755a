"""What an evaluation returns: the total and grade at once, per-indicator explanations on first access.

Building explanation objects costs more than scoring, so :class:`EvaluationResult` computes
``indicators`` and ``sections`` lazily from the run record; callers that only need ``total`` or
``scores()`` never pay for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from rubricdsl.diagnostics import Diagnostic, Text


@dataclass(frozen=True, slots=True)
class ValueRead:
    """A fact or derived value an indicator read, with the value it had."""

    name: str
    label: str
    value: Any  # Decimal, bool or a level name; None when absent
    shown: str  # the value as a person writes it: 95%, 500000元, 是


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    id: str
    label: str
    path: tuple[str, ...]  # ids from the outermost section down to this indicator
    path_labels: tuple[str, ...]
    points: Decimal
    score: Decimal | None  # None when not applicable or failed
    raw_score: Decimal | None  # before indicator rounding
    status: str  # scored | not_applicable | error
    standard: str | None  # the 评价标准 text the rubric quotes for this indicator
    rule: str  # the rule form: score, when, deduct, checklist, proportional, levels, judged, formula
    branch: str | None  # source text of the band, branch or items that decided the score
    line: int | None  # line of that text in the rubric
    reason: Text
    reads: tuple[ValueRead, ...]
    error: Diagnostic | None

    @property
    def lost(self) -> Decimal | None:
        return None if self.score is None else self.points - self.score


@dataclass(frozen=True, slots=True)
class SectionResult:
    id: str
    label: str
    path: tuple[str, ...]
    path_labels: tuple[str, ...]
    points: Decimal
    applicable_points: Decimal
    score: Decimal
    vetoed: str | None  # the veto's reason or condition text when one fired
    children: tuple[str, ...]

    @property
    def lost(self) -> Decimal:
        return self.applicable_points - self.score


@dataclass(frozen=True, slots=True)
class Step:
    """A visible step between the sum of indicator scores and the graded total."""

    kind: str  # veto | rescale | rounding
    before: Decimal
    after: Decimal
    text: Text


class EvaluationResult:
    """The outcome of scoring one fact set."""

    def __init__(
        self,
        *,
        rubric_id: str,
        rubric_label: str,
        rubric_hash: str,
        total: Decimal,
        maximum: Decimal,
        grade: str,
        steps: tuple[Step, ...],
        fact_problems: tuple[Diagnostic, ...],
        errors: tuple[Diagnostic, ...],
        scores: Mapping[str, Decimal | None],
        explain: Callable[[], tuple[tuple[IndicatorResult, ...], tuple[SectionResult, ...]]],
        meta: Mapping[str, str] | None = None,
    ) -> None:
        self.rubric_id = rubric_id
        self.rubric_label = rubric_label
        self.rubric_hash = rubric_hash
        self.total = total
        self.max = maximum
        self.grade = grade
        self.steps = steps
        self.fact_problems = fact_problems
        self.errors = errors
        self._scores = scores
        self._explain = explain
        self.meta: Mapping[str, str] = meta or {}  # the rubric's `meta` lines (year, owner, …)

    @property
    def complete(self) -> bool:
        """False when a fact was missing or invalid or an indicator could not be scored."""
        return not self.fact_problems and not self.errors

    def scores(self) -> Mapping[str, Decimal | None]:
        """Indicator id → score (None for not applicable or failed), without building explanations."""
        return self._scores

    @cached_property
    def _explained(self) -> tuple[tuple[IndicatorResult, ...], tuple[SectionResult, ...]]:
        return self._explain()

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        return self._explained[0]

    @property
    def sections(self) -> tuple[SectionResult, ...]:
        return self._explained[1]

    def indicator(self, ident: str) -> IndicatorResult:
        for item in self.indicators:
            if item.id == ident:
                return item
        raise KeyError(ident)

    def section(self, ident: str) -> SectionResult:
        for item in self.sections:
            if item.id == ident:
                return item
        raise KeyError(ident)

    def __repr__(self) -> str:
        state = "complete" if self.complete else "incomplete"
        return f"<EvaluationResult {self.rubric_id} total={self.total} max={self.max} grade={self.grade} {state}>"
