"""The Spark SQL query equals the Python evaluator on every cell, over the same corpus as PostgreSQL's
(helpers.py): the shipped rubrics, the seed thresholds a DOUBLE would flip, the failure corpus, the synthetic
generator's rubrics (40 indicators included) and hypothesis-generated rubrics and facts — run in a real local
Spark session (see conftest.py: under CI a missing Java or pyspark is a failure, not a skip).  Spark's own
limits (DECIMAL(38,0) integers, a decimal division that keeps 32 integer digits) are proved when the query is
generated: tests/evaluate/sql/test_generator.py.

Spark plans slowly (seconds per query: its analyser iterates over the whole plan about four times per stage
of the query), so the hypothesis test runs fewer examples than PostgreSQL's, each a real Spark query."""

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
    in_spark,
    random_fact_sets,
    shipped_case,
    synthetic_case,
)
from tests.evaluate.sql.test_duckdb import WITHOUT_HUGE, seed_threshold_sets
from tests.evaluate.test_differential import rubric_shapes
from tests.ir.test_differential import SYNTH_SHAPES

SHIPPED = sorted(RUBRICS.glob("*.rubric"))


@pytest.mark.parametrize("path", SHIPPED, ids=[path.stem for path in SHIPPED])
def test_shipped_rubrics_agree_in_spark(spark: Any, path: Path) -> None:
    rubric, sets = shipped_case(path, 600)
    assert assert_agree(rubric, sets, in_spark(spark), dialect="spark") == 600


def test_the_seed_thresholds_agree_in_spark(spark: Any) -> None:
    rubric = rubricdsl.load(RUBRICS / "xiangtan-sme-2021.rubric")
    assert_agree(rubric, seed_threshold_sets(rubric), in_spark(spark), dialect="spark")


def test_the_failure_corpus_agrees_in_spark(spark: Any) -> None:
    rubric = rubricdsl.loads(WITHOUT_HUGE)
    sets = random_fact_sets(lower_program(rubric.checked), 600, seed=7)
    assert_agree(rubric, sets, in_spark(spark), dialect="spark")


@pytest.mark.parametrize("shape", SYNTH_SHAPES, ids=[str(shape) for shape in SYNTH_SHAPES])
def test_synthetic_rubrics_agree_in_spark(spark: Any, shape: dict[str, Any]) -> None:
    rubric, sets = synthetic_case(shape)
    assert_agree(rubric, sets, in_spark(spark), dialect="spark")


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(shape=rubric_shapes, fact_seed=st.integers(0, 2**32), data=st.data())
def test_generated_rubrics_agree_in_spark_or_are_refused(
    spark: Any, shape: dict[str, Any], fact_seed: int, data: st.DataObject
) -> None:
    rubric, sets = generated_case(shape, fact_seed, data.draw)
    assert_agree_or_refused(rubric, sets, in_spark(spark), dialect="spark")
