"""What the explanation reads of a fast-path result: its record, and its sections' sums added on first access."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, overload

from rubricdsl.diagnostics import Diagnostic

if TYPE_CHECKING:
    from rubricdsl.results.explain import Explainer


class CleanRun:
    """The record of a fast-path evaluation, in the shape the explanation reads (see ``ExplainedRun``).

    Every indicator scored and none failed; the values of the facts and derived values become a mapping only
    when a reason or the values read are asked for.
    """

    __slots__ = ("_env", "_values", "details", "raw_scores", "scores")
    status: tuple[str, ...]  # every indicator scored: shared, on the per-rubric subclass
    env_names: tuple[str, ...]  # the names of the recorded values, on the per-rubric subclass
    errors: Mapping[int, Diagnostic] = MappingProxyType({})
    na_reasons: Mapping[int, str] = MappingProxyType({})

    def __init__(
        self,
        scores: tuple[Decimal, ...],
        raw_scores: tuple[Decimal, ...],
        details: tuple[Any, ...],
        values: tuple[Any, ...],
    ) -> None:
        self.scores = scores
        self.raw_scores = raw_scores
        self.details = details
        self._values = values

    @property
    def env(self) -> Mapping[str, Any]:
        try:
            return self._env
        except AttributeError:
            self._env: dict[str, Any] = dict(zip(self.env_names, self._values, strict=True))
            return self._env


class CleanSections(Sequence[tuple[Decimal, Decimal, None]]):
    """Every section's (applicable points, score, veto) of a fast-path result, summed on first access."""

    __slots__ = ("_explainer", "_scores", "_values")

    def __init__(self, explainer: Explainer, scores: Mapping[str, Decimal | None]) -> None:
        self._explainer = explainer
        self._scores = scores
        self._values: list[tuple[Decimal, Decimal, None]] | None = None

    @overload
    def __getitem__(self, index: int) -> tuple[Decimal, Decimal, None]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[Decimal, Decimal, None]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        values = self._values
        if values is None:
            values = self._values = self._explainer.clean_section_values(self._scores)
        return values[index]

    def __len__(self) -> int:
        return self._explainer.section_count
