"""The PostgreSQL query equals the Python evaluator on every cell, over the same corpus as DuckDB's, run in a
real server (see conftest.py: RUBRICDSL_REQUIRE_POSTGRES=1 makes a missing server a failure).  The corpus is
shared with test_spark.py (helpers.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.ir.lower import lower_program
from tests.conftest import RUBRICS
from tests.evaluate.sql.helpers import (
    assert_agree,
    assert_agree_or_refused,
    generated_case,
    in_postgres,
    random_fact_sets,
    shipped_case,
    synthetic_case,
)
from tests.evaluate.sql.test_duckdb import WITHOUT_HUGE, seed_threshold_sets
from tests.evaluate.test_differential import rubric_shapes
from tests.ir.test_differential import SYNTH_SHAPES

SHIPPED = sorted(RUBRICS.glob("*.rubric"))


@pytest.mark.parametrize("path", SHIPPED, ids=[path.stem for path in SHIPPED])
def test_shipped_rubrics_agree_in_postgres(postgres: Any, path: Path) -> None:
    rubric, sets = shipped_case(path, 600)
    assert assert_agree(rubric, sets, in_postgres(postgres), dialect="postgres") == 600


def test_the_seed_thresholds_agree_in_postgres(postgres: Any) -> None:
    rubric = rubricdsl.load(RUBRICS / "xiangtan-sme-2021.rubric")
    assert_agree(rubric, seed_threshold_sets(rubric), in_postgres(postgres), dialect="postgres")


def test_the_failure_corpus_agrees_in_postgres(postgres: Any) -> None:
    rubric = rubricdsl.loads(WITHOUT_HUGE)
    sets = random_fact_sets(lower_program(rubric.checked), 600, seed=7)
    assert_agree(rubric, sets, in_postgres(postgres), dialect="postgres")


@pytest.mark.parametrize("shape", SYNTH_SHAPES, ids=[str(shape) for shape in SYNTH_SHAPES])
def test_synthetic_rubrics_agree_in_postgres(postgres: Any, shape: dict[str, Any]) -> None:
    rubric, sets = synthetic_case(shape)
    assert_agree(rubric, sets, in_postgres(postgres), dialect="postgres")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(shape=rubric_shapes, fact_seed=st.integers(0, 2**32), data=st.data())
def test_generated_rubrics_agree_in_postgres_or_are_refused(
    postgres: Any, shape: dict[str, Any], fact_seed: int, data: st.DataObject
) -> None:
    rubric, sets = generated_case(shape, fact_seed, data.draw)
    assert_agree_or_refused(rubric, sets, in_postgres(postgres), dialect="postgres")
