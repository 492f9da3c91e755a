"""The IR of `assert`: lowered once, checked the same by the interpreter and the generated code, and decided
soundly by the interval analysis (never "always" or "never" when some facts within the bounds say otherwise)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.codegen import GeneratedInterpreter
from rubricdsl.ir.interpret import Interpreter, IRRun
from rubricdsl.ir.lower import lower_program
from rubricdsl.ir.ranges import RangeAnalysis

RUBRIC = """\
rubric fund "资金" 10
fact budget "年度资金总额": money 万元, in [0万元, 200万元]
fact fiscal "财政拨款": money 万元, in [0万元, 100万元]
fact other "其他资金": money 万元, default 0, in [0万元, 100万元]
fact a "前文数": number, in [0, 50]
fact b "后文数": number, in [0, 50]
fact rate "执行率": percent, in [0%, 100%]
let share = fiscal / budget
assert budget == fiscal + other within 0.01万元 "总额应等于各来源之和"
assert a == b "前后一致", warn
assert a <= b within 2 "前文不大于后文"
assert b >= a within 0.5 "后文不小于前文"
assert share <= 100% "拨款占比不超过100%"
assert rate <= 100% "执行率不超过100%"
indicator i "资金到位" 10 { score fiscal / budget: >= 100% -> 10; else 0 }
"""


@pytest.fixture(scope="module")
def program() -> ir.Program:
    return lower_program(rubricdsl.loads(RUBRIC).checked)


def _outcomes(run: IRRun) -> list[tuple[Any, Any, bool | None]]:
    return [(str(c.left), str(c.right), c.held) for c in run.assertions]


def test_lowering_puts_the_tolerance_in_the_test(program: ir.Program) -> None:
    first, second, third, fourth, *_ = program.assertions
    assert isinstance(first.holds, ir.Cmp) and first.holds.op is ir.CmpOp.LE
    assert isinstance(first.holds.left, ir.Abs) and first.holds.right == ir.Const(value=Decimal(100))
    assert second.holds == ir.Cmp(op=ir.CmpOp.EQ, left=ir.Var(key="left"), right=ir.Var(key="right"))
    assert second.warn and not first.warn
    assert isinstance(third.holds, ir.Cmp) and isinstance(third.holds.right, ir.Arith)
    assert third.holds.right.op is ir.ArithOp.ADD
    assert isinstance(fourth.holds, ir.Cmp) and isinstance(fourth.holds.right, ir.Arith)
    assert fourth.holds.right.op is ir.ArithOp.SUB


FACT_SETS = [
    {"budget": 100, "fiscal": 60, "other": 40, "a": 3, "b": 3, "rate": "90%"},
    {"budget": "100.01", "fiscal": 60, "other": 40, "a": 5, "b": 3, "rate": "100%"},
    {"budget": "100.0101", "fiscal": 60, "other": 40, "a": "2.5", "b": 3, "rate": 0},
    {"budget": 0, "fiscal": 60, "a": 3, "b": 3, "rate": "50%"},  # share divides by zero: not checked
    {"fiscal": 60, "a": 3, "rate": "50%"},  # total and b missing
]


@pytest.mark.parametrize("facts", FACT_SETS)
def test_interpreter_and_generated_code_check_alike(program: ir.Program, facts: dict[str, Any]) -> None:
    rubric = rubricdsl.loads(RUBRIC)
    values, not_applicable, problems = rubric.schema.convert(facts)
    invalid = frozenset(p.subject for p in problems if p.code != "F401" and p.subject)
    expected = Interpreter(program).run(values, not_applicable, invalid)
    found = GeneratedInterpreter(program).run(values, not_applicable, invalid)
    assert _outcomes(found) == _outcomes(expected)
    assert len(expected.assertions) == len(program.assertions)


def test_hand_computed_outcomes(program: ir.Program) -> None:
    rubric = rubricdsl.loads(RUBRIC)
    held = []
    for facts in FACT_SETS:
        values, na, _ = rubric.schema.convert(facts)
        held.append([c.held for c in Interpreter(program).run(values, na, frozenset()).assertions])
    assert held == [
        [True, True, True, True, True, True],
        [True, False, True, False, True, True],  # 100.01 vs 100 is within 0.01万元; 5 <= 3 + 2; not 3 >= 5 − 0.5
        [False, False, True, True, True, True],  # 100.0101 is not; 2.5 <= 5, 3 >= 2
        [False, True, True, True, None, True],  # 0 ≠ 60; share = 60 / 0 fails: not checked
        [None, None, None, None, None, True],
    ]


@settings(deadline=None, max_examples=60)
@given(
    st.decimals(0, 200, places=4),
    st.decimals(0, 100, places=4),
    st.decimals(0, 100, places=4),
    st.decimals(0, 50, places=2),
    st.decimals(0, 50, places=2),
    st.decimals(0, 1, places=3),
)
def test_the_interval_analysis_is_sound(
    total: Decimal, fiscal: Decimal, other: Decimal, a: Decimal, b: Decimal, rate: Decimal
) -> None:
    rubric = rubricdsl.loads(RUBRIC)
    program = lower_program(rubric.checked)
    analysis = RangeAnalysis(program)
    facts = {"budget": total, "fiscal": fiscal, "other": other, "a": a, "b": b, "rate": rate}
    values, na, problems = rubric.schema.convert(facts)
    assert not problems
    run = Interpreter(program).run(values, na, frozenset())
    for checked in run.assertions:
        verdict, _, _ = analysis.assertion(checked.assertion)
        if verdict is not None and checked.held is not None:
            assert checked.held is verdict


def test_the_analysis_decides_only_what_the_bounds_decide(program: ir.Program) -> None:
    analysis = RangeAnalysis(program)
    verdicts = [analysis.assertion(item)[0] for item in program.assertions]
    assert verdicts == [None, None, None, None, None, True]  # only `rate <= 100%` is settled by its bound
