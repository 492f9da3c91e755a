"""The scoring IR: what every back end consumes, in about twenty small nodes with exact semantics.

The checked AST is lowered once (:mod:`rubricdsl.ir.lower`, with one unit per rule form in
:mod:`rubricdsl.forms`) into these nodes.  Back ends — the closure interpreter (:mod:`rubricdsl.ir.interpret`),
and, as they migrate, the generated-Python fast path, the SQL generator and the interval analysis — read only
this module's nodes and never learn which rule form produced them.

Values are ``Decimal`` (every number), ``bool`` or ``str`` (a level name, a grade).  Arithmetic runs in one
exact context (:data:`rubricdsl.evaluate.program.CONTEXT`: 50 significant digits, ``ROUND_HALF_EVEN`` beyond
them, traps on invalid operations, division by zero and overflow); a trapped operation fails the indicator (or
derived value, or veto) that computed it with ``E308``.  Sums and products of literals and facts are exact; a
quotient is the only operation that can be cut, and it is kept as its own node (:class:`Div`) so that a back
end without exact decimal division (SQL) can cross-multiply or carry a rational instead.

Evaluation order is part of the semantics, because it decides which failure is reported when several could
be: operands are evaluated left to right, except that :class:`Div` evaluates its divisor first (as the closure
evaluator does), and :class:`And`/:class:`Or`/:class:`Select` evaluate only what they need.

**Traces.**  :class:`Let`, :class:`Select` and :class:`Scope` record values under stable string keys in the
*frame* of the indicator being scored: the bound value, the index of the arm that fired, a nested rule's own
frame.  The frame is the one record that an explanation, a SQL query's "branch that fired" columns and a lint
witness all read; the keys are chosen by the rule form (``arm``, ``subject``, ``units``…) and documented in
its module.  Nothing else in an evaluation is recorded.

Every node carries the span of the construct it came from (excluded from equality, as in the AST).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from rubricdsl.reading.source import NO_SPAN, Span

Value = Decimal | bool | str  # and, for a list fact, a tuple of items (see :class:`Over`)


class ArithOp(enum.Enum):
    ADD = "+"
    SUB = "-"
    MUL = "*"


class CmpOp(enum.Enum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="
    NE = "!="


class RoundMode(enum.Enum):
    """The ``decimal`` rounding of :class:`Round`; values are the ``decimal`` module's constants."""

    HALF_UP = "ROUND_HALF_UP"  # 四舍五入: what `round()` and most `rounding` declarations mean
    HALF_EVEN = "ROUND_HALF_EVEN"
    DOWN = "ROUND_DOWN"  # toward zero
    UP = "ROUND_UP"  # away from zero


# ---- values ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Const:
    """A constant: the literal's exact value (``90%`` is ``Decimal("0.9")``), a bool, a level name."""

    value: Value
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Ref:
    """The value of a fact or derived value.  If it has none (absent, invalid, or a derived value that
    failed), the indicator being scored stops: it is *not applicable* when ``name`` is (or failed because
    of) an optional fact that is absent, and failed with ``E301``/``E303`` (or the derived value's own
    failure) otherwise.  In SQL: the column, with NULL meaning absent."""

    name: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Var:
    """The value a :class:`Let` around this node bound to ``key`` in the current frame."""

    key: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Let:
    """Evaluate ``value`` once, record it in the frame under ``key``, then evaluate ``body`` (which reads it
    with :class:`Var`).  A rule's subject is bound once and tested against every band; the values an
    explanation shows (a deduction's units, a share) are bound under the keys it reads."""

    key: str
    value: Expr
    body: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Neg:
    """``-operand``."""

    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Arith:
    """``left op right`` for + − ×, left operand first; exact for realistic amounts (50 digits)."""

    op: ArithOp
    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Div:
    """``dividend / divisor``.  The divisor is evaluated first; if it is zero, ``failure`` is raised (with
    ``None`` the divisor is a non-zero constant the checker proved, and a zero would be an internal ``E308``).
    The quotient is cut to 50 significant digits, ``ROUND_HALF_EVEN``, when its expansion is longer.  A back
    end without exact division compares ``a / b >= t`` as ``a >= t × b`` for ``b > 0`` (and flips for
    ``b < 0``), or carries the pair (a, b) as a rational and divides once, at a declared scale."""

    dividend: Expr
    divisor: Expr
    failure: Fail | None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Cmp:
    """``left op right`` → bool; numbers compare by value (``1.0 == 1``), level names as strings."""

    op: CmpOp
    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Not:
    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class And:
    """``left and right``; ``right`` is not evaluated (and so cannot fail) when ``left`` is false."""

    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Or:
    """``left or right``; ``right`` is not evaluated (and so cannot fail) when ``left`` is true."""

    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Min:
    """The least of ``args`` (all evaluated, in order); of equal least values, the first (so its exponent:
    ``min(2.50, 2.5)`` is ``2.50``).  SQL's LEAST gives the same value."""

    args: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Max:
    """The greatest of ``args``; of equal greatest values, the first (``max(0, x)`` is the constant 0 when x is
    zero: the deduction's floor 扣完为止 is ``Max(0, base − deduction)``)."""

    args: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Abs:
    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Clamp:
    """``low`` if ``value < low``, ``high`` if ``value > high``, else ``value`` itself (bounds are evaluated
    after the value).  A proportional share is ``Clamp(share, 0, 1)``."""

    value: Expr
    low: Expr
    high: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Floor:
    """The greatest integer ≤ operand (``Decimal.to_integral_value(ROUND_FLOOR)``, exponent 0)."""

    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Ceil:
    """The least integer ≥ operand (``Decimal.to_integral_value(ROUND_CEILING)``, exponent 0)."""

    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Round:
    """``operand`` quantized to ``places`` decimals (``quantize(10**-places, mode)``): the result has exactly
    ``places`` decimals (``round(7, 2)`` is ``7.00``).  A quantized value wider than 50 digits is ``E308``."""

    operand: Expr
    places: int
    mode: RoundMode
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sum:
    """``0 + terms[0] + terms[1] + …``, left to right, starting from the exact integer 0 (so the result's
    exponent is at most 0, as the evaluator's running totals are).  ``Sum(())`` is 0."""

    terms: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Count:
    """The number of ``conditions`` that hold, as a Decimal (every condition evaluated, in order)."""

    conditions: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


class ListOp(enum.Enum):
    COUNT = "count"
    ALL = "all"
    ANY = "any"
    SUM = "sum"


@dataclass(frozen=True, slots=True, kw_only=True)
class Over:
    """An aggregate over the items of a list fact.  ``items`` gives the list: a tuple of items, each a mapping
    from field name to value (an absent optional field without a default is left out).  For each item in
    order, ``where`` (if any; ``None`` is every item) is evaluated with :class:`Item` reading that item.

    ``COUNT``: the number of items ``where`` holds for, as a Decimal (every item evaluated).  ``SUM``: ``0 +
    value(item) + …`` over the items ``where`` holds for, left to right from the integer 0 (every item
    evaluated).  ``ALL``: false at the first item ``where`` fails for (later items are not evaluated), else
    true — so true for an empty list.  ``ANY``: true at the first item ``where`` holds for, else false — so
    false for an empty list.  ``share(L where c)`` is not a node: it is ``Div(Over(COUNT, c), Over(COUNT))``
    with the division's ``E302`` for an empty list.  In SQL: refused (``S614``)."""

    op: ListOp
    items: Expr
    where: Expr | None
    value: Expr | None  # SUM: the summed value of an item (an Item)
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """The field ``name`` of the item the innermost enclosing :class:`Over` is at (of the list fact
    ``fact``).  An item without it (an optional field left out, no default) stops the indicator as a missing
    fact named ``fact[position].name`` (1-based position): ``E301``.  With ``given``, the node is instead whether
    the item has the field (``given(paid_on)``), a bool that never fails."""

    fact: str
    name: str
    given: bool = False
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkingDays:
    """The working days from ``start`` to ``end`` (both dates, i.e. day numbers), on the official mainland
    calendar with its 调休 make-up days (:mod:`rubricdsl.ir.calendar`): the number of working days ``d`` with
    ``start < d <= end`` (the first day not counted, the last counted: 逾期N个工作日 from a deadline), or minus
    those with ``end < d <= start`` when ``end`` comes first; a Decimal, exponent 0.  ``start`` first, then
    ``end``.  Either day outside the years the calendar covers fails with ``F461`` (never a guessed count).
    (Calendar days need no node: ``days_between(a, b)`` is ``Arith(SUB, b, a)`` on day numbers.)"""

    start: Expr
    end: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Arm:
    """One guarded arm of a :class:`Select`: ``condition`` (a bool) and the ``value`` it gives."""

    condition: Expr
    value: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Select:
    """The first arm whose condition holds gives the value; if none holds, ``otherwise`` does.

    Conditions are evaluated in order until one holds; only the chosen value is evaluated.  When ``key`` is
    set, the arm that fired is recorded in the frame under it: its position, or ``otherwise_arm`` for the
    otherwise (``len(arms)`` for a written ``else``; ``-1``, NO_BAND, for the implicit 0 of a score or when
    rule with no else).  In SQL: ``CASE WHEN … END`` plus a second CASE giving the position, the "branch that
    fired" column."""

    key: str | None
    arms: tuple[Arm, ...]
    otherwise: Expr
    otherwise_arm: int
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """Evaluate ``body`` in a fresh frame, recorded in the current frame under ``key``: a nested rule's own
    trace (its ``arm``, its ``units``) stays under its branch and never collides with the outer rule's."""

    key: str
    body: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rescale:
    """The not-applicable rescale of the root's score: ``score`` if ``applicable == full``; else
    ``score × full / applicable`` (multiplied first, then divided, in the evaluation context); when nothing is
    applicable, 0.  Records under ``key`` which case it was: ``"none"``, ``"rescaled"`` or ``"empty"`` (the
    program then reports ``E305`` outside any indicator)."""

    key: str
    score: Expr
    applicable: Expr
    full: Decimal
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Guard:
    """Bind ``value`` to ``key`` (recorded, readable by ``failure``'s arguments through :class:`Var`), and give
    it if ``low <= value <= high``; otherwise raise ``failure``.  A judged value held to [0, points] (``E304``)
    and every indicator's score held to [0, points] (``E307``).  In SQL: ``CASE WHEN v BETWEEN lo AND hi THEN v
    END`` plus the failure code column."""

    key: str
    value: Expr
    low: Decimal
    high: Decimal
    failure: Fail
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Fail:
    """Stop scoring the indicator (or derived value, or veto) with diagnostic ``code``; ``args`` are its
    message arguments, evaluated when it fires (a judged value, a level name).  A guard is a :class:`Select`
    whose arm is a ``Fail``: a judged value out of [0, points] (``E304``), an unknown level (``E306``), a score
    outside [0, points] (``E307``)."""

    code: str
    args: tuple[tuple[str, Expr], ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


Expr = (
    Const
    | Ref
    | Var
    | Let
    | Neg
    | Arith
    | Div
    | Cmp
    | Not
    | And
    | Or
    | Min
    | Max
    | Abs
    | Clamp
    | Floor
    | Ceil
    | Round
    | Sum
    | Count
    | Over
    | Item
    | WorkingDays
    | Select
    | Scope
    | Rescale
    | Guard
    | Fail
)


# ---- the program: derived values, indicators, sections, total, grade ---------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Input:
    """A declared fact: its name, kind (``bool``, ``count``, ``number``, ``percent``, ``money``, ``enum``), its
    levels (enum), its declared bounds as (low, low inclusive, high, high inclusive) with ``None`` for no end,
    and whether it is optional.  What a SQL back end types its columns by and an interval analysis starts from;
    money is in 元, percents are shares, as every value in the IR.  ``unit_scale`` is what a value in the
    fact's declared unit is multiplied by to be in 元 (10000 for 万元, else 1), and ``default`` the value an
    absent fact takes (already in 元), so a back end reading the declared unit (SQL) converts as the facts
    layer does."""

    name: str
    kind: str
    levels: tuple[str, ...]
    bounds: tuple[tuple[Decimal | None, bool, Decimal | None, bool], ...]
    optional: bool
    unit_scale: Decimal = Decimal(1)
    default: Value | None = None
    fields: tuple[Input, ...] = ()  # a list's item fields (``kind`` ``list``; its bounds count its items)
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Derived:
    """A derived value (``let``), computed once per evaluation in declaration order.  If it fails, it has no
    value, and whoever reads it fails (or is not applicable) with its cause."""

    name: str
    expr: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    """One scored leaf.  ``body`` gives the raw score (it includes the form's guards and the ``E307`` guard
    that the score lies in [0, points]) and records the form's trace in the indicator's frame.  The program's
    ``indicator_rounding`` then rounds it.  ``form`` names the rule form, for explanations only: no back end
    reads it.  An indicator listed as not applicable in the facts is not evaluated."""

    id: str
    index: int
    points: Decimal
    body: Expr
    form: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)  # the rule's span: where an E308 inside it points


@dataclass(frozen=True, slots=True, kw_only=True)
class Veto:
    """``veto when condition``: if it holds, the section scores 0.  A veto that cannot be evaluated reports
    ``E309`` (with its cause) and does not fire."""

    index: int  # position among its section's vetoes
    condition: Expr
    reason: str | None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Adjustment:
    """A penalty (``sign`` −1) or bonus (+1) indicator standing in a section outside its points (issue 10,
    form 2).  Its score (in [0, its cap], by its own E307 guard) is added or subtracted after the children's
    sum, if it was scored; the section is then floored at 0 and, when the section's ``cap_at_points`` holds,
    capped at its points.  Its points never count toward applicable points.  No v1 form produces one."""

    indicator: Indicator
    sign: int
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Redistribution:
    """Where the points of a section's not-applicable indicators go instead of leaving the denominator (issue
    10, form 5), applied after the children's sum and before adjustments.

    First each ``named`` move (a not-applicable indicator's index, the receiving sibling's index): when the
    receiver was scored with score s of points p (p > 0), the section's score gains s × m / p (multiplied first,
    then divided) and its applicable points gain m, the mover's points; a failed receiver gains the points with
    no score (a lower bound, as a failed indicator's points stay); a receiver that is itself not applicable, or
    has 0 points, receives nothing (the points leave, and the whole-rubric rescale sees them).  Then, when
    ``siblings``, the points N of every other not-applicable indicator among ``members`` (the section's direct
    indicators, less ``exempt``) move to the applicable children pro rata to their applicable points A:
    score × (A + N) / A, applicable A + N; with A = 0 nothing moves."""

    siblings: bool
    members: tuple[int, ...]
    named: tuple[tuple[int, int], ...] = ()
    exempt: frozenset[int] = frozenset()
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """A section (or the rubric itself, ``is_root``).

    score = 0 + Σ scores of its scored children (nested sections included); applicable points = 0 + Σ points
    of its scored or failed indicators and of its sections' applicable points (a not-applicable indicator's
    points leave the denominator, a failed one's stay, so the total is a lower bound).  Then the
    ``redistribution``, if any; then adjustments, if any (the root's apply to the rescaled total instead, in
    :attr:`Program.total`, so a penalty of 5 takes 5 from the total, not 5 × full / applicable); then vetoes in
    order: the first that holds sets the score to 0 (applicable points unchanged, the root's adjustments not
    applied)."""

    id: str
    points: Decimal
    children: tuple[Section | Indicator, ...]
    vetoes: tuple[Veto, ...]
    adjustments: tuple[Adjustment, ...] = ()
    cap_at_points: bool = True  # with adjustments: may bonuses lift the section above its points?
    is_root: bool = False
    redistribution: Redistribution | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class GradeCap:
    """``cap 良 when condition`` (issue 10, form 6): after the grade is found, if ``condition`` holds and the
    grade ranks above ``grade`` in :attr:`Program.grade_order` (best first), the grade becomes ``grade``; the
    total is unchanged.  Of several caps that hold, the lowest grade wins.  A condition that cannot be
    evaluated reports ``E256`` (with its cause) and does not cap."""

    index: int
    condition: Expr
    grade: str
    reason: str | None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Assertion:
    """A consistency check on the facts (``assert``), evaluated after the derived values, in a frame of its own:
    ``left`` then ``right`` are bound and recorded under the keys ``left`` and ``right``, then ``holds`` (which
    reads them with :class:`Var`, the tolerance already in it) says whether it holds.  A value that is missing
    or fails leaves it unchecked.  It changes no score: the result reports it (F462 fails the result, F463
    with ``warn`` only warns, F464 not checked)."""

    index: int
    left: Expr
    right: Expr
    holds: Expr
    warn: bool
    message: str | None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Program:
    """The lowered rubric.

    Evaluation: bind the facts; compute ``derived`` in order; score each indicator into its own frame (not
    applicable, failed with a diagnostic, or scored; then ``indicator_rounding`` applied); aggregate ``root``
    bottom-up; then, in a program frame where ``raw_total`` and ``applicable`` are bound (and, when the root has
    adjustments, ``bonus`` and ``penalty``: the sums of its scored bonuses and penalties, 0 when the root was
    vetoed), evaluate ``total`` (which records ``rescaled``, and ``adjusted`` with root adjustments) and
    ``grade`` (a :class:`Select` over ``Var("total")`` recording ``grade``); then the ``grade_caps``."""

    id: str
    full: Decimal
    derived: tuple[Derived, ...]
    indicators: tuple[Indicator, ...]
    root: Section
    indicator_rounding: tuple[int, RoundMode] | None
    total: Expr
    grade: Expr
    optional_facts: frozenset[str]
    fact_labels: dict[str, str] = field(compare=False)  # for E301/E303: the label a missing fact is named by
    inputs: tuple[Input, ...] = ()
    assertions: tuple[Assertion, ...] = ()
    grade_caps: tuple[GradeCap, ...] = ()
    grade_order: tuple[str, ...] = ()  # the grades best first: what a cap compares by
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


def children_of(node: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of ``node``, in evaluation order (for passes that walk the IR)."""
    match node:
        case Const() | Ref() | Var() | Item():
            return ()
        case Let():
            return (node.value, node.body)
        case Neg() | Not() | Abs() | Floor() | Ceil() | Round():
            return (node.operand,)
        case Arith() | Cmp() | And() | Or():
            return (node.left, node.right)
        case Div():
            tail = () if node.failure is None else (node.failure,)
            return (node.divisor, node.dividend, *tail)
        case Min() | Max():
            return node.args
        case Clamp():
            return (node.value, node.low, node.high)
        case Sum():
            return node.terms
        case Count():
            return node.conditions
        case Over():
            return (
                node.items,
                *(() if node.where is None else (node.where,)),
                *(() if node.value is None else (node.value,)),
            )
        case WorkingDays():
            return (node.start, node.end)
        case Select():
            found: list[Expr] = []
            for arm in node.arms:
                found += [arm.condition, arm.value]
            return (*found, node.otherwise)
        case Scope():
            return (node.body,)
        case Rescale():
            return (node.score, node.applicable)
        case Guard():
            return (node.value, node.failure)
        case Fail():
            return tuple(value for _, value in node.args)
