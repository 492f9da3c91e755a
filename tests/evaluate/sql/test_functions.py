"""floor, ceil, clamp and count (issue 10, form 4) in the generated SQL: exact in DuckDB (and PostgreSQL when a
server is available) on every cell, at the edges where a cut quotient or a DOUBLE would round the wrong way."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from rubricdsl.ir.lower import lower_program
from tests.evaluate.sql.helpers import assert_agree, in_postgres, random_fact_sets
from tests.ir.test_functions import RUBRIC, facts

EDGES: list[dict[str, Any]] = [
    facts(),
    facts(rate=Decimal("0.9")),  # floor(9) is 9
    facts(rate=Decimal("0.89999999")),  # floor(8.9999999) is 8
    facts(rate=Decimal("-0.00000001")),  # floor of a negative: toward −∞
    facts(spent=Decimal("-25.5")),  # ceil of a negative: toward +∞
    facts(spent=Decimal("30")),  # ceil of a whole number: itself
    facts(a=False, b=False, c=False),
    facts(a=True, b=True, c=True),
    facts(trainees=1000),  # above the upper bound
    facts(low=Decimal(9), high=Decimal(5)),  # bounds the wrong way round: below lo gives lo
    facts(low=Decimal("0.47"), high=Decimal("0.47")),
    {k: v for k, v in facts().items() if k != "b"},  # a missing yes/no item: the count fails (E301)
]


def test_duckdb_agrees_at_the_edges_and_on_generated_fact_sets() -> None:
    sets = EDGES + random_fact_sets(lower_program(RUBRIC.checked), 800, seed=10)
    assert assert_agree(RUBRIC, sets) == len(sets)


@pytest.mark.parametrize("dialect", ["duckdb", "spark"])
def test_the_query_is_generated_for_each_dialect(dialect: str) -> None:
    from rubricdsl.evaluate.sql.build import compile_sql

    query = compile_sql(RUBRIC, dialect=dialect)
    assert query.indicators == ("compliance", "completion", "training", "held")


def test_postgres_agrees(postgres: Any) -> None:
    sets = EDGES + random_fact_sets(lower_program(RUBRIC.checked), 300, seed=12)
    assert assert_agree(RUBRIC, sets, in_postgres(postgres), dialect="postgres") == len(sets)
