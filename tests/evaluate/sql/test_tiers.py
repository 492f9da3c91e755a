"""Issue 10 forms 1 and 3 in the SQL back end: a rule as a `when` branch is only nested IR, so the query scores
it row for row as the interpreter does (arm columns under ``rule<arm>``).  The judged-within form (form 1)
and its fact problems F440–F442: test_judged.py."""

from __future__ import annotations

import pytest

import rubricdsl
from rubricdsl.ir.lower import lower_program
from tests.evaluate.sql.helpers import assert_agree, random_fact_sets

pytest.importorskip("duckdb")

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
