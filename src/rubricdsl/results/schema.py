"""A pydantic model of an evaluation result, for web APIs (FastAPI, Litestar) and for its JSON Schema.

    >>> from rubricdsl.results.schema import ResultModel
    >>> @app.post("/score", response_model=ResultModel)
    ... def score(facts: dict[str, Any]) -> ResultModel:
    ...     return ResultModel.from_result(rubric.evaluate(facts), lang="zh")

The model holds exactly the document ``rubric eval --format json`` prints (:meth:`EvaluationResult.to_dict`),
no private attribute of the result.  Decimals stay :class:`~decimal.Decimal` in Python and are written as
strings of their exact digits in JSON (``"98.375"``, ``"1000000000000000000000000000000"``), never through a
float.  :meth:`ResultModel.model_json_schema` describes both that output and the CLI's, whose decimals are
JSON numbers: a decimal field accepts a number or a string of digits.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer, Strict, StrictBool, StrictStr, WithJsonSchema

from rubricdsl.results.model import EvaluationResult

_DECIMAL_JSON = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}]}
ExactDecimal = Annotated[
    Decimal,
    PlainSerializer(lambda value: format(value, "f"), return_type=str, when_used="json"),
    WithJsonSchema(_DECIMAL_JSON),  # a JSON number (the CLI) or the string of its digits (this model)
]
"""A Decimal written in JSON as the text of its digits (``format(value, "f")``: no exponent, no float)."""

ItemValue = StrictBool | Annotated[ExactDecimal, Strict()] | StrictStr
ReadValue = StrictBool | Annotated[ExactDecimal, Strict()] | StrictStr | list[dict[str, ItemValue]] | None
"""A value an indicator read: yes/no, a number or a level name, each kept as its own type (a lax union would
read ``True`` as the number 1).  In JSON a number is written as a string of digits, so a level named with
digits (``"100"``) reads back as a number: the rubric's facts say which it is."""


class _Strict(BaseModel):
    # A key the document gains must be added here too: the tests build the model from real results.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Position(_Strict):
    line: int
    column: int


class Location(_Strict):
    """Where in the rubric file a diagnostic points (lines and columns from 1)."""

    file: str
    line: int
    column: int
    end: Position


class DiagnosticModel(_Strict):
    """A problem with the facts (F-codes) or an evaluation error (E-codes), as ``docs/diagnostics.md`` lists."""

    code: str
    name: str
    severity: Literal["error", "warning", "info"]
    message: str
    location: Location | None
    subject: str | None  # the fact or indicator the problem is about
    help: str | None


class StepModel(_Strict):
    """A step between the sum of indicator scores and the graded total."""

    kind: str  # veto | rescale | rounding | redistribute | adjust | grade_cap
    before: ExactDecimal
    after: ExactDecimal
    text: str


class TargetModel(_Strict):
    """An indicator's 年度指标值: as shown (``≥90%``), its value (None for descriptive text) and comparison."""

    shown: str
    value: ReadValue
    op: str | None


class ActualModel(_Strict):
    """An indicator's 实际完成值: the expression it is (``of``), its label, value and how it is shown."""

    of: str
    label: str
    value: ReadValue
    shown: str


class IndicatorModel(_Strict):
    """One indicator's score and why; ``branch``, ``line`` and ``reads`` are there when explained."""

    id: str
    label: str
    path: list[str]
    path_labels: list[str]
    points: ExactDecimal
    score: ExactDecimal | None  # None when not applicable or failed
    lost: ExactDecimal | None
    status: Literal["scored", "not_applicable", "error"]
    rule: str
    reason: str
    standard: str | None
    branch: str | None = None
    line: int | None = None
    reads: dict[str, ReadValue] | None = None
    raw_score: ExactDecimal | None = None  # given only when rounding changed the score
    error: DiagnosticModel | None = None
    kind: Literal["penalty", "bonus"] | None = None  # given only for a penalty or bonus (points = its cap)
    target: TargetModel | None = None  # given when the indicator declares a target
    actual: ActualModel | None = None  # given with a target, or when `actual …` is written


class SectionModel(_Strict):
    id: str
    label: str
    path: list[str]
    points: ExactDecimal
    applicable_points: ExactDecimal
    score: ExactDecimal
    vetoed: str | None
    children: list[str]
    base: ExactDecimal | None = None  # given only for a section with penalties or bonuses
    bonus: ExactDecimal | None = None
    penalty: ExactDecimal | None = None


class AdjustedModel(_Strict):
    """The total's penalties and bonuses: the rescaled total, their sums, and the total they give (before
    ``rounding total``)."""

    base: ExactDecimal
    bonus: ExactDecimal
    penalty: ExactDecimal
    final: ExactDecimal


class GradeCapModel(_Strict):
    """A grade cap whose condition held."""

    grade: str
    uncapped_grade: str
    reason: str
    lowered: bool


class AssertionModel(_Strict):
    subject: str  # assert#N: the rubric's Nth `assert`, as its problems name it
    message: str
    status: str  # holds | violated | not_checked
    warn: bool
    text: str


class ResultModel(_Strict):
    """The result of scoring one fact set as a pydantic model: exactly the document of
    :meth:`EvaluationResult.to_dict`, with Decimals kept in Python and written in JSON as strings of their
    digits.  Return it from a FastAPI endpoint (``response_model=ResultModel``); ``model_json_schema()`` is the
    schema of the document, which accepts a decimal as a JSON number (the CLI's output) or a string of digits.
    Keys the document leaves out (``raw_score`` when no rounding changed the score, ``error``, and without
    explanations ``branch``, ``line`` and ``reads``) are None here; ``model_dump(exclude_unset=True)`` leaves
    them out as well."""

    complete: bool
    incomplete_reasons: list[str]
    unscored: list[str]
    schema_version: int
    rubric: str
    title: str
    meta: dict[str, str]
    rubric_hash: str
    total: ExactDecimal
    max: ExactDecimal
    grade: str
    steps: list[StepModel]
    indicators: list[IndicatorModel]
    sections: list[SectionModel]
    fact_problems: list[DiagnosticModel]
    errors: list[DiagnosticModel]
    assertions: list[AssertionModel] | None = None  # only for a rubric with `assert` checks
    adjusted: AdjustedModel | None = None  # given only when the rubric has top-level penalties or bonuses
    grade_caps: list[GradeCapModel] | None = None  # given only when a grade cap's condition held
    record: dict[str, ReadValue] | None = None  # facts kept for the record, when the rubric declares any

    @classmethod
    def from_result(cls, result: EvaluationResult, *, lang: str = "en", explain: bool = True) -> ResultModel:
        """The model of ``result``, with its texts in ``lang`` (``"en"`` or ``"zh"``)."""
        return cls.model_validate(result.to_dict(numbers="json", lang=lang, explain=explain))


def result_json_schema() -> dict[str, Any]:
    """The JSON Schema of a result document (``rubric eval --format json``, :meth:`EvaluationResult.to_json`)."""
    return ResultModel.model_json_schema()
