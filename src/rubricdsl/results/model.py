"""What an evaluation returns: the total and grade at once, per-indicator explanations on first access.

Building explanation objects costs more than scoring, so :class:`EvaluationResult` computes
``indicators`` and ``sections`` lazily from the run record; callers that only need ``total`` or
``scores()`` never pay for them.  :class:`IndicatorResult` and :class:`SectionResult` are immutable value
objects (equal when every field is equal) whose static parts are shared by all results of a rubric and
whose ``reason`` and ``reads`` are formatted on first access.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

from rubricdsl.diagnostics import Diagnostic, Severity, Text
from rubricdsl.ir.outcomes import Adjusted

if TYPE_CHECKING:
    from rubricdsl.reading.source import SourceFile

NumberStyle = Literal["string", "json"]


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


def _no_goal(env: Mapping[str, Any]) -> tuple[TargetValue | None, ValueRead | None]:
    return None, None


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


class _Placed:
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
        assert isinstance(other, _Placed)
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


class IndicatorResult(_Placed):
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


class SectionStatic:
    """The parts of a section's result that are the same in every evaluation, prepared once per rubric;
    ``position`` is the section's place in the evaluation's list of (applicable points, score, veto)."""

    __slots__ = ("children", "id", "label", "path", "path_labels", "points", "position")

    def __init__(
        self,
        id: str,
        label: str,
        path: tuple[str, ...],
        path_labels: tuple[str, ...],
        points: Decimal,
        children: tuple[str, ...],
        position: int,
    ) -> None:
        self.id = id
        self.label = label
        self.path = path
        self.path_labels = path_labels
        self.points = points
        self.children = children
        self.position = position


_SECTION_FIELDS = (
    "id",
    "label",
    "path",
    "path_labels",
    "points",
    "applicable_points",
    "score",
    "vetoed",
    "children",
    "adjusted",
)
SectionValues = tuple[Decimal, Decimal, str | None] | tuple[Decimal, Decimal, str | None, Any]


class SectionResult(_Placed):
    """One section's score.  Immutable; the static parts come from the rubric's :class:`SectionStatic`, the
    rest from the evaluation's (applicable points, score, veto) of every section, which may be computed on
    first access."""

    __slots__ = ("_static", "_values")
    _FIELDS = _SECTION_FIELDS
    _static: SectionStatic

    def __init__(self, static: SectionStatic, values: Sequence[SectionValues]) -> None:
        self._static = static
        self._values = values

    @property
    def applicable_points(self) -> Decimal:
        """The points of the section's applicable indicators (those not marked not applicable)."""
        return self._values[self._static.position][0]

    @property
    def score(self) -> Decimal:
        """The sum of the scores of the section's rows, after any veto."""
        return self._values[self._static.position][1]

    @property
    def vetoed(self) -> str | None:
        """The veto's reason or condition text when one fired."""
        return self._values[self._static.position][2]

    @property
    def children(self) -> tuple[str, ...]:
        """Ids of the sections and indicators directly inside, in rubric order."""
        return self._static.children

    @property
    def adjusted(self) -> Adjusted | None:
        """The section's penalties and bonuses (``base``, ``bonus``, ``penalty``, ``final``), None without."""
        values = self._values[self._static.position]
        return values[3] if len(values) > 3 else None

    @property
    def base(self) -> Decimal:
        """The score before penalties and bonuses (after points moved from not-applicable indicators)."""
        adjusted = self.adjusted
        return self.score if adjusted is None else adjusted.base

    @property
    def bonus(self) -> Decimal:
        """The sum of the section's scored bonuses (0 without)."""
        adjusted = self.adjusted
        return Decimal(0) if adjusted is None else adjusted.bonus

    @property
    def penalty(self) -> Decimal:
        """The sum of the section's scored penalties (0 without)."""
        adjusted = self.adjusted
        return Decimal(0) if adjusted is None else adjusted.penalty

    @property
    def lost(self) -> Decimal:
        """Applicable points not scored."""
        return self.applicable_points - self.score

    def __reduce__(self) -> tuple[Any, ...]:
        return _restore_section, (self._fields(),)


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


def _restore_section(fields: tuple[Any, ...]) -> SectionResult:
    values = dict(zip(_SECTION_FIELDS, fields, strict=True))
    static = SectionStatic(
        values["id"], values["label"], values["path"], values["path_labels"], values["points"], values["children"], 0
    )
    row = (values["applicable_points"], values["score"], values["vetoed"], values["adjusted"])
    return SectionResult(static, (row,))


@dataclass(frozen=True, slots=True)
class GradeCapResult:
    """A grade cap whose condition held (``cap 良 when …``): the grade it holds the result to, the grade the
    total reached (``uncapped_grade``), the reason (the author's, else the condition as it held) and whether
    it lowered the grade."""

    grade: str
    uncapped_grade: str
    reason: Text
    lowered: bool


@dataclass(frozen=True, slots=True)
class AssertionOutcome:
    """One ``assert`` of the rubric on this fact set: ``status`` is ``holds``, ``violated`` or ``not_checked``;
    ``warn`` when a violation only warns; ``text`` the sentence with both sides' values."""

    message: str
    status: str
    warn: bool
    text: Text


@dataclass(frozen=True, slots=True)
class Step:
    """A visible step between the sum of indicator scores and the graded total."""

    kind: str  # veto | rescale | rounding | redistribute | adjust | grade_cap
    before: Decimal
    after: Decimal
    text: Text


class EvaluationResult:
    """The outcome of scoring one fact set.

    Attributes: ``total`` and ``max`` (Decimal), ``grade`` (the grade band's name), ``steps`` (veto,
    rescaling and rounding between the indicators' sum and the total), ``fact_problems`` and ``errors``
    (Diagnostics: what was wrong with the facts, and indicators that could not be scored), ``rubric_id``,
    ``rubric_label``, ``rubric_hash`` (sha256 of the rubric's text), ``meta`` (the rubric's ``meta`` lines),
    ``rubric_source`` (the rubric's text, for the locations of errors), ``record`` (the facts declared
    ``record``, each a :class:`ValueRead`: shown with the result, scored by nothing) and ``assertions`` (each
    ``assert`` of the rubric with its :class:`AssertionOutcome` on these facts: holds, violated or not checked).
    """

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
        rubric_source: SourceFile | None = None,
        assertions: tuple[AssertionOutcome, ...] = (),
        adjusted: Adjusted | None = None,
        grade_caps: tuple[GradeCapResult, ...] = (),
        record: tuple[ValueRead, ...] = (),
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
        # the rubric's text, so the locations of evaluation errors can be given in `to_dict`
        self.rubric_source = rubric_source
        self.assertions = assertions  # the rubric's `assert` checks, each with its outcome on these facts
        # Issue 10: the total's penalties and bonuses (base = the rescaled total), and the grade caps that held.
        self.adjusted = adjusted
        self.grade_caps = grade_caps
        # facts kept for the record (`record`): shown with the result, scored by nothing
        self.record = record

    @property
    def complete(self) -> bool:
        """False when a fact was missing or invalid, an assertion failed, or an indicator could not be scored (a
        warning among the fact problems, such as an assertion marked ``warn``, leaves the result complete)."""
        return not self.errors and all(problem.severity is Severity.WARNING for problem in self.fact_problems)

    def scores(self) -> Mapping[str, Decimal | None]:
        """Indicator id → score (None for not applicable or failed), without building explanations."""
        return self._scores

    @cached_property
    def _explained(self) -> tuple[tuple[IndicatorResult, ...], tuple[SectionResult, ...]]:
        return self._explain()

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        """Every indicator's score and explanation, in rubric order (built on first access)."""
        return self._explained[0]

    @property
    def sections(self) -> tuple[SectionResult, ...]:
        """Every section's score, in rubric order (built on first access)."""
        return self._explained[1]

    def indicator(self, ident: str) -> IndicatorResult:
        """The indicator with id ``ident``; KeyError if there is none."""
        for item in self.indicators:
            if item.id == ident:
                return item
        raise KeyError(ident)

    def section(self, ident: str) -> SectionResult:
        """The section with id ``ident``; KeyError if there is none."""
        for item in self.sections:
            if item.id == ident:
                return item
        raise KeyError(ident)

    def to_dict(self, *, numbers: NumberStyle, lang: str = "en", explain: bool = True) -> dict[str, Any]:
        """The result as plain data: the same document ``rubric eval --format json`` prints.

        ``numbers`` says how exact decimals are given, and must be chosen (no default, so nothing is ever a
        float by accident):

        - ``"string"``: as strings of their exact digits (``"98.375"``), ready for ``json.dumps`` or any
          JSON library;
        - ``"json"``: as :class:`~decimal.Decimal` values, to be written as JSON numbers from their own digits
          by :meth:`to_json` (or another encoder that writes Decimals exactly; ``json.dumps`` refuses them).

        Whole numbers lose their trailing zeros (``85.00`` → ``85``) in both.  ``lang`` is ``"en"`` or ``"zh"``
        for the reasons and messages; ``explain=False`` leaves out each indicator's branch, line and reads.
        """
        from rubricdsl.render.json import result_to_dict  # render depends on results, not the other way round

        style = _number_style(numbers)
        data = result_to_dict(self, self.rubric_source, lang, explain=explain)
        return _decimals_as_text(data) if style == "string" else data

    def to_json(self, *, numbers: NumberStyle, lang: str = "en", explain: bool = True, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8 characters unescaped); ``numbers="json"`` writes every decimal
        as a JSON number with exactly its digits (``98.375``, never ``98.37499999999999``)."""
        from rubricdsl.render.json import dumps

        return dumps(self.to_dict(numbers=numbers, lang=lang, explain=explain), indent=indent)

    def __repr__(self) -> str:
        state = "complete" if self.complete else "incomplete"
        return f"<EvaluationResult {self.rubric_id} total={self.total} max={self.max} grade={self.grade} {state}>"


def _number_style(numbers: str) -> NumberStyle:
    if numbers == "string":
        return "string"
    if numbers == "json":
        return "json"
    raise ValueError(f'numbers must be "string" or "json", not {numbers!r}')


def _decimals_as_text(value: Any) -> Any:
    """``value`` with every Decimal replaced by the text of its digits (as the JSON number would be written)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {key: _decimals_as_text(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_decimals_as_text(inner) for inner in value]
    return value
