"""The range analysis over the indicator tree: each section and the total as the sum of its parts.

Indicators count within [0, points] (a penalty or bonus within [0, its cap]), rounded as the rubric rounds
them; bonuses and penalties then move a section within [0, its points]; a veto can zero it.  Assumes every
indicator applies (a not-applicable indicator only rescales).
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

from rubricdsl.lint import intervals as iv
from rubricdsl.lint.intervals import Interval
from rubricdsl.lint.range_results import IndicatorRange
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n

_ZERO = Fraction(0)


class TreeRanges:
    """The ranges of every section (the rubric's own under its id) and every indicator's score as added up.

    Methods, not closures over one another: nested functions that call each other hold themselves in a
    cycle, and with them everything they read (every indicator's range) until the cyclic collector runs."""

    def __init__(self, checked: CheckedRubric, indicators: dict[str, IndicatorRange]) -> None:
        self.indicators = indicators
        self.rounding = {r.target: r for r in checked.rubric.rounding}
        self.sections: dict[str, Interval] = {}
        self.scores: dict[str, Interval] = {}
        rubric = checked.rubric
        self._owners: dict[str, n.Section | n.Rubric] = {rubric.id: rubric}
        stack: list[n.Section | n.Indicator] = list(rubric.children)
        while stack:
            item = stack.pop()
            if isinstance(item, n.Section):
                self._owners[item.id] = item
                stack.extend(item.children)
        total = self._tree(rubric.id, rubric.children, rubric.vetoes)
        if "total" in self.rounding:
            total = _rounded(total, self.rounding["total"])
            self.sections[rubric.id] = total
        self.total = total

    def _score_of(self, item: n.Section | n.Indicator) -> Interval:
        if isinstance(item, n.Indicator):
            found = self.indicators[item.id]
            bounded = found.score.intersect(Interval.closed(0, found.points))
            if item.adjusts:  # a penalty's or bonus's value above its cap counts as the cap
                above = found.score.intersect(Interval(_ZERO, True, None, False))
                bounded = iv.clamp(above, _ZERO, found.points) if not above.is_empty else above
            if "indicators" in self.rounding:
                bounded = _rounded(bounded, self.rounding["indicators"])
            self.scores[item.id] = bounded
            return bounded
        return self._tree(item.id, item.children, item.vetoes)

    def _tree(self, ident: str, children: tuple[n.Section | n.Indicator, ...], vetoes: tuple[n.Veto, ...]) -> Interval:
        total = Interval.point(0, integral=True)
        for child in children:
            if not n.adjusts(child):
                total = iv.add(total, self._score_of(child))
        adjustments = [child for child in children if isinstance(child, n.Indicator) and child.adjusts]
        for child in adjustments:  # then + bonuses − penalties, floored at 0 and capped at the points
            part = self._score_of(child)
            if not part.is_empty:
                total = iv.add(total, part) if child.kind is n.IndicatorKind.BONUS else iv.sub(total, part)
        if adjustments:
            owner = self._owners[ident]
            top = (
                None
                if owner.uncapped
                else Fraction(owner.points.value if isinstance(owner, n.Section) else owner.full.value)
            )
            total = iv.maximum([total, Interval.point(0)])
            if top is not None:
                total = iv.minimum([total, Interval.point(top)])
        if vetoes:  # a veto that fires zeroes the section
            total = iv.hull_of([total, Interval.point(0)])
        self.sections[ident] = total
        return total


_MODES = {
    n.RoundingMode.HALF_UP: decimal.ROUND_HALF_UP,
    n.RoundingMode.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    n.RoundingMode.DOWN: decimal.ROUND_DOWN,
    n.RoundingMode.UP: decimal.ROUND_UP,
}


def _rounded(value: Interval, rounding: n.Rounding) -> Interval:
    """Every rounding mode is monotone, so the rounded set lies between the rounded ends (attained, so closed)."""
    quantum = Decimal(1).scaleb(-rounding.places)

    def end(bound: Fraction | None) -> Fraction | None:
        if bound is None:
            return None
        with decimal.localcontext(decimal.Context(prec=60)):
            exact_value = Decimal(bound.numerator) / Decimal(bound.denominator)
            return Fraction(exact_value.quantize(quantum, rounding=_MODES[rounding.mode]))

    return Interval(end(value.lo), value.lo is not None, end(value.hi), value.hi is not None)
