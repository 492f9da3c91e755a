"""The three engines as one parametrised fixture, for tests that hold a construct equal in each of them."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.evaluate.sql.helpers import Engine, in_duckdb, in_postgres, in_spark

ENGINES = ("duckdb", "postgres", "spark")


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> tuple[str, Engine]:
    """(dialect name, engine): DuckDB embedded, PostgreSQL and Spark through their conftest fixtures (which
    fail, not skip, where the environment requires them)."""
    name: str = request.param
    if name == "duckdb":
        pytest.importorskip("duckdb")
        return name, in_duckdb
    if name == "postgres":
        connection: Any = request.getfixturevalue("postgres")
        return name, in_postgres(connection)
    return name, in_spark(request.getfixturevalue("spark"))


def score_csv(query: Any, sets: Sequence[Mapping[str, str]], folder: Path) -> list[dict[str, Any]]:
    """Score text fact sets written as a CSV file, read as `rubric eval --engine sql` reads one (DuckDB,
    every cell text); rows in the sets' order."""
    from rubricdsl.evaluate.sql.run import Source, attach, connect, score_relation

    path = folder / "facts.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([query.key, *(fact.name for fact in query.facts)])
        for position, facts in enumerate(sets):
            writer.writerow([str(position), *(facts.get(fact.name, "") for fact in query.facts)])
    connection = connect()
    attach(connection, Source("csv", str(path)), "facts")
    relation = score_relation(connection, query, "facts")
    rows = [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]
    return sorted(rows, key=lambda row: int(row[query.key]))


def as_python_reads_csv(facts: Mapping[str, str]) -> dict[str, str]:
    """The facts the Python CSV reader (inputs/records.py) gives for these cells: a blank cell is left out."""
    return {name: value for name, value in facts.items() if value.strip()}
