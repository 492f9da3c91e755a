"""What an evaluation returns: the total and grade at once, per-indicator explanations on first access.

Building explanation objects costs more than scoring, so :class:`EvaluationResult` computes
``indicators`` and ``sections`` lazily from the run record; callers that only need ``total`` or
``scores()`` never pay for them.  :class:`IndicatorResult` and :class:`SectionResult` are immutable value
objects (equal when every field is equal) whose static parts are shared by all results of a rubric and
whose ``reason`` and ``reads`` are formatted on first access.

The rows live in :mod:`~rubricdsl.results.rows` (what both share), :mod:`~rubricdsl.results.indicator_result`
and :mod:`~rubricdsl.results.section_result`; they are imported here, where every caller finds them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from rubricdsl.diagnostics import Diagnostic, Severity, Text
from rubricdsl.ir.outcomes import Adjusted
from rubricdsl.results.indicator_result import IndicatorResult, IndicatorStatic
from rubricdsl.results.rows import ExplainedRun, TargetValue, ValueRead
from rubricdsl.results.section_result import SectionResult, SectionStatic, SectionValues

if TYPE_CHECKING:
    from rubricdsl.reading.source import SourceFile

NumberStyle = Literal["string", "json"]


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
    ``warn`` when a violation only warns; ``text`` the sentence with both sides' values; ``subject`` the
    assertion's name in problems, ``assert#N`` (the Nth ``assert`` of the rubric, from 1)."""

    message: str
    status: str
    warn: bool
    text: Text
    subject: str


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


__all__ = [
    "AssertionOutcome",
    "EvaluationResult",
    "ExplainedRun",
    "GradeCapResult",
    "IndicatorResult",
    "IndicatorStatic",
    "NumberStyle",
    "SectionResult",
    "SectionStatic",
    "SectionValues",
    "Step",
    "TargetValue",
    "ValueRead",
]
