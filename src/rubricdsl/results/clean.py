"""What the explanation reads of a fast-path result: its record, and its sections' sums added on first access."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, overload

from rubricdsl.diagnostics import Diagnostic
from rubricdsl.evaluate.program import SCORED

if TYPE_CHECKING:
    from rubricdsl.results.explain import Explainer


class CleanRun:
    """The record of a fast-path evaluation, in the shape the explanation reads (see ``ExplainedRun``).

    Every indicator scored and none failed; the values of the facts and derived values become a mapping only
    when a reason or the values read are asked for.
    """

    __slots__ = ("_env", "_traces", "_values", "details", "raw_scores", "scores")
    status: tuple[str, ...]  # every indicator scored: shared, on the per-rubric subclass
    trace_readers: tuple[Callable[[Any], Mapping[str, Any]], ...]  # each form's ``trace_of``, on the subclass
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
    def traces(self) -> Sequence[Mapping[str, Any] | None]:
        """The details the generated function recorded, read as each form's trace on access."""
        try:
            return self._traces
        except AttributeError:
            self._traces: Sequence[Mapping[str, Any] | None] = TracesOfDetails(
                self.details, self.status, self.trace_readers
            )
            return self._traces

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


_UNREAD = object()


class TracesOfDetails(Sequence[Mapping[str, Any] | None]):
    """A record's details read as traces on access, for records that carry details (the closure evaluator's,
    the fast path's); None for an indicator that was not scored.  Each is read once (a row's reason and its
    branch read the same trace)."""

    __slots__ = ("_details", "_read", "_readers", "_status")

    def __init__(
        self, details: Sequence[Any], status: Sequence[str], readers: tuple[Callable[[Any], Mapping[str, Any]], ...]
    ) -> None:
        self._details = details
        self._status = status
        self._readers = readers
        self._read: list[Any] = [_UNREAD] * len(details)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[position] for position in range(len(self))[index]]
        found = self._read[index]
        if found is _UNREAD:
            scored = self._status[index] == SCORED
            found = self._read[index] = self._readers[index](self._details[index]) if scored else None
        return found

    def detail(self, index: int) -> Any:
        """The detail as recorded (what the trace at ``index`` is read from)."""
        return self._details[index]

    def __len__(self) -> int:
        return len(self._details)
