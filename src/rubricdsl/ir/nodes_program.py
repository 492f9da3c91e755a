"""The IR's program tree: declared facts, derived values, indicators, vetoes, section adjustments and
redistributions, sections, grade caps, assertions and the :class:`Program` that holds them.  Part of
:mod:`rubricdsl.ir.nodes`, which states the semantics every node shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from rubricdsl.reading.source import NO_SPAN, Span

if TYPE_CHECKING:
    from rubricdsl.ir.nodes import Expr
    from rubricdsl.ir.nodes_ops import RoundMode, Value


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
