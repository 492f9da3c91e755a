"""What the range analysis (lint/ranges.py) finds, and the small pieces it is computed from.

Each band's and branch's reach, each indicator's range, the ranges of the tree; the set of values a band's
test accepts, a fact's range from its type and bounds, the guards on the path to a ``when`` branch.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from rubricdsl.lint import intervals as iv
from rubricdsl.lint.conditions import Guard, Holds
from rubricdsl.lint.intervals import Interval, IntervalSet
from rubricdsl.semantics.check import IndicatorInfo
from rubricdsl.syntax import nodes as n

_ZERO = Fraction(0)
NOTHING = Interval(Fraction(1), False, Fraction(0), False)


@dataclass(frozen=True, slots=True)
class BandReach:
    """One band of a score rule (or its ``else``, or the implicit 0 when ``band`` and ``otherwise`` are None)."""

    index: int
    band: n.Band | None
    tests: IntervalSet  # the values the band's test accepts
    reach: IntervalSet  # the subject values for which this band fires
    outcome: Interval


@dataclass(frozen=True, slots=True)
class BranchReach:
    """A branch of a ``when`` rule; ``witness`` is a fact assignment under which it (or the gap) fires."""

    index: int
    branch: n.Branch | None
    reachable: bool
    outcome: Interval
    witness: dict[str, bool | str] | None


@dataclass(frozen=True, slots=True)
class IndicatorRange:
    info: IndicatorInfo
    subject: Interval | None  # score and deduct rules
    bands: tuple[BandReach, ...]  # score rules: every band, then else/nothing if some value reaches it
    branches: tuple[BranchReach, ...]  # when rules: every branch, then else/nothing if reachable
    score: Interval  # what the rule itself can give, before the evaluator's [0, points] check

    @property
    def points(self) -> Fraction:
        return iv.exact(self.info.node.points.value)


@dataclass(frozen=True, slots=True)
class Ranges:
    values: dict[str, Interval]  # numeric facts and derived values
    indicators: dict[str, IndicatorRange]
    sections: dict[str, Interval]  # including the rubric itself, under its id
    total: Interval
    scores: dict[str, Interval]  # each indicator's score as added up: within [0, points], rounded


def test_set(test: n.Compare | n.Interval) -> IntervalSet:
    if isinstance(test, n.Interval):
        return IntervalSet.of(
            [Interval(iv.exact(test.low.value), test.low_inclusive, iv.exact(test.high.value), test.high_inclusive)]
        )
    t = iv.exact(test.threshold.value)
    match test.op:
        case n.Op.GE | n.Op.GT:
            return IntervalSet.of([Interval(t, test.op is n.Op.GE, None, False)])
        case n.Op.LE | n.Op.LT:
            return IntervalSet.of([Interval(None, False, t, test.op is n.Op.LE)])
        case n.Op.EQ:
            return IntervalSet.of([Interval.point(t)])
        case _:
            return IntervalSet.of([Interval(None, False, t, False), Interval(t, False, None, False)])


def fact_range(decl: n.FactDecl) -> Interval | None:
    if decl.type.kind is n.FactKind.LIST:
        return None  # no numbers (a list's aggregates have their ranges: lint/lists.py)
    return bounded_range(decl.type.kind, decl.bounds)


def bounded_range(kind: n.FactKind, bounds: tuple[n.Bound, ...]) -> Interval | None:
    """The values a fact (or a list item's field) of ``kind`` can take within its declared ``bounds``: none for
    yes/no, levels and text; a count is at least 0."""
    if kind in (n.FactKind.BOOL, n.FactKind.ENUM, n.FactKind.TEXT):
        return None
    found = Interval(_ZERO, True, None, False, True) if kind is n.FactKind.COUNT else iv.EVERYTHING
    for bound in bounds:
        low = None if bound.low is None else iv.exact(bound.low.value)
        high = None if bound.high is None else iv.exact(bound.high.value)
        found = found.intersect(
            Interval(low, bound.low_inclusive and low is not None, high, bound.high_inclusive and high is not None)
        )
    return found


def when_guards(rule: n.WhenRule, index: int) -> list[Guard]:
    """The path to branch ``index`` (``len(branches)`` is the else): every earlier condition false, its own true."""
    guards: list[Guard] = [Holds(branch.condition, False) for branch in rule.branches[:index]]
    if index < len(rule.branches):
        guards.append(Holds(rule.branches[index].condition, True))
    return guards
