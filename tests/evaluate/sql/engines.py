"""The three engines as one parametrised fixture, for tests that hold a construct equal in each of them."""

from __future__ import annotations

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
