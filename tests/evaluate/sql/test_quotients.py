"""DuckDB's small quotients (dialects.py ``small_quotient``): a 128-bit quotient known to be below 2^48 is
estimated in DOUBLE and corrected with exact integer products. It must equal Python's floor division on every
dividend and divisor the generator can give it, including remainders of 0 and divisor − 1, divisors far past
2^53 (where a DOUBLE holds neither operand exactly) and quotients at the limit; and the roundings built on it
(Arithmetic.round over a denominator read from the data) must equal the exact rounding, ties included."""

from __future__ import annotations

import math
from fractions import Fraction

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from rubricdsl.evaluate.sql.dialects import DUCKDB
from rubricdsl.evaluate.sql.numbers import LIMIT, Arithmetic, Num
from rubricdsl.ir.nodes import RoundMode
from tests.evaluate.sql.test_integer_types import exact_round

QUOTIENT_LIMIT = DUCKDB.ESTIMATED_QUOTIENT_LIMIT

divisors = st.one_of(
    st.integers(1, 2**20),
    st.integers(2**52, 2**54),  # where DOUBLE stops holding every integer
    st.integers(1, 2**76),
    st.sampled_from([1, 2, 3, 2**53 + 1, 2**64 - 1, 2**64 + 1, 2**76 - 1]),
)
quotients = st.one_of(
    st.integers(0, 2**20),
    st.integers(0, QUOTIENT_LIMIT - 1),
    st.sampled_from([0, 1, 2**47, QUOTIENT_LIMIT - 2, QUOTIENT_LIMIT - 1]),
)


def _one(sql: str) -> object:
    row = duckdb.connect().execute(sql).fetchone()
    assert row is not None
    return row[0]


@settings(max_examples=400, deadline=None)
@given(divisor=divisors, quotient=quotients, data=st.data())
def test_a_small_quotient_is_the_exact_floor(divisor: int, quotient: int, data: st.DataObject) -> None:
    remainder = data.draw(st.one_of(st.sampled_from([0, divisor - 1]), st.integers(0, divisor - 1)))
    dividend = quotient * divisor + remainder
    if 2 * dividend + 2 * divisor >= 2**127:  # the generator proves this fits the operands' type
        return
    found = DUCKDB.small_quotient(f"CAST({dividend} AS HUGEINT)", f"CAST({divisor} AS HUGEINT)", quotient)
    assert found is not None
    assert _one(f"SELECT {found}") == quotient


def test_no_estimate_past_the_limit() -> None:
    assert DUCKDB.small_quotient("n", "d", QUOTIENT_LIMIT) is None
    assert DUCKDB.small_quotient("n", "d", QUOTIENT_LIMIT - 1) is not None


def _dynamic(numerator: int, denominator: int, nmax: int, dmax: int, vmax: Fraction) -> Num:
    """``numerator / denominator`` as the generator has a quotient of facts: both read from the data (HUGEINT),
    its size known to stay within ``vmax`` (as a guarded score's is)."""
    return Num(
        f"CAST({numerator} AS HUGEINT)", nmax, f"CAST({denominator} AS HUGEINT)", dmax, vmax=vmax, nrank=2, drank=2
    )


@settings(max_examples=300, deadline=None)
@given(
    denominator=st.integers(1, 2**70),
    scaled=st.integers(-(2**40), 2**40),  # the rounded value × 10^places
    half=st.sampled_from([0, 1, 2]),  # exactly on a tie, just below, just above
    places=st.integers(0, 10),
    mode=st.sampled_from(list(RoundMode)),
)
def test_rounding_over_a_data_denominator_is_exact(
    denominator: int, scaled: int, half: int, places: int, mode: RoundMode
) -> None:
    unit = 10**places
    # numerator / denominator = (scaled + 1/2) / unit, nudged by a part in 2·denominator·unit: on a tie or beside it
    numerator_twice = (2 * scaled + 1) * denominator + (half - 1)
    value = Fraction(numerator_twice, 2 * denominator * unit)
    n, d = value.numerator, value.denominator
    bound, dmax = max(abs(n), 1) * 2, d * 2
    if 2 * bound * unit + 2 * dmax >= LIMIT:  # refused when generated (TooWide)
        return
    math_ = Arithmetic(DUCKDB)
    number = _dynamic(n, d, bound, dmax, abs(value) + 1)
    rounded = math_.round(number, places, mode)
    found = _one(f"SELECT {rounded.n}")
    assert Fraction(int(found), unit) == exact_round(value, places, mode)  # type: ignore[call-overload]
    quotient = min(bound * unit, math.floor(number.bound * unit) + 1)  # as Arithmetic.round bounds it
    wide = math_.rank(2 * bound * unit + 2 * dmax) == math_.top  # a HUGEINT division, but for the estimate
    assert ("DOUBLE" in rounded.n) == (wide and quotient < QUOTIENT_LIMIT)
