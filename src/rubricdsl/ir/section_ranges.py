"""The range of every section's score and of the total, penalties, bonuses and moved points included.

Part of the interval analysis (:mod:`rubricdsl.ir.ranges`), which gives each indicator's raw score; this module
follows :class:`~rubricdsl.ir.nodes.Section`'s semantics bottom-up from them.  Any indicator may be marked not
applicable and any section vetoed, so every lower end is 0; what the analysis says is how high a score can go.

A sum of children is bounded by the sum of their highest scores, but points moved from not-applicable
indicators (:class:`~rubricdsl.ir.nodes.Redistribution`) raise a section above that: ``score × (A + N) / A``.
So each section also carries a *ratio bound*: numbers ρ and β with ``score ≤ ρ × applicable + β`` in every
evaluation.  An indicator of points p has ρ = its highest score ÷ p and β = 0; a sum keeps the largest ρ and
adds the β's; a named move adds at most ρ × m to the score and m to the applicable points, and a pro-rata move
multiplies both sides by (A + N) / A, so ρ holds and β grows by at most that factor, (most applicable points) ÷
(fewest positive applicable points); bonuses add their highest scores to β.  After a move the section's score is
at most ρ × its most applicable points + β, and the whole-rubric rescale ``raw × full / applicable`` at most
ρ × full + β × full ÷ the fewest positive applicable points.  The root's penalties and bonuses then act on the
rescaled total (:attr:`~rubricdsl.ir.nodes.Program.total`, analysed node by node), and grade caps change the
grade, never the total: a cap whose condition may hold adds its grade to the grades the total reaches.

**The 50-digit cut.**  The interpreter keeps 50 significant digits, rounding half-even, so a sum can end a
half-unit above the exact sum of its terms.  Rounding is monotone, so a bound that replays the interpreter's
operations (a sum, term by term) and rounds each step up to 50 digits (:func:`ceil50`) is sound, and equal to
the exact bound whenever that has 50 digits or fewer.  A ratio bound does not replay the operations, so each
step that can round widens ρ and β by one part in 10⁴⁹ per rounding (:data:`CUT`).  The common case needs
neither (``exact``): when ρ is a decimal of at most 10 digits, β is 0 and the points are written with at most 15
digits, every product and quotient of the bound (ρ × A, ρ × A × (A + N), …) has at most 50 digits, so rounding,
being monotone, never takes a score past it: a moved section is held to ρ × its most applicable points and the
rescaled total to ρ × the full score, exactly.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from rubricdsl.ir import nodes as ir
from rubricdsl.lint import intervals as iv
from rubricdsl.lint.intervals import Interval

_ZERO = Fraction(0)
CUT = Fraction(1, 10**49)  # at least the relative error of one operation rounded to 50 digits (half of 10⁻⁴⁹)
_UP = decimal.Context(prec=50, rounding=decimal.ROUND_CEILING)


def ceil50(value: Fraction) -> Fraction:
    """The least 50-digit decimal at or above ``value``: what a rounded operation whose exact result is at most
    ``value`` can give at most."""
    return Fraction(_UP.divide(Decimal(value.numerator), Decimal(value.denominator)))


def _widened(value: Fraction, roundings: int) -> Fraction:
    return value * (1 + roundings * CUT)


@dataclass(frozen=True, slots=True)
class Bound:
    """What a section's score (or an indicator's, counted in its section) can be, in every evaluation:
    ``score ≤ high``, ``score ≤ ratio × applicable + slack``, ``applicable ≤ most``, when the applicable
    points are positive ``applicable ≥ least`` (None: they are always 0); ``exact`` when the ratio bound holds
    with no rounding margin (slack 0, a short ratio: see the module's docstring)."""

    high: Fraction
    ratio: Fraction
    slack: Fraction
    most: Fraction
    least: Fraction | None
    exact: bool

    @property
    def interval(self) -> Interval:
        return Interval(_ZERO, True, self.high, True)


def places(value: Fraction) -> int | None:
    """The decimal places of ``value`` (None when it is no decimal of at most 60 places, such as 1/3)."""
    for found in range(61):
        if (value * 10**found).denominator == 1:
            return found
    return None


def digits(value: Fraction) -> int | None:
    """How many digits ``value`` spans, from its highest integer digit to its last decimal place (at least its
    significant digits); None when it is no finite decimal."""
    found = places(value)
    if found is None:
        return None
    whole = int(abs(value))
    return max(1, (len(str(whole)) if whole else 0) + found)


def _short(ratio: Fraction) -> bool:
    found = digits(ratio)
    return found is not None and found <= 10


def indicator_bound(score: Interval, points: Fraction) -> Bound:
    """An indicator counted in its section: its highest score (0 when it always fails) over its points."""
    high = _ZERO if score.is_empty or score.hi is None else max(_ZERO, score.hi)
    if points > 0:
        ratio = high / points
        return Bound(high, ratio, _ZERO, points, points, _short(ratio))
    return Bound(high, _ZERO, high, _ZERO, None, high == 0)  # 0 points: no applicable points to be a ratio of


def replayed_sum(highs: list[Fraction]) -> Fraction:
    """The highest a sum ``0 + t0 + t1 + …`` of terms at most ``highs`` can be, each addition rounded."""
    total = _ZERO
    for high in highs:
        total = ceil50(total + high)
    return total


def _sum(parts: list[Bound]) -> Bound:
    leasts = [part.least for part in parts if part.least is not None]
    exact = all(part.exact for part in parts)
    roundings = 0 if exact else len(parts)
    return Bound(
        replayed_sum([part.high for part in parts]),
        _widened(max((part.ratio for part in parts), default=_ZERO), roundings),
        _widened(sum((part.slack for part in parts), _ZERO), roundings),
        sum((part.most for part in parts), _ZERO),
        min(leasts) if leasts else None,
        exact,
    )


def _moved(bound: Bound, plan: ir.Redistribution) -> Bound:
    """After the section's moves: a named move adds s × m / p ≤ ρ × m to the score (three roundings) and m to
    the applicable points; a pro-rata one multiplies both by (A + N) / A ≤ most / least (two).  Applicable
    points only grow, by points of not-applicable indicators, so ``most`` and ``least`` still hold."""
    roundings = 0 if bound.exact else 3 * len(plan.named) + (2 if plan.siblings else 0)
    slack = bound.slack
    if plan.siblings and slack and bound.least is not None:
        slack = slack * bound.most / bound.least
    ratio, slack = _widened(bound.ratio, roundings), _widened(slack, roundings)
    return Bound(ceil50(ratio * bound.most + slack), ratio, slack, bound.most, bound.least, bound.exact)


def _adjusted(bound: Bound, bonus: Fraction, node: ir.Section) -> Bound:
    """max(0, score + bonus − penalty), at most the section's points unless it is uncapped: a penalty lowers
    the score (its ratio bound still holds), a bonus adds to it (two roundings)."""
    high = ceil50(bound.high + bonus)
    if node.cap_at_points:
        high = min(high, iv.exact(node.points))
    if bonus == 0:
        return Bound(high, bound.ratio, bound.slack, bound.most, bound.least, bound.exact)
    ratio, slack = _widened(bound.ratio, 2), _widened(bound.slack + bonus, 2)
    return Bound(high, ratio, slack, bound.most, bound.least, False)


class SectionRanges:
    """Every section's :class:`Bound`, from each indicator's score range (indicator rounding applied)."""

    def __init__(self, program: ir.Program, score_of: Callable[[ir.Indicator], Interval]) -> None:
        self.score_of = score_of
        written = [iv.exact(indicator.points) for indicator in program.indicators]
        decimals = [places(points) for points in written]
        # every sum of applicable points has at most 15 digits (see the module's docstring), else none is exact
        whole = len(str(int(max(sum(written, _ZERO), iv.exact(program.full)))))
        self.short_points = None not in decimals and whole + max((d or 0 for d in decimals), default=0) <= 15
        self.bounds: dict[str, Bound] = {}
        self.root = self._section(program.root)
        self.bonus, self.penalty = self._adjustments(program.root)

    def _adjustments(self, node: ir.Section) -> tuple[Fraction, Fraction]:
        """The highest sums of the section's bonuses and of its penalties (each summed in order, rounded)."""
        bonuses: list[Fraction] = []
        penalties: list[Fraction] = []
        for adjustment in node.adjustments:
            high = indicator_bound(self.score_of(adjustment.indicator), _ZERO).high
            (bonuses if adjustment.sign > 0 else penalties).append(high)
        return replayed_sum(bonuses), replayed_sum(penalties)

    def _section(self, node: ir.Section) -> Bound:
        parts = [
            self._section(child)
            if isinstance(child, ir.Section)
            else indicator_bound(self.score_of(child), iv.exact(child.points))
            for child in node.children
        ]
        bound = _sum(parts)
        if not self.short_points and bound.exact:
            bound = Bound(bound.high, _widened(bound.ratio, len(parts)), bound.slack, bound.most, bound.least, False)
        if node.redistribution is not None:
            bound = _moved(bound, node.redistribution)
        if node.adjustments and not node.is_root:  # the root's act on the rescaled total
            bound = _adjusted(bound, self._adjustments(node)[0], node)
        self.bounds[node.id] = bound
        return bound

    def rescaled(self, full: Fraction) -> Interval:
        """``raw × full / applicable`` (the raw total itself when nothing is rescaled, 0 when nothing applies):
        at most ρ × full + β × full ÷ the fewest positive applicable points, with the product's and the
        quotient's roundings unless the bound is exact."""
        root = self.root
        if root.least is None:  # nothing ever applies: the raw total, or 0
            return root.interval
        ratio_bound = _widened(root.ratio * full + root.slack * full / root.least, 0 if root.exact else 2)
        return Interval(_ZERO, True, max(root.high, ceil50(ratio_bound)), True)

    def total_frame(self) -> dict[str, Interval]:
        """What :attr:`ir.Program.total` reads besides the rescale: the root's bonuses and penalties."""
        return {
            "bonus": Interval(_ZERO, True, self.bonus, True),
            "penalty": Interval(_ZERO, True, self.penalty, True),
        }


def reachable_grades(
    program: ir.Program, reached_arms: Mapping[int, object], cap_may_hold: Callable[[ir.GradeCap], bool]
) -> tuple[str, ...]:
    """The grades some evaluation ends with: those the total's range reaches (the arms of the grade's
    ``Select``), and the grade of each cap that may hold below a grade reached; best first."""
    select = program.grade
    assert isinstance(select, ir.Select)
    names = [arm.value.value for arm in select.arms if isinstance(arm.value, ir.Const)]
    otherwise = select.otherwise.value if isinstance(select.otherwise, ir.Const) else None
    reached = {str(otherwise if index in (len(names), -1) else names[index]) for index in reached_arms}
    order = program.grade_order or tuple(str(name) for name in (*names, otherwise) if name is not None)
    for cap in program.grade_caps:
        if cap_may_hold(cap) and any(order.index(grade) < order.index(cap.grade) for grade in reached):
            reached.add(cap.grade)
    return tuple(grade for grade in order if grade in reached)


__all__ = ["CUT", "Bound", "SectionRanges", "ceil50", "indicator_bound", "reachable_grades", "replayed_sum"]
