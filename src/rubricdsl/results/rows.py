"""What every result row is made of: the values an explanation shows (:class:`ValueRead`,
:class:`TargetValue`), what it reads from one evaluation (:class:`ExplainedRun`), and :class:`PlacedRow`, the
identity and value semantics an indicator's and a section's row share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, Protocol

from rubricdsl.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class ValueRead:
    """A fact or derived value an indicator read, with the value it had."""

    name: str
    label: str
    value: Any  # Decimal, bool, a level name or a datetime.date; None when absent
    shown: str  # the value as a person writes it: 95%, 500000元, 是


@dataclass(frozen=True, slots=True)
class TargetValue:
    """An indicator's 年度指标值 as the rubric states it (``target >= 90%``)."""

    shown: str  # as a table cell writes it: ≥90%, ≤2000元, 500, 有效提升
    value: Any  # the value (a Decimal, the bound when compared); None for descriptive text or an absent fact
    op: str | None  # >=, <=, >, <, ==, != when written with a comparison, else None


class ExplainedRun(Protocol):
    """What an explanation reads from one evaluation, by indicator index (the closure evaluator's ``Run``
    or the fast path's record)."""

    @property
    def scores(self) -> Sequence[Decimal | None]: ...
    @property
    def raw_scores(self) -> Sequence[Decimal | None]: ...
    @property
    def status(self) -> Sequence[str]: ...
    @property
    def traces(self) -> Sequence[Mapping[str, Any] | None]: ...
    @property
    def errors(self) -> Mapping[int, Diagnostic]: ...
    @property
    def na_reasons(self) -> Mapping[int, str]: ...
    @property
    def env(self) -> Mapping[str, Any]: ...


class _Identity(Protocol):
    """What an indicator's or a section's static part says about where it sits in the table."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def path(self) -> tuple[str, ...]: ...
    @property
    def path_labels(self) -> tuple[str, ...]: ...
    @property
    def points(self) -> Decimal: ...


class PlacedRow:
    """What every result row shares: identity attributes read from its static part, and value semantics
    (equal, hashed and shown by the fields its class lists in ``_FIELDS``)."""

    __slots__ = ()
    _static: _Identity
    _FIELDS: ClassVar[tuple[str, ...]]

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, PlacedRow)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"{type(self).__name__}({shown})"

    @property
    def id(self) -> str:
        """The id the rubric gives the row (``budget_rate``)."""
        return self._static.id

    @property
    def label(self) -> str:
        """The row's Chinese name as the rubric writes it (``预算执行率``)."""
        return self._static.label

    @property
    def path(self) -> tuple[str, ...]:
        """Ids from the outermost section down to this row."""
        return self._static.path

    @property
    def path_labels(self) -> tuple[str, ...]:
        """The labels of ``path``."""
        return self._static.path_labels

    @property
    def points(self) -> Decimal:
        """The row's points (分值) in the rubric."""
        return self._static.points
