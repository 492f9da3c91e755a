"""The IR's nodes over lists, dates and control: aggregates over a list fact's items, working days, the
recorded choice (:class:`Select`), a nested rule's frame (:class:`Scope`), the not-applicable rescale, guards
and failures.  Part of :mod:`rubricdsl.ir.nodes`, which states the semantics every node shares."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from rubricdsl.reading.source import NO_SPAN, Span

if TYPE_CHECKING:
    from rubricdsl.ir.nodes import Expr


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
    with the division's ``E302`` for an empty list.  In SQL: :mod:`rubricdsl.evaluate.sql.lists`."""

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
