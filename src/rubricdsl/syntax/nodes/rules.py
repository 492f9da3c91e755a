"""The rule nodes: how one indicator is scored (score bands, when, deduct, checklist, … and later forms)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from rubricdsl.reading.source import Span
from rubricdsl.syntax.nodes.expressions import (
    Aggregate,
    Binary,
    BoolLit,
    Call,
    Expr,
    Literal,
    Name,
    Negate,
    Not,
    Op,
    StringLit,
)
from rubricdsl.syntax.nodes.fields import _span, _spelling


@dataclass(frozen=True, slots=True, kw_only=True)
class Compare:
    """A band test written as ``>=90%``: the subject compared with a threshold."""

    op: Op
    threshold: Literal
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Interval:
    """A band test written as ``[80%, 90%)``: brackets include the end, parentheses exclude it."""

    low: Literal
    low_inclusive: bool
    high: Literal
    high_inclusive: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Band:
    test: Compare | Interval
    outcome: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreRule:
    """First matching band wins; ``otherwise`` is the ``else`` outcome, if written."""

    subject: Expr
    bands: tuple[Band, ...]
    otherwise: Expr | None
    else_word: str = _spelling("else")  # `else` or `否则` as written
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Branch:
    condition: Expr
    outcome: Outcome
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class WhenRule:
    """First condition that holds gives its outcome: a number, or (v2) any rule form scored as it would alone."""

    branches: tuple[Branch, ...]
    otherwise: Outcome | None
    else_word: str = _spelling("else")  # `else` or `否则` as written
    span: Span = _span()


class StepMode(enum.Enum):
    PRO_RATA = "pro rata"
    WHOLE_STEPS = "whole steps"
    STARTED_STEPS = "started steps"


@dataclass(frozen=True, slots=True, kw_only=True)
class DeductRule:
    """``base B, -R per S below|above T``: B − R × units, floored at 0 (扣完为止), optionally capped."""

    subject: Expr
    base: Literal
    rate: Literal
    step: Literal | None  # None: `per missing`, one unit of the subject
    above: bool
    threshold: Literal
    mode: StepMode | None  # None: not stated by the author; evaluated pro rata
    cap: Literal | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Ratio:
    """Exact points written as a fraction (``10/3``): the item is worth numerator ÷ denominator exactly, and a
    checklist of such items is lowered to one division at the end, so three items of ``10/3`` sum to 10."""

    numerator: Literal
    denominator: Literal
    text: str  # as written, for the formatter and the explanation (`10/3`)
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class ChecklistItem:
    condition: Expr
    points: Literal | Ratio
    label: str | None
    label_quote: str = _spelling('"')
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class ChecklistRule:
    items: tuple[ChecklistItem, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class ProportionalRule:
    """points × achieved/target (higher is better) or target/achieved (lower), clamped to [0, 1]."""

    achieved: Expr
    target: Expr
    lower_is_better: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelShare:
    level: str
    share: Literal  # a percent is a share of the points; a plain number is points
    level_quote: str = _spelling("")  # the opening quote of a quoted level name; empty when written bare
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelsRule:
    subject: Expr
    shares: tuple[LevelShare, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class JudgedRule:
    fact: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class FormulaRule:
    expr: Expr
    span: Span = _span()


class FormRule:
    """The base of every rule form added since v1.  Such a form's node subclasses this (as a frozen, slotted,
    keyword-only dataclass with a ``span``), and every stage that does not know it calls its form's hooks in
    ``forms/`` (forms/base.Form): so a new form never edits this union or a stage's ``match``."""

    __slots__ = ()
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class TierRange:
    """``较强 -> [10, 15]``: the range a judged score must lie in when the tier is that level."""

    level: str
    range: Interval
    level_quote: str = _spelling("")  # as `LevelShare.level_quote`
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class JudgedWithinRule(FormRule):
    """``judged SCORE within TIER: LEVEL -> [lo, hi]; …``: the evaluators' score, held to its tier's range.

    Point ranges read ``score`` as points; percent ranges read it as a share of the indicator's points (the
    score fact is then a percent).  Lowered and explained by forms/judged_within.py."""

    score: Name
    tier: Name
    ranges: tuple[TierRange, ...]
    span: Span = _span()


Rule = (
    ScoreRule
    | WhenRule
    | DeductRule
    | ChecklistRule
    | ProportionalRule
    | LevelsRule
    | JudgedRule
    | FormulaRule
    | FormRule
)

Outcome = Expr | Rule  # a `when` branch's value: an expression, or a nested rule
_EXPRESSIONS = (Literal, StringLit, BoolLit, Name, Binary, Negate, Not, Call, Aggregate)


def outcome_expr(outcome: Outcome | None) -> Expr | None:
    """A `when` outcome that is an expression, else None (no outcome, or a nested rule)."""
    return outcome if isinstance(outcome, _EXPRESSIONS) else None


def outcome_rule(outcome: Outcome | None) -> Rule | None:
    """A `when` outcome that is a nested rule, else None (no outcome, or an expression)."""
    return None if outcome is None or isinstance(outcome, _EXPRESSIONS) else outcome
