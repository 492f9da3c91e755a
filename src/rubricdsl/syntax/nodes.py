"""The typed AST: small immutable nodes, each carrying its source span.

Spans are excluded from equality, so ``parse(format(x)) == parse(x)`` compares meaning, not layout.  Nodes
carry no behaviour: checking, evaluation and rendering live in their own stages and keep what they learn in
side tables.  Literal values are already exact: percents are shares (``90%`` is ``Decimal("0.9")``) and money
is in 元 (``50万元`` is ``Decimal("500000")``); the literal's source text is kept for faithful rendering.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from rubricdsl.reading.source import NO_SPAN, Span


def _span() -> Span:
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    return span


def _spelling(default: str) -> str:
    """How the author wrote something whose meaning is elsewhere (a quote, `是` for true): kept for the
    formatter, ignored by equality like a span."""
    text: str = field(default=default, compare=False, repr=False)
    return text


# ---- expressions ----------------------------------------------------------------------------------


class LiteralKind(enum.Enum):
    NUMBER = "number"
    PERCENT = "percent"
    MONEY = "money"
    DATE = "date"  # a calendar day, valued as its day number (syntax/dates.py)


@dataclass(frozen=True, slots=True, kw_only=True)
class Literal:
    value: Decimal
    kind: LiteralKind
    text: str
    suffix: str = _spelling("")  # `分` after points (a header's, an outcome's, `base 5分`…), when written
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class StringLit:
    value: str
    quote: str = _spelling('"')  # the opening quote as written: " or “ (empty: a default level written bare)
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class BoolLit:
    value: bool
    text: str = _spelling("")  # true, false, 是 or 否 as written; empty when built in code
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Name:
    ident: str
    span: Span = _span()


class Op(enum.Enum):
    ADD = "+"
    SUB = "-"
    MUL = "*"
    DIV = "/"
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="
    NE = "!="
    AND = "and"
    OR = "or"


ARITHMETIC = frozenset({Op.ADD, Op.SUB, Op.MUL, Op.DIV})
COMPARISON = frozenset({Op.GE, Op.GT, Op.LE, Op.LT, Op.EQ, Op.NE})
LOGICAL = frozenset({Op.AND, Op.OR})


@dataclass(frozen=True, slots=True, kw_only=True)
class Binary:
    op: Op
    left: Expr
    right: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Negate:
    operand: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Not:
    operand: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Call:
    function: str
    args: tuple[Expr, ...]
    span: Span = _span()


LIST_FUNCTIONS = frozenset({"count", "all", "any", "share", "sum"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Aggregate:
    """An aggregate over a list fact's items: ``count(funds where paid_on > due)``, ``sum(funds.paid)``.

    ``function`` is one of :data:`LIST_FUNCTIONS`; ``field`` is the summed field (``funds.paid``); inside
    ``where``, the item's fields are in scope by name (before facts and derived values).  ``count(x)`` with a
    bare name is lowered to this node too; the checker reads it as the boolean ``count`` when ``x`` is not a
    list."""

    function: str
    items: Name
    field: Name | None
    where: Expr | None
    span: Span = _span()


Expr = Literal | StringLit | BoolLit | Name | Binary | Negate | Not | Call | Aggregate


# ---- rules ------------------------------------------------------------------------------------------


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


# ---- declarations and the indicator tree ----------------------------------------------------------------


class FactKind(enum.Enum):
    BOOL = "bool"
    COUNT = "count"
    NUMBER = "number"
    PERCENT = "percent"
    MONEY = "money"
    ENUM = "enum"
    TEXT = "text"  # a name or a note: shown, compared with == and != only
    LIST = "list"  # a list of items with typed fields (``FactType.fields``)
    DATE = "date"  # a calendar day, valued as its day number (syntax/dates.py)


@dataclass(frozen=True, slots=True, kw_only=True)
class FactType:
    kind: FactKind
    money_unit: str | None = None  # 元 or 万元: the unit the facts file writes amounts in
    levels: tuple[str, ...] = ()
    level_quotes: tuple[str, ...] = field(default=(), compare=False, repr=False)  # per level, as `Meta.quote`
    fields: tuple[ItemField, ...] = ()  # a list's item fields, in written order
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemField:
    """One field of a list's items: a scalar type with the options a scalar fact takes (bounds, ``optional``,
    ``default``); ``absent:`` and ``record`` are the list's, not a field's (checked)."""

    name: str
    type: FactType
    bounds: tuple[Bound, ...]
    optional: bool
    default: DefaultValue | None
    absent: Absence | None = None
    record: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Bound:
    """A declared constraint ``> 0`` or ``in [0%, 100%]``, stored as an interval."""

    low: Literal | None
    low_inclusive: bool
    high: Literal | None
    high_inclusive: bool
    text: str
    span: Span = _span()


DefaultValue = Literal | BoolLit | StringLit


class Absence(enum.Enum):
    """What the rubric says an absent optional fact means (``absent: not_applicable``)."""

    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True, slots=True, kw_only=True)
class FactDecl:
    name: str
    label: str | None
    type: FactType
    bounds: tuple[Bound, ...]
    optional: bool  # may be absent; a scored fact must also state `absent:` or a default (checked)
    default: DefaultValue | None  # absent → this value
    label_quote: str = _spelling('"')
    absent: Absence | None = None  # absent → this policy; `absent: …` implies `optional`
    record: bool = False  # kept for the record: shown, scored by nothing (the linter does not ask for a reader)
    span: Span = _span()


LetKind = FactKind  # a `let` may declare one of the numeric kinds or bool (never an enum)


@dataclass(frozen=True, slots=True, kw_only=True)
class LetDecl:
    name: str
    label: str | None
    expr: Expr
    label_quote: str = _spelling('"')
    kind: LetKind | None = None  # declared with `let x: percent = …`; checked against the inferred kind
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Veto:
    condition: Expr
    reason: str | None
    reason_quote: str = _spelling('"')
    span: Span = _span()


class IndicatorKind(enum.Enum):
    """An ordinary indicator, or a penalty (减分项) / bonus (加分项) standing outside its section's points."""

    INDICATOR = "indicator"
    PENALTY = "penalty"
    BONUS = "bonus"


@dataclass(frozen=True, slots=True, kw_only=True)
class Assertion:
    """``assert left op right [within tolerance] ["message"] [, warn]``: a consistency check on the facts.

    ``==`` within ``t`` holds when ``|left − right| <= t``; ``<=`` within ``t`` when ``left <= right + t``;
    ``>=`` within ``t`` when ``left >= right − t``.  Violated, it is a fact problem: it fails the result (F462),
    or with ``warn`` only warns (F463)."""

    left: Expr
    op: Op
    right: Expr
    tolerance: Literal | None
    message: str | None
    warn: bool
    message_quote: str = _spelling('"')
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """An indicator's 年度指标值: ``target 500``, ``target >= 90%``, ``target plan_count`` (a fact or derived
    value), or ``target "有效提升"`` (a descriptive target: shown, never computed with).  In the indicator's
    rule the name ``target`` stands for ``value``."""

    op: Op | None  # None: written without a comparison
    value: Literal | Name | StringLit
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    """A scored leaf.  A penalty or bonus (``kind``) is written like one, its ``points`` being its cap (最高减分
    / 最高加分): its rule's value, held to at most the cap, is subtracted from or added to its section's (or the
    total's) score after the children's sum, and its points are not part of the section's."""

    id: str
    label: str | None
    points: Literal
    standard: str | None
    rule: Rule
    target: Target | None = None
    actual: Expr | None = None  # 实际完成值 when it is not the rule's subject (`actual trained / planned`)
    label_quote: str = _spelling('"')
    standard_quote: str = _spelling('"')
    standard_span: Span = _span()
    kind: IndicatorKind = IndicatorKind.INDICATOR
    span: Span = _span()

    @property
    def adjusts(self) -> bool:
        """A penalty or bonus: outside the base points."""
        return self.kind is not IndicatorKind.INDICATOR


@dataclass(frozen=True, slots=True, kw_only=True)
class NotApplicablePolicy:
    """Where a not-applicable indicator's points go: ``rescale`` (the default: out of the denominator, the whole
    rubric rescaled), ``siblings`` (to the applicable siblings, pro rata to their points) or the id of a sibling
    indicator that receives them.  ``source`` names the one indicator the policy is for (``not_applicable b ->
    a``); None for every not-applicable child of the section."""

    target: str
    source: str | None
    target_span: Span = _span()
    source_span: Span = _span()
    span: Span = _span()


RESCALE, SIBLINGS = "rescale", "siblings"


@dataclass(frozen=True, slots=True, kw_only=True)
class GradeCap:
    """``cap 良 when condition, "reason"``: when the condition holds, the grade is at most ``grade`` (the score
    is unchanged): 严重问题不得评优."""

    grade: str
    condition: Expr
    reason: str | None
    grade_quote: str = _spelling("")  # as `LevelShare.level_quote`
    reason_quote: str = _spelling('"')
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    id: str
    label: str | None
    points: Literal
    children: tuple[Section | Indicator, ...]
    vetoes: tuple[Veto, ...]
    label_quote: str = _spelling('"')
    na_policies: tuple[NotApplicablePolicy, ...] = ()
    uncapped: bool = False  # bonuses may lift the section above its points
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class GradeBand:
    name: str
    op: Op
    threshold: Literal
    name_quote: str = _spelling("")  # as `LevelShare.level_quote`
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Grades:
    bands: tuple[GradeBand, ...]
    otherwise: str
    otherwise_quote: str = _spelling("")  # as `LevelShare.level_quote`
    else_word: str = _spelling("else")  # `else` or `否则` as written
    span: Span = _span()


class RoundingMode(enum.Enum):
    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    DOWN = "down"
    UP = "up"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rounding:
    target: str  # "indicators" or "total"
    places: int
    mode: RoundingMode
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Meta:
    key: str
    value: str
    quote: str = _spelling("")  # the opening quote of a string value; empty for a number
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    text: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Rubric:
    id: str
    label: str | None
    full: Literal
    meta: tuple[Meta, ...]
    grades: Grades | None
    rounding: tuple[Rounding, ...]
    facts: tuple[FactDecl, ...]
    lets: tuple[LetDecl, ...]
    children: tuple[Section | Indicator, ...]
    vetoes: tuple[Veto, ...]
    assertions: tuple[Assertion, ...] = ()
    comments: tuple[Comment, ...] = field(default=(), compare=False)
    label_quote: str = _spelling('"')
    na_policies: tuple[NotApplicablePolicy, ...] = ()
    uncapped: bool = False  # bonuses may lift the total above the full score
    grade_caps: tuple[GradeCap, ...] = ()
    span: Span = _span()


def adjusts(item: Section | Indicator) -> bool:
    """A penalty or bonus (outside its parent's points), not an indicator or a section."""
    return isinstance(item, Indicator) and item.kind is not IndicatorKind.INDICATOR


def walk_indicators(items: tuple[Section | Indicator, ...]) -> list[Indicator]:
    """All leaf indicators in source order."""
    found: list[Indicator] = []
    stack = list(reversed(items))
    while stack:
        item = stack.pop()
        if isinstance(item, Indicator):
            found.append(item)
        else:
            stack.extend(reversed(item.children))
    return found
