"""Aggregates over list facts in the IR: the interpreter and the generated code agree on every record (hypothesis
over the items), the semantics of empty lists and missing fields are as documented, and the interval analysis
holds every computed value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.interpret import Interpreter
from rubricdsl.ir.lower import lower_program
from rubricdsl.ir.ranges import analyse
from tests.ir.test_codegen import Pair

RUBRIC = """
rubric lists "列表" 70
rounding indicators 2
fact funds "专项资金": list of { name: text, planned: money 万元, > 0, paid: money 万元, >= 0, late: bool, default 否, cases: count, optional }
fact deadline_share "按期标准": percent, in [0%, 100%]
let paid_total "拨付合计": money = sum(funds.paid)
let late_count "逾期个数" = count(funds where late)
indicator on_time "按时拨付" 10 { formula 10 * share(funds where not late) }
indicator full "全部到位" 10 { when all(funds where paid >= planned) -> 10; any(funds where paid >= planned) -> 5; else 0 }
indicator ratio "到位率" 10 { score sum(funds.paid where paid / planned >= deadline_share) / sum(funds.planned): >= 90% -> 10; >= 60% -> 6; else 0 }
indicator cases "违规" 10 { deduct sum(funds.cases where cases > 0): base 10, -2 per 1 above 0 }
indicator counted "个数" 10 { score count(funds): >= 3 -> 10; >= 1 -> 5; else 0 }
indicator late "逾期" 10 { score late_count: == 0 -> 10; <= 1 -> 5; else 0 }
indicator reported "填报" 10 { when all(funds where given(cases) and cases >= 0) -> 10; any(funds where not given(cases)) -> 4; else 0 }
"""

MONEY = st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False)
ITEM = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["乡村道路", "饮水工程", "人居环境", "产业扶持"]),
        "planned": st.decimals(min_value=Decimal("0.01"), max_value=500, places=2),
        "paid": MONEY,
    },
    optional={"late": st.booleans(), "cases": st.integers(min_value=0, max_value=4)},
)
FACTS = st.fixed_dictionaries(
    {
        "funds": st.lists(ITEM, max_size=6),
        "deadline_share": st.sampled_from([Decimal("0.5"), Decimal("0.9"), Decimal(1)]),
    }
)
PAIR = Pair(rubricdsl.loads(RUBRIC))
PROGRAM = lower_program(PAIR.rubric.checked)
RANGES = analyse(PROGRAM)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FACTS)
def test_interpreter_and_generated_code_agree_on_list_facts(facts: dict[str, Any]) -> None:
    run = PAIR.same(facts)
    for index, indicator in enumerate(PROGRAM.indicators):
        score = run.raw_scores[index]
        if score is not None:  # every computed score lies in its interval
            assert RANGES.scores[indicator.id].contains(score), indicator.id
    for name in ("paid_total", "late_count"):
        if name in run.env and name in RANGES.values:
            assert RANGES.values[name].contains(run.env[name]), name


def _scores(facts: dict[str, Any]) -> dict[str, Any]:
    return dict(PAIR.rubric.evaluate(facts).scores())


def test_hand_computed_scores() -> None:
    funds = [
        {"name": "乡村道路", "planned": 60, "paid": 60, "cases": 0},
        {"name": "饮水工程", "planned": 30, "paid": 24, "late": True, "cases": 2},
        {"name": "人居环境", "planned": 20, "paid": "20万元", "cases": 0},
    ]
    scores = _scores({"funds": funds, "deadline_share": "90%"})
    # 2 of 3 on time: 10 × 2/3, rounded to 2 places
    assert scores["on_time"] == Decimal("6.67")
    # not all paid in full (饮水工程 24 < 30), some are
    assert scores["full"] == 5
    # items paid at least 90% of plan: 60 + 20 = 80 of 110 planned = 72.7% → 6
    assert scores["ratio"] == 6
    # 2 cases: 10 − 2 × 2
    assert scores["cases"] == 6
    assert scores["counted"] == 10
    assert scores["late"] == 5


def test_an_empty_list_all_holds_any_fails_share_is_a_division_by_zero() -> None:
    result = PAIR.rubric.evaluate({"funds": [], "deadline_share": "90%"})
    scores = result.scores()
    assert scores["full"] == 10  # all() holds for no items: the documented vacuous truth (lint L132)
    errors = {error.code for error in result.errors}
    assert "E302" in errors  # share of no items (and the ratio's sum of planned amounts, 0)
    assert scores["on_time"] is None
    assert scores["cases"] == 10 and scores["counted"] == 0 and scores["late"] == 10


def test_a_missing_optional_field_without_default_fails_with_the_items_path() -> None:
    rubric = PAIR.rubric
    funds = [{"name": "A", "planned": 1, "paid": 1, "cases": 1}, {"name": "B", "planned": 1, "paid": 1}]
    result = rubric.evaluate({"funds": funds, "deadline_share": "90%"})
    (error,) = [error for error in result.errors if error.code == "E301"]
    assert "`funds[2].cases` (专项资金 #2 · cases)" in error.message.en
    assert result.scores()["cases"] is None and result.scores()["counted"] == 5


def test_share_lowers_to_a_division_of_two_counts() -> None:
    body = PROGRAM.indicators[0].body
    found = [node for node in _nodes(body) if isinstance(node, ir.Div)]
    assert found and isinstance(found[0].dividend, ir.Over) and isinstance(found[0].divisor, ir.Over)
    assert found[0].divisor.where is None and found[0].failure is not None
    assert found[0].failure.code == "E302"


def test_all_stops_at_the_first_failing_item_so_a_later_failure_is_not_reached() -> None:
    rubric = rubricdsl.loads(
        """
rubric r "r" 10
fact items "条目": list of { a: number, b: number }
indicator i "i" 10 { when all(items where a / b > 1) -> 10; else 0 }
"""
    )
    pair = Pair(rubric)
    # the first item fails the condition, the second would divide by zero: all() is false, nothing fails
    run = pair.same({"items": [{"a": 1, "b": 2}, {"a": 1, "b": 0}]})
    assert run.scores == [Decimal(0)] and not run.errors
    run = pair.same({"items": [{"a": 3, "b": 2}, {"a": 1, "b": 0}]})
    assert run.scores == [None] and run.errors[0].code == "E302"


def _nodes(node: ir.Expr) -> list[ir.Expr]:
    found = [node]
    for child in ir.children_of(node):
        found += _nodes(child)
    return found


def test_interpreter_restores_the_environment_after_an_aggregate() -> None:
    interpreter = Interpreter(PROGRAM)
    values, _, problems = PAIR.rubric.schema.convert(
        {"funds": [{"name": "A", "planned": 1, "paid": 1}], "deadline_share": 1}
    )
    assert not problems
    run = interpreter.run(values, frozenset(), frozenset())
    assert set(run.env) == {"funds", "deadline_share", "paid_total", "late_count"}


def test_given_says_whether_an_item_has_an_optional_field() -> None:
    funds = [{"name": "A", "planned": 1, "paid": 1, "cases": 0}, {"name": "B", "planned": 1, "paid": 1}]
    run = PAIR.same({"funds": funds, "deadline_share": 1})
    assert run.scores[-1] == 4  # B has no `cases`: not all given, some not given
    run = PAIR.same({"funds": funds[:1], "deadline_share": 1})
    assert run.scores[-1] == 10
