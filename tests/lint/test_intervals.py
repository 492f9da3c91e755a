"""Exact interval arithmetic: open and closed ends, infinities, whole numbers, division around zero."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from rubricdsl.lint import intervals as iv
from rubricdsl.lint.intervals import Interval, IntervalSet

POSITIVE = Interval(Fraction(0), False, None, False)
NON_NEGATIVE = Interval(Fraction(0), True, None, False)


def test_division_by_a_positive_amount_keeps_the_open_end() -> None:
    assert str(iv.div(NON_NEGATIVE, POSITIVE)) == "[0, +∞)"
    assert str(iv.div(Interval.closed(1, 2), Interval.closed(4, 8))) == "[0.125, 0.5]"
    assert str(iv.div(Interval.point(1), Interval.closed(0, 2))) == "[0.5, +∞)"  # 0 itself is no value


def test_division_across_zero_splits_the_divisor() -> None:
    assert str(iv.div(Interval.closed(1, 1), Interval.closed(-1, 1))) == "(-∞, +∞)"
    assert iv.div(Interval.point(1), Interval.point(0)).is_empty


def test_multiplication_by_an_unbounded_interval_and_zero() -> None:
    assert str(iv.mul(NON_NEGATIVE, Interval.point(0))) == "{0}"
    assert str(iv.mul(Interval.closed(-1, 2), Interval.closed(3, 4))) == "[-4, 8]"
    assert str(iv.mul(POSITIVE, Interval.closed(-1, 1))) == "(-∞, +∞)"


def test_min_max_abs_clamp_and_rounding() -> None:
    assert str(iv.minimum([Interval.closed(0, 10), Interval.point(5)])) == "[0, 5]"
    assert str(iv.maximum([Interval.closed(0, 10), Interval.point(5)])) == "[5, 10]"
    assert str(iv.absolute(Interval.closed(-3, 2))) == "[0, 3]"
    assert str(iv.clamp(Interval.closed(-1, 3), Fraction(0), Fraction(1))) == "[0, 1]"
    assert str(iv.round_half_up(Interval.closed(Fraction(1, 8), Fraction(7, 8)), 1)) == "[0.1, 0.9]"


def test_whole_numbers_leave_no_room_between_integers() -> None:
    counts = Interval(Fraction(0), True, None, False, integral=True)
    assert counts.intersect(Interval(Fraction(119), False, Fraction(120), False)).is_empty
    assert not counts.intersect(Interval(Fraction(119), False, Fraction(120), True)).is_empty
    assert counts.contains(3) and not counts.contains(Fraction(1, 2))


def test_sets_subtract_and_keep_open_ends() -> None:
    share = IntervalSet.of([Interval.closed(0, 1)])
    rest = share.subtract(Interval(Fraction(9, 10), True, None, False)).subtract(
        Interval(Fraction(8, 10), True, None, False)
    )
    assert rest.text(percent=True) == "[0%, 80%)"
    around = share.subtract(Interval.point(1))
    assert str(around) == "[0, 1)"
    assert str(IntervalSet.of([NON_NEGATIVE]).subtract(Interval.point(1))) == "[0, 1) ∪ (1, +∞)"


def test_show_never_prints_a_fraction() -> None:
    assert iv.show(Fraction(9, 10), percent=True) == "90%"
    assert iv.show(Fraction(1, 3)) == "≈0.3333"
    assert iv.show(None, "-∞") == "-∞"


def test_floor_ceil_and_clamp_between_varying_bounds() -> None:
    assert str(iv.whole(Interval(Fraction(1, 2), False, Fraction(3), False), floor=True)) == "[0, 2]"
    assert str(iv.whole(Interval(Fraction(1, 2), False, Fraction(3), False), floor=False)) == "[1, 3]"
    assert str(iv.whole(Interval(None, False, Fraction(3), True), floor=True)) == "(-∞, 3]"
    # lo > hi can hold: a value below lo gives lo (9), which min(max(x, lo), hi) would say is impossible
    crossed = iv.clamp_between(Interval.closed(0, 1), Interval.closed(2, 9), Interval.closed(0, 5))
    assert crossed.contains(9) and not crossed.contains(Fraction(1, 2))
    assert str(iv.clamp_between(Interval.closed(-1, 3), Interval.point(0), Interval.point(1))) == "[0, 1]"
    assert str(iv.clamp_between(Interval.closed(2, 3), Interval.point(0), Interval.point(10))) == "[2, 3]"


_ENDS = st.fractions(min_value=-20, max_value=20, max_denominator=6)


@st.composite
def _intervals(draw: st.DrawFn) -> tuple[Interval, list[Fraction]]:
    """An interval and some of its members (its ends when closed, and points inside)."""
    lo, hi = sorted((draw(_ENDS), draw(_ENDS)))
    lo_closed, hi_closed = draw(st.booleans()), draw(st.booleans())
    interval = Interval(lo, lo_closed or lo == hi, hi, hi_closed or lo == hi)
    members = [lo + (hi - lo) * draw(st.fractions(min_value=0, max_value=1, max_denominator=9)) for _ in range(3)]
    return interval, [m for m in members if interval.contains(m)]


@settings(max_examples=300, deadline=None)
@given(value=_intervals(), low=_intervals(), high=_intervals())
def test_floor_ceil_and_clamp_images_hold_every_value(
    value: tuple[Interval, list[Fraction]], low: tuple[Interval, list[Fraction]], high: tuple[Interval, list[Fraction]]
) -> None:
    (v, vs), (lo, los), (hi, his) = value, low, high
    for x in vs:
        assert iv.whole(v, floor=True).contains(math.floor(x))
        assert iv.whole(v, floor=False).contains(math.ceil(x))
        for a in los:
            for b in his:
                clamped = a if x < a else b if x > b else x  # ir/nodes.Clamp
                assert iv.clamp_between(v, lo, hi).contains(clamped), (x, a, b)
