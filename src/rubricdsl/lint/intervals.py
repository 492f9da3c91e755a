"""Exact intervals and finite unions of them, the values of the range analysis.

Ends are :class:`~fractions.Fraction` (exact under + − × ÷, unlike a 50-digit ``Decimal`` quotient) or
``None`` for ±∞, each open or closed.  ``integral`` marks a set of whole numbers (counts and sums of them):
``(119, 120)`` holds no count, so a gap there is no gap.  Arithmetic follows the textbook interval rules;
each result is the exact image when every operand varies independently, and a superset otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from rubricdsl.lint.interval_ends import exact as exact
from rubricdsl.lint.interval_ends import less, minus, parts, plus, same, times
from rubricdsl.lint.interval_ends import show as show

Number = Fraction


_ZERO = Fraction(0)
_less, _same = less, same  # (their names here before they moved to interval_ends.py)


@dataclass(frozen=True, slots=True)
class Interval:
    """One connected set of numbers; ``lo``/``hi`` of ``None`` are −∞/+∞ (always open)."""

    lo: Fraction | None
    lo_closed: bool
    hi: Fraction | None
    hi_closed: bool
    integral: bool = False

    @staticmethod
    def point(value: Decimal | int | Fraction, integral: bool = False) -> Interval:
        v = exact(value)
        return Interval(v, True, v, True, integral and v.denominator == 1)

    @staticmethod
    def closed(lo: Decimal | int | Fraction, hi: Decimal | int | Fraction) -> Interval:
        return Interval(exact(lo), True, exact(hi), True)

    @property
    def is_empty(self) -> bool:
        lo, hi = self.lo, self.hi
        if lo is not None and hi is not None:
            # hi < lo, or hi = lo with an end open (interval_ends.less and same, inline: asked of every result)
            try:
                high, low = hi._numerator * lo._denominator, lo._numerator * hi._denominator  # type: ignore[attr-defined]
            except AttributeError:  # an int end (see interval_ends.py)
                high, low = hi.numerator * lo.denominator, lo.numerator * hi.denominator
            if high < low or (high == low and not (self.lo_closed and self.hi_closed)):
                return True
        if self.integral:
            return self._first_whole() is None
        return False

    def first_integer(self) -> Fraction | None:
        """A whole number inside: the smallest one, or with no lower end the largest (0 if unbounded)."""
        found = self._first_whole()
        return None if found is None else Fraction(found)

    def _first_whole(self) -> int | None:
        # on numerators and denominators (floor division is exact): is_empty asks this of every count interval
        lo, hi = self.lo, self.hi
        if hi is not None:
            hi_top, hi_bottom = parts(hi)
        if lo is None:
            if hi is None:
                return 0
            top = hi_top // hi_bottom
            return top - 1 if hi_bottom == 1 and not self.hi_closed else top
        lo_top, lo_bottom = parts(lo)
        candidate = -(-lo_top // lo_bottom)
        if lo_bottom == 1 and not self.lo_closed:
            candidate += 1
        if hi is not None:
            scaled = candidate * hi_bottom
            if scaled > hi_top or (scaled == hi_top and not self.hi_closed):
                return None
        return candidate

    def contains(self, value: Decimal | int | Fraction) -> bool:
        v = exact(value)
        lo, hi = self.lo, self.hi
        if lo is not None and (_less(v, lo) or (_same(v, lo) and not self.lo_closed)):
            return False
        if hi is not None and (_less(hi, v) or (_same(v, hi) and not self.hi_closed)):
            return False
        return not (self.integral and v.denominator != 1)

    def intersect(self, other: Interval) -> Interval:
        # the higher low end and the lower high end, this interval's on a tie, closed only if both are; ends
        # compared by cross-multiplying (see interval_ends.less), inline: the analysis's most frequent step
        lo, lo_closed, other_lo = self.lo, self.lo_closed, other.lo
        if other_lo is not None:
            if lo is None:
                lo, lo_closed = other_lo, other.lo_closed
            elif lo is not other_lo:
                try:
                    mine = lo._numerator * other_lo._denominator  # type: ignore[attr-defined]
                    theirs = other_lo._numerator * lo._denominator  # type: ignore[attr-defined]
                except AttributeError:  # an int end (see interval_ends.py)
                    mine, theirs = lo.numerator * other_lo.denominator, other_lo.numerator * lo.denominator
                if mine == theirs:
                    lo_closed = lo_closed and other.lo_closed
                elif theirs > mine:
                    lo, lo_closed = other_lo, other.lo_closed
            else:
                lo_closed = lo_closed and other.lo_closed
        hi, hi_closed, other_hi = self.hi, self.hi_closed, other.hi
        if other_hi is not None:
            if hi is None:
                hi, hi_closed = other_hi, other.hi_closed
            elif hi is not other_hi:
                try:
                    mine = hi._numerator * other_hi._denominator  # type: ignore[attr-defined]
                    theirs = other_hi._numerator * hi._denominator  # type: ignore[attr-defined]
                except AttributeError:  # an int end (see interval_ends.py)
                    mine, theirs = hi.numerator * other_hi.denominator, other_hi.numerator * hi.denominator
                if mine == theirs:
                    hi_closed = hi_closed and other.hi_closed
                elif theirs < mine:
                    hi, hi_closed = other_hi, other.hi_closed
            else:
                hi_closed = hi_closed and other.hi_closed
        return Interval(lo, lo_closed, hi, hi_closed, self.integral or other.integral)

    def text(self, percent: bool = False) -> str:
        if self.lo is not None and self.lo == self.hi:
            return f"{{{show(self.lo, percent=percent)}}}"
        left = "[" if self.lo is not None and self.lo_closed else "("
        right = "]" if self.hi is not None and self.hi_closed else ")"
        return f"{left}{show(self.lo, '-∞', percent)}, {show(self.hi, '+∞', percent)}{right}"

    def __str__(self) -> str:
        return self.text()


EVERYTHING = Interval(None, False, None, False)
NON_NEGATIVE = Interval(Fraction(0), True, None, False)


# ---- unions ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IntervalSet:
    """A finite union of disjoint intervals, sorted; empty pieces are dropped on construction."""

    parts: tuple[Interval, ...]

    @staticmethod
    def of(parts: Iterable[Interval]) -> IntervalSet:
        return IntervalSet(tuple(sorted((p for p in parts if not p.is_empty), key=_start_key)))

    @property
    def is_empty(self) -> bool:
        return not self.parts

    def intersect(self, other: IntervalSet | Interval) -> IntervalSet:
        others = other.parts if isinstance(other, IntervalSet) else (other,)
        return IntervalSet.of(a.intersect(b) for a in self.parts for b in others)

    def subtract(self, other: IntervalSet | Interval) -> IntervalSet:
        others = other.parts if isinstance(other, IntervalSet) else (other,)
        current = list(self.parts)
        for cut in others:
            current = [piece for part in current for piece in _minus(part, cut)]
        return IntervalSet.of(current)

    def contains(self, value: Decimal | int | Fraction) -> bool:
        return any(part.contains(value) for part in self.parts)

    def hull(self) -> Interval | None:
        if not self.parts:
            return None
        first, last = self.parts[0], max(self.parts, key=_end_key)
        return Interval(first.lo, first.lo_closed, last.hi, last.hi_closed, all(p.integral for p in self.parts))

    def text(self, percent: bool = False) -> str:
        return " ∪ ".join(part.text(percent) for part in self.parts) if self.parts else "∅"

    def __str__(self) -> str:
        return self.text()


def _start_key(part: Interval) -> tuple[int, Fraction, int]:
    if part.lo is None:
        return (0, _ZERO, 0)
    return (1, part.lo, 0 if part.lo_closed else 1)


def _end_key(part: Interval) -> tuple[int, Fraction, int]:
    if part.hi is None:
        return (1, _ZERO, 0)
    return (0, part.hi, 1 if part.hi_closed else 0)


def _minus(part: Interval, cut: Interval) -> list[Interval]:
    if part.intersect(cut).is_empty:
        return [part]
    pieces: list[Interval] = []
    if cut.lo is not None:  # what lies below the cut
        below = Interval(part.lo, part.lo_closed, cut.lo, not cut.lo_closed, part.integral)
        pieces.append(below.intersect(part))
    if cut.hi is not None:  # what lies above it
        above = Interval(cut.hi, not cut.hi_closed, part.hi, part.hi_closed, part.integral)
        pieces.append(above.intersect(part))
    return [piece for piece in pieces if not piece.is_empty]


# ---- arithmetic ----------------------------------------------------------------------------------------

_End = tuple[Fraction | None, bool, int]  # value, closed, sign of infinity when value is None


def _lo_end(part: Interval) -> _End:
    return (part.lo, part.lo_closed, -1)


def _hi_end(part: Interval) -> _End:
    return (part.hi, part.hi_closed, 1)


def _build(ends: Sequence[_End], integral: bool) -> Interval:
    # each end's key is (rank, value): an infinite end ranks below or above every number; the lowest and the
    # highest key, the first of equal ones (as min and max of the keys would pick).  Values are compared as
    # numerator/denominator pairs, read once (see _less): this runs for every product, quotient and hull.
    ranks: list[int] = []
    numerators: list[int] = []
    denominators: list[int] = []
    for value, _, sign in ends:
        if value is None:
            ranks.append(sign * 2)
            numerators.append(0)
            denominators.append(1)
        else:
            try:
                top, bottom = value._numerator, value._denominator  # type: ignore[attr-defined]
            except AttributeError:  # an int end (see interval_ends.py)
                top, bottom = value.numerator, value.denominator
            ranks.append(0)
            numerators.append(top)
            denominators.append(bottom)
    low = high = 0
    for index in range(1, len(ends)):
        rank, top, bottom = ranks[index], numerators[index], denominators[index]
        if rank < ranks[low] or (rank == ranks[low] and top * denominators[low] < numerators[low] * bottom):
            low = index
        if rank > ranks[high] or (rank == ranks[high] and numerators[high] * bottom < top * denominators[high]):
            high = index
    # an extreme is attained when any combination reaching it is attained
    lo_closed = hi_closed = False
    for index, (end_value, closed, _) in enumerate(ends):
        if end_value is None or not closed:
            continue
        key = (ranks[index], numerators[index], denominators[index])
        if key == (ranks[low], numerators[low], denominators[low]):
            lo_closed = True
        if key == (ranks[high], numerators[high], denominators[high]):
            hi_closed = True
    return Interval(ends[low][0], lo_closed, ends[high][0], hi_closed, integral)


def add(a: Interval, b: Interval) -> Interval:
    lo = None if a.lo is None or b.lo is None else plus(a.lo, b.lo)
    hi = None if a.hi is None or b.hi is None else plus(a.hi, b.hi)
    return Interval(lo, a.lo_closed and b.lo_closed, hi, a.hi_closed and b.hi_closed, a.integral and b.integral)


def negate(a: Interval) -> Interval:
    return Interval(
        None if a.hi is None else minus(a.hi),
        a.hi_closed,
        None if a.lo is None else minus(a.lo),
        a.lo_closed,
        a.integral,
    )


def sub(a: Interval, b: Interval) -> Interval:
    return add(a, negate(b))


def _times(x: _End, y: _End) -> _End:
    xv, xc, xs = x
    yv, yc, ys = y
    if xv is not None and yv is not None:
        return (times(xv, yv), xc and yc, 0)
    # an infinite end times zero contributes 0 only if the zero is attained
    if (xv == 0 and xc) or (yv == 0 and yc):
        return (Fraction(0), True, 0)
    if xv == 0 or yv == 0:
        return (Fraction(0), False, 0)
    sign = (xs if xv is None else (1 if xv > 0 else -1)) * (ys if yv is None else (1 if yv > 0 else -1))
    return (None, False, sign)


def mul(a: Interval, b: Interval) -> Interval:
    ends = [_times(x, y) for x in (_lo_end(a), _hi_end(a)) for y in (_lo_end(b), _hi_end(b))]
    return _build(ends, a.integral and b.integral)


def may_be_zero(a: Interval) -> bool:
    return a.contains(0)


def div(a: Interval, b: Interval) -> Interval:
    """``a / b`` where ``b`` is 0 is an evaluation error, so only non-zero divisors count."""
    if may_be_zero(b):
        positive = b.intersect(Interval(Fraction(0), False, None, False))
        negative = b.intersect(Interval(None, False, Fraction(0), False))
        pieces = [div(a, part) for part in (positive, negative) if not part.is_empty]
        if not pieces:
            return Interval(Fraction(1), False, Fraction(0), False)  # empty: every divisor is zero
        return hull_of(pieces)
    reciprocal = _reciprocal(b)
    return mul(a, reciprocal)


def _reciprocal(b: Interval) -> Interval:
    # b lies strictly on one side of zero here; an end at 0 (open) maps to ±∞
    def inv(end: _End, sign_if_zero: int) -> _End:
        value, closed, _ = end
        if value is None:
            return (Fraction(0), False, 0)
        if value == 0:
            return (None, False, sign_if_zero)
        return (1 / value, closed, 0)

    positive = b.lo is not None and b.lo >= 0
    lo = inv(_hi_end(b), 1 if positive else -1)
    hi = inv(_lo_end(b), 1 if positive else -1)
    return _build([lo, hi], False)


def hull_of(parts: Sequence[Interval]) -> Interval:
    live = [p for p in parts if not p.is_empty]
    if not live:
        return Interval(Fraction(1), False, Fraction(0), False)
    return _build([e for p in live for e in (_lo_end(p), _hi_end(p))], all(p.integral for p in live))


def minimum(parts: Sequence[Interval]) -> Interval:
    lows = [_lo_end(p) for p in parts]
    highs = [_hi_end(p) for p in parts]
    low = _build(lows, False)
    high = _build(highs, False)
    return Interval(low.lo, low.lo_closed, high.lo, high.lo_closed, all(p.integral for p in parts))


def maximum(parts: Sequence[Interval]) -> Interval:
    return negate(minimum([negate(p) for p in parts]))


def absolute(a: Interval) -> Interval:
    if a.lo is not None and a.lo >= 0:
        return a
    if a.hi is not None and a.hi <= 0:
        return negate(a)
    top = hull_of([negate(a.intersect(Interval(None, False, Fraction(0), True))), a])
    return Interval(Fraction(0), True, top.hi, top.hi_closed, a.integral)


def clamp(a: Interval, lo: Fraction, hi: Fraction) -> Interval:
    """The image of ``a`` under ``min(hi, max(lo, x))`` (a bound is reached only when ``a`` goes beyond it)."""
    return clamp_between(a, Interval.point(lo), Interval.point(hi))


def clamp_between(a: Interval, low: Interval, high: Interval) -> Interval:
    """The image of ``clamp(x, lo, hi)`` (ir/nodes.Clamp: ``lo`` where ``x < lo``, else ``hi`` where
    ``x > hi``, else ``x``) for bounds that vary too.  Sound even where ``lo > hi`` may hold, which
    ``min(max(x, lo), hi)`` is not: there ``x < lo`` gives ``lo``, not ``hi``."""
    parts = [a.intersect(Interval(low.lo, low.lo_closed, high.hi, high.hi_closed))]
    if not (a.lo is not None and low.hi is not None and a.lo >= low.hi):  # x < lo can happen
        parts.append(low)
    always_below = (
        a.hi is not None
        and low.lo is not None
        and (a.hi < low.lo or (a.hi == low.lo and not (a.hi_closed and low.lo_closed)))
    )
    if not always_below and not (a.hi is not None and high.lo is not None and a.hi <= high.lo):  # x > hi can
        parts.append(high)
    return hull_of(parts)


def whole(a: Interval, *, floor: bool) -> Interval:
    """The image under floor (or ceiling): whole numbers, closed ends (an open end at a whole number moves)."""

    def end(value: Fraction | None, closed: bool, upper: bool) -> Fraction | None:
        if value is None:
            return None
        if floor:
            rounded = math.floor(value)
            if upper and not closed and rounded == value:
                rounded -= 1
            return Fraction(rounded)
        rounded = math.ceil(value)
        if not upper and not closed and rounded == value:
            rounded += 1
        return Fraction(rounded)

    if a.is_empty:
        return a
    low, high = end(a.lo, a.lo_closed, False), end(a.hi, a.hi_closed, True)
    return Interval(low, low is not None, high, high is not None, True)


def round_half_up(a: Interval, places: int) -> Interval:
    quantum = Fraction(1, 10**places)

    def rounded(value: Fraction | None) -> Fraction | None:
        if value is None:
            return None
        steps = value / quantum
        whole = math.floor(steps + Fraction(1, 2)) if steps >= 0 else -math.floor(-steps + Fraction(1, 2))
        return whole * quantum

    return Interval(rounded(a.lo), a.lo is not None, rounded(a.hi), a.hi is not None, a.integral or places == 0)
