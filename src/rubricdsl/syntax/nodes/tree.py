"""The declaration and tree nodes: facts, derived values, indicators, sections, the header and the rubric."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from rubricdsl.reading.source import Span
from rubricdsl.syntax.nodes.expressions import BoolLit, Expr, Literal, Name, Op, StringLit
from rubricdsl.syntax.nodes.fields import _span, _spelling
from rubricdsl.syntax.nodes.rules import Rule


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
