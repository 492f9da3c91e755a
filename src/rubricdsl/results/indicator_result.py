"""One indicator's row of a result: :class:`IndicatorStatic`, prepared once per rubric, and
:class:`IndicatorResult`, the row over one evaluation's record, with its reason and reads formatted on first
access.  A pickled or copied row carries its field values (:func:`_restore_indicator`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.results.rows import ExplainedRun, PlacedRow, TargetValue, ValueRead


def _no_goal(env: Mapping[str, Any]) -> tuple[TargetValue | None, ValueRead | None]:
    return None, None


class IndicatorStatic:
    """Everything about one indicator's explanation that is the same in every evaluation, prepared once per
    rubric; ``reason``, ``branch`` and ``reads`` turn one evaluation's values into the varying parts."""

    __slots__ = (
        "branch",
        "goal",
        "id",
        "index",
        "kind",
        "label",
        "path",
        "path_labels",
        "points",
        "reads",
        "reason",
        "rule",
        "standard",
    )

    def __init__(
        self,
        *,
        id: str,
        label: str,
        path: tuple[str, ...],
        path_labels: tuple[str, ...],
        points: Decimal,
        standard: str | None,
        rule: str,
        index: int,
        reason: Callable[[ExplainedRun, int], Text],
        branch: Callable[[str, Any], tuple[str | None, int | None]],  # (status, trace) → (text, line)
        reads: Callable[[Mapping[str, Any]], tuple[ValueRead, ...]],
        kind: str = "indicator",
        goal: Callable[[Mapping[str, Any]], tuple[TargetValue | None, ValueRead | None]] | None = None,
    ) -> None:
        self.kind = kind  # indicator | penalty | bonus
        self.id = id
        self.label = label
        self.path = path
        self.path_labels = path_labels
        self.points = points
        self.standard = standard
        self.rule = rule
        self.index = index
        self.reason = reason
        self.branch = branch
        self.reads = reads
        self.goal = goal or _no_goal  # env → (target, actual): semantics/targets.py says what they are


_INDICATOR_FIELDS = (
    "id",
    "label",
    "path",
    "path_labels",
    "points",
    "score",
    "raw_score",
    "status",
    "standard",
    "rule",
    "branch",
    "line",
    "reason",
    "reads",
    "error",
    "kind",
    "target",
    "actual",
)


class IndicatorResult(PlacedRow):
    """One indicator's score and why.

    Immutable.  The parts that are the same in every evaluation come from the rubric's prepared
    :class:`IndicatorStatic`; the rest is read from the evaluation's record, and ``reason`` and ``reads`` are
    formatted on first access, so building the explanation of a result costs two attribute stores per
    indicator.
    """

    __slots__ = ("_reads", "_reason", "_run", "_static")
    _FIELDS = _INDICATOR_FIELDS
    _static: IndicatorStatic
    _run: ExplainedRun
    _reason: Text
    _reads: tuple[ValueRead, ...]

    def __init__(self, static: IndicatorStatic, run: ExplainedRun) -> None:
        self._static = static
        self._run = run

    @property
    def score(self) -> Decimal | None:
        """None when not applicable or failed."""
        return self._run.scores[self._static.index]

    @property
    def raw_score(self) -> Decimal | None:
        """Before indicator rounding."""
        return self._run.raw_scores[self._static.index]

    @property
    def status(self) -> str:
        """scored | not_applicable | error"""
        return self._run.status[self._static.index]

    @property
    def standard(self) -> str | None:
        """The 评价标准 text the rubric quotes for this indicator."""
        return self._static.standard

    @property
    def rule(self) -> str:
        """The rule form: score, when, deduct, checklist, proportional, levels, judged, formula."""
        return self._static.rule

    @property
    def branch(self) -> str | None:
        """Source text of the band, branch or items that decided the score."""
        index = self._static.index
        return self._static.branch(self._run.status[index], self._run.traces[index])[0]

    @property
    def line(self) -> int | None:
        """Line of ``branch`` in the rubric."""
        index = self._static.index
        return self._static.branch(self._run.status[index], self._run.traces[index])[1]

    @property
    def reason(self) -> Text:
        """Why the indicator scored what it did, in both languages, with the exact values it compared."""
        reason: Text | None = getattr(self, "_reason", None)  # formatted on first access
        if reason is None:
            self._reason = reason = self._static.reason(self._run, self._static.index)
        return reason

    @property
    def reads(self) -> tuple[ValueRead, ...]:
        """The facts and derived values the indicator read, with the values they had."""
        reads: tuple[ValueRead, ...] | None = getattr(self, "_reads", None)
        if reads is None:
            self._reads = reads = self._static.reads(self._run.env)
        return reads

    @property
    def error(self) -> Diagnostic | None:
        """Why the indicator could not be scored (status ``error``), else None."""
        return self._run.errors.get(self._static.index)

    @property
    def kind(self) -> str:
        """``indicator``, or ``penalty`` / ``bonus`` for one outside the base points whose ``points`` is its cap
        and whose score is subtracted from or added to its section (the total at the top level)."""
        return self._static.kind

    @property
    def target(self) -> TargetValue | None:
        """The 年度指标值 the rubric declares (``target …``), else None."""
        return self._static.goal(self._run.env)[0]

    @property
    def actual(self) -> ValueRead | None:
        """The 实际完成值: ``actual …`` or the rule's subject, for an indicator that declares a target or an
        actual value (else None); its ``value`` is None when it could not be computed (a fact absent)."""
        return self._static.goal(self._run.env)[1]

    @property
    def lost(self) -> Decimal | None:
        """Points lost (``points - score``); None when there is no score."""
        score = self.score
        return None if score is None else self.points - score

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (and copied) as its field values: the copy no longer refers to the rubric."""
        return _restore_indicator, (self._fields(),)


class _DetachedRun:
    """The record of one indicator whose values are already known (an unpickled or copied result)."""

    __slots__ = ("env", "errors", "na_reasons", "raw_scores", "scores", "status", "traces")

    def __init__(
        self, score: Decimal | None, raw: Decimal | None, status: str, place: Any, error: Diagnostic | None
    ) -> None:
        self.scores = (score,)
        self.raw_scores = (raw,)
        self.status = (status,)
        self.traces = (place,)  # read only by the restored ``branch``, which returns it
        self.errors: Mapping[int, Diagnostic] = {} if error is None else {0: error}
        self.na_reasons: Mapping[int, str] = {}
        self.env: Mapping[str, Any] = {}


def _restore_indicator(fields: tuple[Any, ...]) -> IndicatorResult:
    values = dict(zip(_INDICATOR_FIELDS, fields, strict=True))
    reason: Text = values["reason"]
    reads: tuple[ValueRead, ...] = values["reads"]
    static = IndicatorStatic(
        id=values["id"],
        label=values["label"],
        path=values["path"],
        path_labels=values["path_labels"],
        points=values["points"],
        standard=values["standard"],
        rule=values["rule"],
        index=0,
        reason=lambda run, index: reason,
        branch=lambda status, place: place,
        reads=lambda env: reads,
        kind=values["kind"],
        goal=lambda env: (values["target"], values["actual"]),
    )
    run = _DetachedRun(
        values["score"], values["raw_score"], values["status"], (values["branch"], values["line"]), values["error"]
    )
    item = IndicatorResult(static, run)
    item._reason = reason
    item._reads = reads
    return item
