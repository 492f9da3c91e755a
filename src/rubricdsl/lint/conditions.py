"""Three-valued truth of conditions, over every combination of the yes/no and level facts they read.

A condition is decided by enumerating its bool and enum facts (up to :data:`MAX_COMBINATIONS`) and judging
numeric comparisons by the ranges of their sides: ``True``/``False`` when every value agrees, ``None`` when
it depends on a value the enumeration does not fix.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from rubricdsl.lint.intervals import Interval
from rubricdsl.semantics.check import CheckedRubric, free_names
from rubricdsl.syntax import nodes as n

MAX_COMBINATIONS: Final = 4096
Assignment = Mapping[str, bool | str]
Truth = bool | None
RangeOf = Callable[[n.Expr], Interval | None]


@dataclass(frozen=True, slots=True)
class Holds:
    """On the path to an expression, ``condition`` evaluated to ``holds`` (a ``when`` branch, an ``and``)."""

    condition: n.Expr
    holds: bool


@dataclass(frozen=True, slots=True)
class Within:
    """On the path to an expression, ``subject`` lay in ``values`` (the band of a ``score`` rule that fired)."""

    subject: n.Expr
    values: Interval


Guard = Holds | Within


def discrete_domains(checked: CheckedRubric, exprs: Iterable[n.Expr]) -> dict[str, tuple[bool | str, ...]]:
    """The bool and enum facts read by ``exprs``, each with every value it can take."""
    domains: dict[str, tuple[bool | str, ...]] = {}
    for expr in exprs:
        for name in free_names(expr):
            decl = checked.facts.get(name)
            if decl is None or name in domains:
                continue
            if decl.type.kind is n.FactKind.BOOL:
                domains[name] = (True, False)
            elif decl.type.kind is n.FactKind.ENUM:
                domains[name] = decl.type.levels
    return domains


def assignments(domains: Mapping[str, tuple[bool | str, ...]]) -> Iterator[dict[str, bool | str]] | None:
    """Every combination, or ``None`` when there are too many to try."""
    size = 1
    for values in domains.values():
        size *= len(values)
    if size > MAX_COMBINATIONS:
        return None
    names = list(domains)
    return (dict(zip(names, combo, strict=True)) for combo in itertools.product(*(domains[k] for k in names)))


def truth(expr: n.Expr, assignment: Assignment, range_of: RangeOf) -> Truth:
    match expr:
        case n.BoolLit():
            return expr.value
        case n.Name():
            value = assignment.get(expr.ident)
            return value if isinstance(value, bool) else None
        case n.Not():
            inner = truth(expr.operand, assignment, range_of)
            return None if inner is None else not inner
        case n.Binary(op=n.Op.AND):
            left, right = truth(expr.left, assignment, range_of), truth(expr.right, assignment, range_of)
            if left is False or right is False:
                return False
            return True if left is True and right is True else None
        case n.Binary(op=n.Op.OR):
            left, right = truth(expr.left, assignment, range_of), truth(expr.right, assignment, range_of)
            if left is True or right is True:
                return True
            return False if left is False and right is False else None
        case n.Binary() if expr.op in n.COMPARISON:
            return _compare(expr, assignment, range_of)
        case _:
            return None


def _level(expr: n.Expr, assignment: Assignment) -> str | None:
    if isinstance(expr, n.StringLit):
        return expr.value
    if isinstance(expr, n.Name):
        value = assignment.get(expr.ident)
        return value if isinstance(value, str) else None
    return None


def _compare(expr: n.Binary, assignment: Assignment, range_of: RangeOf) -> Truth:
    left_level, right_level = _level(expr.left, assignment), _level(expr.right, assignment)
    if left_level is not None and right_level is not None and expr.op in (n.Op.EQ, n.Op.NE):
        return (left_level == right_level) == (expr.op is n.Op.EQ)
    left_bool, right_bool = truth(expr.left, assignment, range_of), truth(expr.right, assignment, range_of)
    if left_bool is not None and right_bool is not None and expr.op in (n.Op.EQ, n.Op.NE):
        return (left_bool == right_bool) == (expr.op is n.Op.EQ)
    left, right = range_of(expr.left), range_of(expr.right)
    if left is None or right is None:
        return None
    return compare_ranges(left, expr.op, right)


def compare_ranges(left: Interval, op: n.Op, right: Interval) -> Truth:
    """``left op right`` for every pair of values, or ``None`` when it depends on which."""
    holds = _always(left, op, right)
    if holds:
        return True
    fails = _always(left, _NEGATION[op], right)
    return False if fails else None


_NEGATION = {
    n.Op.GE: n.Op.LT,
    n.Op.LT: n.Op.GE,
    n.Op.GT: n.Op.LE,
    n.Op.LE: n.Op.GT,
    n.Op.EQ: n.Op.NE,
    n.Op.NE: n.Op.EQ,
}


def _always(left: Interval, op: n.Op, right: Interval) -> bool:
    if op in (n.Op.GE, n.Op.GT):
        return _always(right, n.Op.LE if op is n.Op.GE else n.Op.LT, left)
    if op in (n.Op.LE, n.Op.LT):
        if left.hi is None or right.lo is None:
            return False
        if left.hi < right.lo:
            return True
        if left.hi > right.lo:
            return False
        return op is n.Op.LE or not (left.hi_closed and right.lo_closed)
    if op is n.Op.EQ:
        return left.lo is not None and left.lo == left.hi == right.lo == right.hi
    return left.intersect(right).is_empty


# ---- path sensitivity: what a condition's truth says about the values it compares ---------------------


def constraints(expr: n.Expr, holds: bool, range_of: RangeOf) -> list[tuple[str, Interval]]:
    """Sound narrowings ``name ∈ interval`` implied by ``expr`` being ``holds``.

    Only what follows for certain is returned: ``x <= 0`` false gives ``x ∈ (0, +∞)``; ``a and b`` true gives
    both sides' narrowings, false gives none (either side may be the false one); ``or`` is the dual.  The other
    side of a comparison is taken at its whole range, so ``x >= y`` true gives ``x >= min(y)``.
    """
    match expr:
        case n.Not():
            return constraints(expr.operand, not holds, range_of)
        case n.Binary(op=n.Op.AND):
            return constraints(expr.left, True, range_of) + constraints(expr.right, True, range_of) if holds else []
        case n.Binary(op=n.Op.OR):
            return [] if holds else constraints(expr.left, False, range_of) + constraints(expr.right, False, range_of)
        case n.Binary() if expr.op in n.COMPARISON:
            op = expr.op if holds else _NEGATION[expr.op]
            found: list[tuple[str, Interval]] = []
            for subject, other, subject_op in ((expr.left, expr.right, op), (expr.right, expr.left, _MIRROR[op])):
                if not isinstance(subject, n.Name):
                    continue
                other_range = range_of(other)
                if other_range is None or other_range.is_empty:
                    continue
                narrowed = _side(subject_op, other_range)
                if narrowed is not None:
                    found.append((subject.ident, narrowed))
            return found
        case _:
            return []


_MIRROR = {n.Op.GE: n.Op.LE, n.Op.LE: n.Op.GE, n.Op.GT: n.Op.LT, n.Op.LT: n.Op.GT, n.Op.EQ: n.Op.EQ, n.Op.NE: n.Op.NE}


def _side(op: n.Op, other: Interval) -> Interval | None:
    """The values ``x`` for which ``x op y`` can hold for some ``y`` in ``other``."""
    match op:
        case n.Op.GE | n.Op.GT:  # x ≥ y ≥ lo (x > lo when lo is not attained or the test is strict)
            if other.lo is None:
                return None
            return Interval(other.lo, op is n.Op.GE and other.lo_closed, None, False)
        case n.Op.LE | n.Op.LT:
            if other.hi is None:
                return None
            return Interval(None, False, other.hi, op is n.Op.LE and other.hi_closed)
        case n.Op.EQ:
            return Interval(other.lo, other.lo_closed, other.hi, other.hi_closed)
        case _:  # != removes at most one point: no interval says that
            return None
