"""The integer types the bounds choose (numbers.py) never overflow: random arithmetic over fact columns holding
the extremes of their natural types (money at ±99999999999999.9999, a count at 2^63 − 1), run in DuckDB
(which raises on an integer overflow, never wraps) and compared with the same arithmetic on Fractions."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.evaluate.sql.dialects import DUCKDB
from rubricdsl.evaluate.sql.numbers import Arithmetic, Num, TooWide
from rubricdsl.ir.lower import lower_program
from rubricdsl.ir.nodes import Input, RoundMode
from tests.conftest import RUBRICS
from tests.evaluate.sql.helpers import assert_agree

SHIPPED = sorted(RUBRICS.glob("*.rubric"))


@dataclass(frozen=True)
class Kind:
    sql: str  # the column's type
    scale: int
    bound: int  # |value × 10^scale| at most this, as the facts layer reads the column (facts.py)
    largest: Decimal  # the largest value the type holds


KINDS = {
    "money": Kind("DECIMAL(18,4)", 4, 10**18, Decimal("99999999999999.9999")),
    "percent": Kind("DECIMAL(10,8)", 8, 10**10, Decimal("99.99999999")),
    "number": Kind("DECIMAL(18,6)", 6, 10**18, Decimal("999999999999.999999")),
    "count": Kind("BIGINT", 0, 2**63 - 1, Decimal(2**63 - 1)),  # a column of the natural type
    "count_text": Kind("DECIMAL(19,0)", 0, 10**19, Decimal(10**19 - 1)),  # a count read through TRY_CAST
}


def values(kind: Kind) -> st.SearchStrategy[Decimal]:
    quantum = Decimal(1).scaleb(-kind.scale)
    extremes = [kind.largest, -kind.largest, Decimal(0), quantum, -quantum, kind.largest - quantum]
    if kind.sql == "BIGINT":
        extremes = [value for value in extremes if value >= 0]  # a count is never negative
    units = st.integers(-kind.bound + 1, kind.bound - 1) if kind.sql != "BIGINT" else st.integers(0, kind.bound)
    return st.one_of(st.sampled_from(extremes), units.map(lambda n: Decimal(n).scaleb(-kind.scale)))


@dataclass
class Case:
    """Column values (one row) and the Fraction each stands for."""

    columns: list[tuple[str, Kind, Decimal]]


def exact_round(value: Fraction, places: int, mode: RoundMode) -> Fraction:
    """``value`` rounded to ``places`` decimals, from the definitions of the modes."""
    scaled = value * 10**places
    low = math.floor(abs(scaled))
    above = abs(scaled) - low
    if mode is RoundMode.DOWN:
        up = False
    elif mode is RoundMode.UP:
        up = above > 0
    elif mode is RoundMode.HALF_UP:
        up = above >= Fraction(1, 2)
    else:
        up = above > Fraction(1, 2) or (above == Fraction(1, 2) and low % 2 == 1)
    magnitude = low + (1 if up else 0)
    return Fraction(-magnitude if scaled < 0 else magnitude, 10**places)


def _one(sql: str) -> tuple[Any, ...] | None:
    return duckdb.connect().execute(sql).fetchone()


OPS = ("add", "sub", "mul", "div", "floor", "round", "choose", "neg")


@st.composite
def expressions(draw: st.DrawFn) -> tuple[list[tuple[str, Kind, Decimal]], list[tuple[str, int, int, int]]]:
    """Leaves (column name, kind, value) and a program of operations over a stack of values."""
    leaves = []
    for position in range(draw(st.integers(1, 4))):
        kind = KINDS[draw(st.sampled_from(sorted(KINDS)))]
        leaves.append((f"c{position}", kind, draw(values(kind))))
    steps = [
        (draw(st.sampled_from(OPS)), draw(st.integers(0, 9)), draw(st.integers(0, 9)), draw(st.integers(0, 3)))
        for _ in range(draw(st.integers(1, 5)))
    ]
    return leaves, steps


def build(math_: Arithmetic, leaves: list[tuple[str, Kind, Decimal]], steps: list[tuple[str, int, int, int]]):
    """The program over Nums and over Fractions, side by side; the last value, and the comparisons made."""
    stack: list[tuple[Num, Fraction]] = []
    for name, kind, value in leaves:
        stack.append((math_.column(name, kind.scale, kind.bound), Fraction(value)))
        stack.append((math_.const(Fraction(value) / 3 + 1), Fraction(value) / 3 + 1))  # a constant beside it
    comparisons: list[tuple[str, bool]] = []
    modes = list(RoundMode)
    for op, i, j, extra in steps:
        (a, fa), (b, fb) = stack[i % len(stack)], stack[j % len(stack)]
        if op == "add":
            stack.append((math_.add(a, b), fa + fb))
        elif op == "sub":
            stack.append((math_.add(a, b, subtract=True), fa - fb))
        elif op == "mul":
            stack.append((math_.mul(a, b), fa * fb))
        elif op == "div":
            assume(fb != 0)
            stack.append((math_.div(a, b), fa / fb))
        elif op == "floor":
            stack.append((math_.floor(a), Fraction(math.floor(fa))))
        elif op == "round":
            mode = modes[extra % len(modes)]
            stack.append((math_.round(a, extra, mode), exact_round(fa, extra, mode)))
        elif op == "neg":
            stack.append((math_.neg(a), -fa))
        else:
            chosen = math_.choose([(math_.compare(a, ">=", b), a)], b)
            assert chosen is not None
            stack.append((chosen, fa if fa >= fb else fb))
        comparisons.append((math_.compare(a, "<", b), fa < fb))
    return stack[-1], comparisons


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(expressions())
def test_bound_chosen_integer_types_never_overflow(program) -> None:
    leaves, steps = program
    math_ = Arithmetic(DUCKDB)
    try:
        (result, expected), comparisons = build(math_, leaves, steps)
    except TooWide:
        assume(False)  # refused when generated, as the generator refuses it (S602): never run
        return
    columns = ", ".join(f"CAST('{value}' AS {kind.sql}) AS {name}" for name, kind, value in leaves)
    tests = ", ".join(sql for sql, _ in comparisons)
    denominator = math_.den(result)
    row = _one(f"SELECT {result.n}, {denominator}, {tests} FROM (SELECT {columns})")
    assert row is not None
    n, d, *held = row
    assert d > 0 and Fraction(int(n), int(d)) == expected
    assert held == [truth for _, truth in comparisons]


def test_the_narrowest_type_that_holds_the_bound() -> None:
    math_ = Arithmetic(DUCKDB)
    assert [math_.type_name(math_.rank(bound)) for bound in (5, 2**31 - 1, 2**31, 2**63 - 1, 2**63)] == [
        "INTEGER",
        "INTEGER",
        "BIGINT",
        "BIGINT",
        "HUGEINT",
    ]
    money = math_.column("m", 4, 10**18)
    assert "HUGEINT" not in money.n  # read in 64 bits
    product = math_.mul(money, money)  # up to 10^36: widened before the multiplication
    assert product.n.startswith("(CAST(m") or "AS HUGEINT" in product.n
    found = _one(f"SELECT {product.n} FROM (SELECT CAST('99999999999999.9999' AS DECIMAL(18,4)) AS m)")
    assert found == ((10**18 - 1) ** 2,)


@pytest.mark.parametrize("value", ["-1.5", "-0.0001", "0.9999", "-99999999999999.9999", "99999999999999.9999", "0"])
def test_a_money_column_is_read_into_its_exact_integer(value: str) -> None:
    n = Arithmetic(DUCKDB).column("m", 4, 10**18).n
    found = _one(f"SELECT {n} FROM (SELECT CAST('{value}' AS DECIMAL(18,4)) AS m)")
    assert found == (int(Decimal(value) * 10**4),)


def _extreme_facts(fact: Input) -> st.SearchStrategy[Any]:
    """A value of ``fact`` at an extreme of its natural type or of a declared bound (or a quantum beside it)."""
    if fact.kind == "bool":
        return st.booleans()
    if fact.kind == "enum":
        return st.sampled_from(fact.levels)
    kind = KINDS[fact.kind]
    quantum = Decimal(1).scaleb(-kind.scale)
    edges = [kind.largest, Decimal(0), quantum]
    for low, _, high, _ in fact.bounds:
        for bound in (low, high):
            if bound is not None:
                edges += [bound / fact.unit_scale + step for step in (-quantum, Decimal(0), quantum)]
    if fact.kind != "count":
        edges += [-kind.largest]
    edges = [edge for edge in edges if abs(edge) <= kind.largest and (fact.kind != "count" or edge >= 0)]
    return st.sampled_from(edges).map(lambda value: int(value) if fact.kind == "count" else value)


@pytest.mark.parametrize("path", SHIPPED, ids=[path.stem for path in SHIPPED])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_shipped_rubrics_agree_with_facts_at_their_extremes(path: Path, data: st.DataObject) -> None:
    rubric = rubricdsl.load(path)
    program = lower_program(rubric.checked)
    numeric = [fact for fact in program.inputs if fact.kind not in ("list", "text", "date")]
    row = st.fixed_dictionaries({fact.name: _extreme_facts(fact) for fact in numeric})
    try:
        assert_agree(rubric, data.draw(st.lists(row, min_size=20, max_size=20)))
    except rubricdsl.RubricError as refused:  # what the generator refuses it refuses by name, never runs
        assert all(d.code.startswith("S6") for d in refused.diagnostics)
