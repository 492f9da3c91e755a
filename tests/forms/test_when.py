"""A `when` branch whose outcome is another rule form: the v2 capability added in the forms layer alone.

No grammar change (another session edits the grammar): the AST is built directly from rules parsed elsewhere
in the same rubric, so every span points into the source the explanation quotes.  The nested rule must score,
trace, fail and read exactly as it does alone.
"""

from __future__ import annotations

import decimal
from dataclasses import replace
from decimal import Decimal
from typing import Any, cast

import pytest

import rubricdsl
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.interpret import Interpreter, IRRun
from rubricdsl.ir.lower import lower_program
from rubricdsl.ir.reasons import TraceReasons
from rubricdsl.ir.trace import columns
from rubricdsl.syntax import nodes as n

TEXT = """
rubric nested "嵌套规则" 50
fact policy_reason "政策性原因": bool
fact overrun "超时比例": percent, >= 0%
fact kind "指标类型": enum(率, 额)
fact rate "完成率": percent
fact rate_target "目标率": percent
fact amount "完成额": money 元
fact target_amount "目标额": money 元, > 0
indicator timely "完成及时性" 10 { when policy_reason -> 10; else 0 }
indicator choice "择一" 10 { when kind == "率" -> 0; else 0 }
indicator overrun_alone "超时扣分" 10 { deduct overrun: base 10, -1 per 4% above 0%, whole steps }
indicator rate_alone "完成率" 10 { proportional rate against rate_target }
indicator amount_alone "完成额" 10 { proportional amount against target_amount }
"""
FACTS: dict[str, Any] = {
    "policy_reason": False,
    "overrun": Decimal("0.09"),
    "kind": "率",
    "rate": Decimal("0.9"),
    "rate_target": Decimal("0.95"),
    "amount": 800,
    "target_amount": 1000,
}


@pytest.fixture(scope="module")
def rubric() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(TEXT)


def _nested(rubric: rubricdsl.CompiledRubric) -> dict[str, object]:
    """``when policy_reason -> 10; else deduct overrun: …`` and ``when kind == "率" -> proportional rate …;
    else proportional amount …``, as the grammar will build them once `when` outcomes may be rules."""
    rules = {info.node.id: info.node.rule for info in rubric.checked.indicators}
    timely, choice = rules["timely"], rules["choice"]
    assert isinstance(timely, n.WhenRule) and isinstance(choice, n.WhenRule)
    # The AST types an outcome as an expression until the grammar widens it to `Expr | Rule`.
    return {
        "timely": replace(timely, otherwise=cast("Any", rules["overrun_alone"])),
        "choice": replace(
            choice,
            branches=(replace(choice.branches[0], outcome=cast("Any", rules["rate_alone"])),),
            otherwise=cast("Any", rules["amount_alone"]),
        ),
    }


def _run(rubric: rubricdsl.CompiledRubric, facts: dict[str, Any]) -> tuple[IRRun, ir.Program]:
    program = lower_program(rubric.checked, _nested(rubric))
    values, not_applicable, problems = rubric.schema.convert(facts)
    assert not problems
    return Interpreter(program).run(values, not_applicable, frozenset()), program


def _index(rubric: rubricdsl.CompiledRubric, ident: str) -> int:
    return next(i for i, info in enumerate(rubric.checked.indicators) if info.node.id == ident)


def test_the_nested_rule_is_lowered_by_its_own_form_in_its_own_scope(rubric: rubricdsl.CompiledRubric) -> None:
    _, program = _run(rubric, FACTS)
    timely = program.indicators[_index(rubric, "timely")]
    assert timely.form == "when"
    guard = timely.body
    assert isinstance(guard, ir.Guard) and isinstance(guard.value, ir.Select)
    scope = guard.value.otherwise
    assert isinstance(scope, ir.Scope) and scope.key == "rule1"
    alone = program.indicators[_index(rubric, "overrun_alone")].body
    assert isinstance(alone, ir.Guard)
    assert scope.body == alone.value  # the very IR the deduction lowers to when it stands alone


def test_the_branch_that_fires_and_the_inner_trace(rubric: rubricdsl.CompiledRubric) -> None:
    run, _ = _run(rubric, FACTS)
    timely, alone = _index(rubric, "timely"), _index(rubric, "overrun_alone")
    # 9% over by 4% steps, whole steps: 2 steps, −2.
    assert run.scores[timely] == Decimal(8) == run.scores[alone]
    trace = run.traces[timely]
    assert trace is not None and trace["arm"] == 1  # the else branch
    assert columns(trace) == {
        "arm": 1,
        "rule1.subject": Decimal("0.09"),
        "rule1.distance": Decimal("0.09"),
        "rule1.arm": 1,
        "rule1.units": Decimal(2),
        "rule1.deduction": Decimal(2),
    }
    alone_trace = run.traces[alone]
    assert alone_trace is not None
    assert trace["rule1"] == columns(alone_trace)  # reads exactly as the rule alone


def test_a_branch_that_is_a_plain_value_still_is_one(rubric: rubricdsl.CompiledRubric) -> None:
    run, _ = _run(rubric, {**FACTS, "policy_reason": True})
    timely = _index(rubric, "timely")
    assert run.scores[timely] == Decimal(10)
    assert columns(run.traces[timely] or {}) == {"arm": 0}


def test_a_nested_rule_in_the_first_branch_and_in_the_else(rubric: rubricdsl.CompiledRubric) -> None:
    choice = _index(rubric, "choice")
    by_rate, _ = _run(rubric, FACTS)
    with decimal.localcontext(CONTEXT):
        share = Decimal("0.9") / Decimal("0.95")
        assert by_rate.scores[choice] == by_rate.scores[_index(rubric, "rate_alone")] == 10 * share
    assert columns(by_rate.traces[choice] or {})["rule0.share"] == share
    by_amount, _ = _run(rubric, {**FACTS, "kind": "额"})
    assert by_amount.scores[choice] == Decimal("8.0")
    assert (by_amount.traces[choice] or {})["arm"] == 1


def test_a_failure_inside_the_nested_rule_fails_the_indicator_with_its_own_diagnostic(
    rubric: rubricdsl.CompiledRubric,
) -> None:
    run, _ = _run(rubric, {**FACTS, "rate_target": 0})
    choice = _index(rubric, "choice")
    assert run.status[choice] == "error"
    error = run.errors[choice]
    assert error.code == "E302" and error == run.errors[_index(rubric, "rate_alone")]
    # The other branch is not evaluated, so it cannot fail.
    other, _ = _run(rubric, {**FACTS, "rate_target": 0, "kind": "额"})
    assert other.status[choice] == "scored"


def test_the_explanation_names_the_branch_then_explains_the_inner_rule(rubric: rubricdsl.CompiledRubric) -> None:
    run, _ = _run(rubric, FACTS)
    reasons = TraceReasons(rubric.checked, _nested(rubric))
    timely, alone = _index(rubric, "timely"), _index(rubric, "overrun_alone")
    inner = reasons.reason(run, alone)
    reason = reasons.reason(run, timely)
    # The branch as what held instead (the condition that failed, with its value), then the deduction's own sentence.
    assert reason.en == f"政策性原因 = 否: no condition holds → else: {inner.en}"
    assert reason.zh == f"政策性原因 = 否：条件均不成立 → 否则：{inner.zh}"
    assert inner.zh == "超时比例 = 9%：比 0% 高 9%，满 2 整档（每档 4%）→ 10 − 1 × 2 = 8 分"
    choice = reasons.reason(run, _index(rubric, "choice"))
    rate_alone = reasons.reason(run, _index(rubric, "rate_alone"))
    assert choice.zh == f'指标类型 率 = "率" → {rate_alone.zh}'
    assert rate_alone.zh == "实际 完成率 = 90%，指标值 目标率 = 95%：实际值 ÷ 指标值 = ≈94.74% → ≈9.473684 分"
    plain = reasons.reason(_run(rubric, {**FACTS, "policy_reason": True})[0], timely)
    assert (plain.en, plain.zh) == ("政策性原因 = 是 → 10", "政策性原因 = 是 → 10 分")
