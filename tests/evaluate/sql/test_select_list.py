"""The final select list's rounded quotients (select_list.py): in DuckDB their repeated pieces (the dividend's size,
the divisor, the truncated quotient) are columns of stages before the select, held once in the text, and a
rounding so bound equals the same rounding written out, in every mode, ties included; PostgreSQL and Spark
write it out (their stages are materialised or untested)."""

from __future__ import annotations

from fractions import Fraction

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.evaluate.sql.build import compile_sql
from rubricdsl.evaluate.sql.dialects import DUCKDB
from rubricdsl.evaluate.sql.numbers import LIMIT, Arithmetic, Num
from rubricdsl.ir.nodes import RoundMode
from tests.conftest import RUBRICS
from tests.evaluate.sql.test_integer_types import exact_round

SEED = RUBRICS / "xiangtan-sme-2021.rubric"


def test_each_quotient_of_the_seed_is_written_once() -> None:
    sql = compile_sql(rubricdsl.load(SEED)).sql
    # Two scores out have a denominator read from the data: the pro-rata deduction and the total.
    assert sql.count("rounding0 AS (") == 1 and sql.count("rounding1 AS (") == 1
    assert sql.count("ABS((__t_n * ") == 1 and sql.count("NULLIF(__t_d, 0)") == 1
    assert sql.count("floor(CAST(") == 2 * 3  # one estimate per quotient, read three times where it is corrected
    assert sql.rstrip().endswith("FROM rounding1")


def test_postgres_and_spark_write_the_quotient_out() -> None:
    for dialect in ("postgres", "spark"):
        sql = compile_sql(rubricdsl.load(SEED), dialect=dialect).sql
        assert "rounding0" not in sql
        assert sql.rstrip().endswith("FROM listed")


def _bound_and_written(number: Num, places: int, mode: RoundMode) -> tuple[object, object]:
    math_ = Arithmetic(DUCKDB)
    levels: list[list[str]] = []

    def bind(sql: str, level: int) -> str:
        while len(levels) <= level:
            levels.append([])
        name = f"__q{sum(len(columns) for columns in levels)}"
        levels[level].append(f"{sql} AS {name}")
        return name

    bound = math_.round(number, places, mode, bind)
    source = "(SELECT 1 AS __one)"
    for columns in levels:
        source = f"(SELECT *, {', '.join(columns)} FROM {source})"
    written = math_.round(number, places, mode)
    row = duckdb.connect().execute(f"SELECT {bound.n}, {written.n} FROM {source}").fetchone()
    assert row is not None
    return row[0], row[1]


@settings(max_examples=200, deadline=None)
@given(
    denominator=st.integers(1, 2**70),
    scaled=st.integers(-(2**40), 2**40),
    half=st.sampled_from([0, 1, 2]),  # exactly on a tie, just below, just above
    places=st.integers(0, 10),
    mode=st.sampled_from(list(RoundMode)),
)
def test_a_bound_rounding_is_the_written_one(
    denominator: int, scaled: int, half: int, places: int, mode: RoundMode
) -> None:
    unit = 10**places
    value = Fraction((2 * scaled + 1) * denominator + (half - 1), 2 * denominator * unit)
    n, d = value.numerator, value.denominator
    nmax, dmax = max(abs(n), 1) * 2, d * 2
    if 2 * nmax * unit + 2 * dmax >= LIMIT:  # refused when generated (TooWide)
        return
    number = Num(f"CAST({n} AS HUGEINT)", nmax, f"CAST({d} AS HUGEINT)", dmax, vmax=abs(value) + 1, nrank=2, drank=2)
    bound, written = _bound_and_written(number, places, mode)
    assert bound == written
    assert Fraction(int(bound), unit) == exact_round(value, places, mode)  # type: ignore[call-overload]
