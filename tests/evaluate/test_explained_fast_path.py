"""Fast-path results are explained from what the generated function recorded, and agree with the closures.

Every rule form, indicator rounding, a checklist too long for the precomputed table and both deduction
outcomes, scored both ways and compared on every attribute of every IndicatorResult and SectionResult.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest

import rubricdsl
from tests.evaluate.test_differential import assert_same, takes_fast_path

EVERY_FORM = """
rubric t "全部规则" 100
rounding indicators 2 half_up
fact x "指标值" : number
fact rate "比率" : percent
fact n "次数" : count
fact ok "是否" : bool
fact amount "金额" : money 万元
fact level "等级" : enum(好, 较好, 一般, 较差)
fact judged_score "评议得分" : number
fact c0 "条件0" : bool
fact c1 "条件1" : bool
fact c2 "条件2" : bool
fact c3 "条件3" : bool
fact c4 "条件4" : bool
fact c5 "条件5" : bool
fact c6 "条件6" : bool
fact c7 "条件7" : bool
fact c8 "条件8" : bool
fact c9 "条件9" : bool
let share "占比" = x / 3
section a "甲" 50 {
  indicator banded "分档" 10 { score rate: >=90% -> 10; >=80% -> 7.5; else 2 }
  indicator banded_no_else "无否则" 5 { score share: >=1 -> 5 }
  indicator branches "条件" 5 { when ok -> 5; n > 3 -> 2 }
  indicator deducted "扣分" 10 { deduct n: base 10, -1.5 per 2 above 3, started steps, cap 7 }
  indicator long_list "长清单" 10 {
    checklist: c0 -> 1 "第一"; c1 -> 1; c2 -> 1; c3 -> 1; c4 -> 1; c5 -> 1; c6 -> 1; c7 -> 1; c8 -> 1; c9 -> 1
  }
  indicator short_list "短清单" 10 { checklist: c0 -> 2.5 "甲项"; c1 -> 7.5 "乙项" }
}
section b "乙" 50 {
  indicator prop "比例" 10 { proportional amount against 70万元 }
  indicator prop_lower "越低越好" 10 { proportional x against 3 lower }
  indicator graded "等级" 10 { levels level: 好 -> 100%; 较好 -> 80%; 一般 -> 60%; 较差 -> 3.3 }
  indicator judged "评议" 10 { judged judged_score }
  indicator computed "公式" 10 { formula min(10, x * 1.25) }
}
"""


def _facts(**change: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "x": 5,
        "rate": "85%",
        "n": 6,
        "ok": False,
        "amount": 70,
        "level": "较差",
        "judged_score": Decimal("7.25"),
        **{f"c{i}": i % 3 == 0 for i in range(10)},
    }
    facts.update(change)
    return facts


@pytest.fixture(scope="module")
def every_form() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(EVERY_FORM)


CASES = [
    {},
    {"rate": "95%", "ok": True, "n": 3, "x": 7},
    {"rate": "10%", "n": 0, "x": 0, "level": "好"},
    {"n": 100, "x": 9, "level": "一般", "c1": True, "c2": True},
    {"x": Decimal("3.5"), "amount": Decimal("1E+3"), "judged_score": 10},
    {**{f"c{i}": True for i in range(10)}, "x": 1},
    {**{f"c{i}": False for i in range(10)}, "x": 2},
]


@pytest.mark.parametrize("change", CASES)
def test_every_form_is_explained_the_same_on_both_paths(
    every_form: rubricdsl.CompiledRubric, change: dict[str, Any]
) -> None:
    facts = _facts(**change)
    assert takes_fast_path(every_form, facts)
    result = assert_same(every_form, facts)
    reference = every_form.evaluate_closures(facts)
    for mine, theirs in zip(result.indicators, reference.indicators, strict=True):
        for name in ("reason", "branch", "line", "reads", "raw_score", "score", "lost", "error"):
            assert getattr(mine, name) == getattr(theirs, name), (mine.id, name)


def test_a_fast_path_result_is_explained_without_evaluating_again(
    every_form: rubricdsl.CompiledRubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = _facts()
    reference = every_form.evaluate_closures(facts)
    assert_same(every_form, facts)  # generates the fast path
    result = every_form.evaluate(facts)

    def refuse(*args: Any) -> Any:
        raise AssertionError("explaining a fast-path result ran an evaluator")

    monkeypatch.setattr(every_form.program, "run", refuse)
    monkeypatch.setattr(every_form.schema, "convert", refuse)
    assert result.indicators == reference.indicators
    assert result.sections == reference.sections


def test_reasons_do_not_depend_on_the_callers_decimal_context(every_form: rubricdsl.CompiledRubric) -> None:
    """A reason states the exact values: percents and 万元 amounts are shifted exactly and what a reason
    computes (a share before its cap) it computes in the evaluator's context, whatever the caller's is."""
    facts = _facts(amount=65)  # 65/70 of the target: 92.857…%
    assert_same(every_form, facts)
    results = []
    for precision in (28, 3, 28):
        with decimal.localcontext() as context:
            context.prec = precision
            fast = every_form.evaluate(facts)
            closures = every_form.evaluate_closures(facts)
            assert [item.reason for item in fast.indicators] == [item.reason for item in closures.indicators]
            results.append([item.reason for item in fast.indicators])
    assert results[0] == results[1] == results[2]
    assert "≈92.86%" in every_form.evaluate(facts).indicator("prop").reason.en
