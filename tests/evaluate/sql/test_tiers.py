"""Issue 10 forms 1 and 3 in the SQL back end: a rule as a `when` branch is only nested IR, so the query scores
it row for row as the interpreter does (arm columns under ``rule<arm>``); a judged score held to its tier's
range fails with a fact problem (F440–F442), which the query cannot carry, so it is refused by name (S601)."""

from __future__ import annotations

from pathlib import Path

import pytest

import rubricdsl
from rubricdsl.ir.lower import lower_program
from tests.evaluate.sql.helpers import assert_agree, random_fact_sets

pytest.importorskip("duckdb")

HELDOUT = Path(__file__).parents[2] / "forms" / "heldout_tiers.rubric"


NESTED = """
rubric nested "嵌套规则" 20
fact policy_reason "政策性原因": bool
fact overrun "超过计划时间比例": percent, >= 0%
fact kind "指标类型": enum(率, 额)
fact rate "完成率": percent, >= 0%
fact amount "完成额": money 万元, >= 0
fact target_amount "目标额": money 万元, > 0
indicator timely "完成及时性" 10 {
  when policy_reason -> 10; else deduct overrun: base 10, -1 per 4% above 0%, whole steps
}
indicator choice "完成情况" 10 {
  when kind == "率" -> proportional rate against 95%; else proportional amount against target_amount
}
"""


def test_nested_rules_agree_with_the_interpreter() -> None:
    rubric = rubricdsl.loads(NESTED)
    program = lower_program(rubric.checked)
    assert assert_agree(rubric, random_fact_sets(program, 400, seed=11)) == 400


def test_a_tier_range_is_refused_by_name() -> None:
    from rubricdsl.evaluate.sql.build import compile_sql

    with pytest.raises(rubricdsl.RubricError) as refused:
        compile_sql(rubricdsl.load(HELDOUT))
    (diagnostic,) = refused.value.diagnostics
    assert diagnostic.code == "S601" and "F440" in diagnostic.message.en
