"""covers() for issue 10 forms 7 and 8: a target the rule reads is resolved to a v1 rule (covered, and the
v1 closures agree with the IR); a checklist with exact points is not covered (the IR sums it exactly)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rubricdsl
from rubricdsl.evaluate.program import NotInReference, Program
from rubricdsl.evaluate.reference import covers

TARGETS = """rubric r "r" 20
fact trainees "培训人次": count
fact planned "计划人次": count, > 0
indicator a "培训人次" 10 {
  target >= 500
  proportional trainees against target
}
indicator b "计划完成" 10 {
  target planned
  score trainees: >= 500 -> 10; else 5
}
"""
THIRDS = """rubric r "r" 10
rounding indicators 2
fact a: bool
fact b: bool
fact c: bool
indicator i "i" 10 { checklist: a -> 10/3; b -> 10/3; c -> 10/3 }
"""


def test_a_rule_reading_its_target_is_covered_and_both_evaluators_agree() -> None:
    rubric = rubricdsl.loads(TARGETS)
    assert covers(rubric.checked)
    values, not_applicable, _ = rubric.schema.convert({"trainees": 450, "planned": 400})
    run = Program(rubric.checked).run(values, not_applicable, frozenset())
    assert run.scores == [Decimal(9), Decimal(5)]
    assert rubric.evaluate_closures({"trainees": 450, "planned": 400}).total == Decimal(14)


def test_exact_points_are_not_covered_and_program_refuses_them() -> None:
    rubric = rubricdsl.loads(THIRDS)
    assert not covers(rubric.checked)
    with pytest.raises(NotInReference):
        Program(rubric.checked).run({"a": True, "b": True, "c": True}, frozenset(), frozenset())
    for _ in range(4):  # no fast path is generated: every evaluation is the IR's, exact
        assert rubric.evaluate({"a": True, "b": True, "c": True}).total == Decimal(10)


def test_decimal_checklist_points_stay_covered() -> None:
    assert covers(rubricdsl.loads(THIRDS.replace("10/3; b -> 10/3; c -> 10/3", "3.34; b -> 3.33; c -> 3.33")).checked)
