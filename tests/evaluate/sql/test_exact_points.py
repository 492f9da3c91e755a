"""The SQL back end scores exact checklist points (10/3) and rules reading their target as the IR does."""

from __future__ import annotations

import pytest

import rubricdsl
from rubricdsl.ir.lower import lower_program
from tests.evaluate.sql.helpers import assert_agree, random_fact_sets

pytest.importorskip("duckdb")

RUBRIC = """rubric r "r" 20
rounding indicators 2
fact a: bool
fact b: bool
fact c: bool
fact n "培训人次": count, >= 0
indicator i "制度建设" 10 { checklist: a -> 10/3; b -> 10/3; c -> 10/3 }
indicator t "培训人次" 10 {
  target >= 500
  proportional n against target
}
"""


def test_thirds_and_targets_agree_with_the_ir_on_generated_fact_sets() -> None:
    rubric = rubricdsl.loads(RUBRIC)
    sets = random_fact_sets(lower_program(rubric.checked), 300, seed=3)
    sets += [{"a": True, "b": True, "c": True, "n": 500}, {"a": True, "b": True, "c": False, "n": 499}]
    assert assert_agree(rubric, sets) == len(sets)
