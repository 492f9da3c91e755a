"""A printed query run on a table nobody checked: columns wider than the facts' natural types (NUMERIC(20,6),
DOUBLE) are read value by value, each exactly or not at all — a value the natural type holds scores as the
Python engine scores it, one it would round (0.12345 for money, whose type keeps 4 decimals) is that row's F411,
never a rounded score.  In every dialect, since only the DuckDB runner checks column types before scoring."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest

import rubricdsl
from rubricdsl.evaluate.sql.build import compile_sql
from rubricdsl.evaluate.sql.generator import Query
from tests.evaluate.sql.helpers import actual_row, expected_row

RUBRIC = rubricdsl.loads(
    """rubric wide "wide" 10
fact spent "spent": money 元, >= 0
fact planned "planned": money 元, > 0
fact visits "visits": count
let rate "rate" = spent / planned
indicator r "rate" 6 {
  proportional spent against planned
}
indicator v "visits" 4 {
  score visits: >=10 -> 4; >=3 -> 2; else 0
}
"""
)
# (id, spent, planned, visits): exact in every column type below, then values a natural type cannot hold.
EXACT = [("a", "90", "100", 10), ("b", "12.5", "50.25", 3), ("c", "0.0625", "1", 0)]
INEXACT = [("d", "0.12345", "1", 5), ("e", "1", "3.00001", 12)]

Run = Callable[[Query, str, str, Sequence[tuple[str, str, str, int]]], Sequence[Mapping[str, Any]]]


def _facts(spent: str, planned: str, visits: int) -> dict[str, Any]:
    return {"spent": Decimal(spent), "planned": Decimal(planned), "visits": visits}


def _duckdb(query: Query, money: str, count: str, rows: Sequence[tuple[str, str, str, int]]) -> Any:
    import duckdb

    connection = duckdb.connect()
    connection.execute(f"CREATE TABLE facts (id VARCHAR, spent {money}, planned {money}, visits {count})")
    connection.executemany("INSERT INTO facts VALUES (?, ?, ?, ?)", [list(row) for row in rows])
    relation = connection.sql(query.sql)
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def _postgres(connection: Any) -> Run:
    def run(query: Query, money: str, count: str, rows: Sequence[tuple[str, str, str, int]]) -> Any:
        money = {"DOUBLE": "DOUBLE PRECISION", "DECIMAL(20,6)": "NUMERIC(20,6)"}[money]
        count = {"DOUBLE": "DOUBLE PRECISION", "DECIMAL(20,6)": "NUMERIC(20,6)"}[count]
        connection.execute("DROP TABLE IF EXISTS facts")
        connection.execute(f"CREATE TEMP TABLE facts (id TEXT, spent {money}, planned {money}, visits {count})")
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO facts VALUES (%s, %s, %s, %s)", [list(row) for row in rows])
            cursor.execute(query.sql)
            names = [column.name for column in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    return run


def _spark(session: Any) -> Run:
    from pyspark.sql import types as spark_types

    def run(query: Query, money: str, count: str, rows: Sequence[tuple[str, str, str, int]]) -> Any:
        def spark_type(name: str) -> Any:
            return spark_types.DoubleType() if name == "DOUBLE" else spark_types.DecimalType(20, 6)

        def value(name: str, text: str | int) -> Any:
            return float(text) if name == "DOUBLE" else Decimal(text)

        fields = [
            spark_types.StructField("id", spark_types.StringType()),
            spark_types.StructField("spent", spark_type(money)),
            spark_types.StructField("planned", spark_type(money)),
            spark_types.StructField("visits", spark_type(count)),
        ]
        data = [(key, value(money, a), value(money, b), value(count, c)) for key, a, b, c in rows]
        session.createDataFrame(data, spark_types.StructType(fields)).createOrReplaceTempView("facts")
        return [row.asDict() for row in session.sql(query.sql).collect()]

    return run


@pytest.fixture(params=("duckdb", "postgres", "spark"))
def engine(request: pytest.FixtureRequest) -> tuple[str, Run]:
    name: str = request.param
    if name == "duckdb":
        return name, _duckdb
    if name == "postgres":
        return name, _postgres(request.getfixturevalue("postgres"))
    return name, _spark(request.getfixturevalue("spark"))


@pytest.mark.parametrize("column", ["DECIMAL(20,6)", "DOUBLE"])
def test_a_wider_column_is_read_exactly_or_is_that_rows_f411(engine: tuple[str, Run], column: str) -> None:
    dialect, run = engine
    query = compile_sql(RUBRIC, dialect=dialect)
    rows = {str(row["id"]): row for row in run(query, column, column, [*EXACT, *INEXACT])}
    for key, spent, planned, visits in EXACT:
        expected = expected_row(RUBRIC, _facts(spent, planned, visits), query.scale, query.boolean_traces)
        assert actual_row(query, rows[key]) == expected, key
        assert rows[key]["complete"] is True
    # 0.12345 元 and 3.00001 元 have more decimals than DECIMAL(18,4): neither is rounded into a score.
    assert rows["d"]["complete"] is False and "F411:spent" in rows["d"]["problems"].split()
    assert rows["d"]["r"] is None
    assert rows["e"]["complete"] is False and "F411:planned" in rows["e"]["problems"].split()
    assert rows["e"]["r"] is None
    # The indicators that do not read the inexact fact are still scored, as in Python.
    assert Decimal(rows["d"]["v"]) == 2 and Decimal(rows["e"]["v"]) == 4


def test_a_count_that_is_not_whole_is_not_rounded_to_one_that_is(engine: tuple[str, Run]) -> None:
    dialect, run = engine
    query = compile_sql(RUBRIC, dialect=dialect)
    (row,) = run(query, "DECIMAL(20,6)", "DOUBLE", [("f", "1", "1", 9.5)])  # type: ignore[list-item]
    assert row["complete"] is False
    assert row["v"] is None  # 9.5 visits rounded up would score 4
    codes = row["problems"].split()
    assert any(code.startswith(("F403:visits", "F411:visits")) for code in codes), codes
