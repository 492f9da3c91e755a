"""IndicatorResult.target and .actual (results/targets.py): what the rubric states and what the project did,
in the result, its JSON (valid against the published model), a pickled copy and the text table."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal

from rich.console import Console

import rubricdsl
from rubricdsl.render.table import result_table
from rubricdsl.results.model import TargetValue
from rubricdsl.results.schema import ResultModel

RUBRIC = """rubric demo "培训项目" 40
rounding indicators 2
fact trainees "培训人次": count
fact rate "合格率": percent
fact budget "全年预算数": money 万元, > 0
fact spent "全年执行数": money 万元
fact note "是否按期": bool, optional, absent: not_applicable
indicator trainee_count "培训人次" 10 {
  target >= 500
  proportional trainees against target
}
indicator pass "合格率" 10 {
  target ≥ 90%
  score rate: >= 90% -> 10; >= 80% -> 6; else 0
}
indicator execution "预算执行率" 10 {
  target budget
  proportional spent against target
}
indicator on_time "按期完成" 10 {
  target "按期完成"
  actual note
  when note -> 10; else 0
}
"""
FACTS = {"trainees": 450, "rate": Decimal("0.93"), "budget": 120, "spent": 114, "note": True}


def _result(facts: dict[str, object] = FACTS) -> rubricdsl.EvaluationResult:
    return rubricdsl.loads(RUBRIC).evaluate(facts)


def test_targets_and_actuals_are_the_stated_and_the_recorded_values() -> None:
    result = _result()
    by_id = {item.id: item for item in result.indicators}
    assert by_id["trainee_count"].target == TargetValue("≥500", Decimal(500), ">=")
    actual = by_id["trainee_count"].actual
    assert actual is not None and (actual.name, actual.value, actual.shown) == ("trainees", Decimal(450), "450")
    assert by_id["pass"].target == TargetValue("≥90%", Decimal("0.9"), ">=")
    assert by_id["pass"].actual is not None and by_id["pass"].actual.shown == "93%"
    assert by_id["execution"].target == TargetValue("120万元", Decimal(1200000), None)  # a target fact's value
    assert by_id["execution"].actual is not None and by_id["execution"].actual.shown == "114万元"
    assert by_id["on_time"].target == TargetValue("按期完成", None, None)
    assert by_id["on_time"].actual is not None and by_id["on_time"].actual.shown == "是"


def test_an_absent_actual_has_no_value() -> None:
    facts = {k: v for k, v in FACTS.items() if k != "note"}
    item = _result(facts).indicator("on_time")
    assert item.status == "not_applicable"
    assert item.actual is not None and item.actual.value is None and item.actual.shown == ""


def test_an_indicator_without_a_target_has_neither() -> None:
    result = rubricdsl.loads('rubric d "d" 10\nfact x: count\nindicator i "i" 10 { proportional x against 5 }\n')
    (item,) = result.evaluate({"x": 5}).indicators
    assert item.target is None and item.actual is None
    assert "target" not in result.evaluate({"x": 5}).to_dict(numbers="string")["indicators"][0]


def test_the_fast_path_explains_the_same_targets() -> None:
    rubric = rubricdsl.loads(RUBRIC)
    slow = rubric.evaluate_closures(FACTS)
    for _ in range(4):  # from the third evaluation the generated fast path scores
        fast = rubric.evaluate(FACTS)
    assert [(i.target, i.actual) for i in fast.indicators] == [(i.target, i.actual) for i in slow.indicators]


def test_json_carries_them_and_validates_against_the_model() -> None:
    data = json.loads(_result().to_json(numbers="json"))
    first = data["indicators"][0]
    assert first["target"] == {"shown": "≥500", "value": 500, "op": ">="}
    assert first["actual"] == {"of": "trainees", "label": "培训人次", "value": 450, "shown": "450"}
    assert data["indicators"][3]["target"] == {"shown": "按期完成", "value": None, "op": None}
    ResultModel.model_validate(_result().to_dict(numbers="string"))


def test_a_pickled_result_keeps_them() -> None:
    result = _result()
    copied = pickle.loads(pickle.dumps(result.indicators))
    assert copied == result.indicators
    assert copied[0].target == result.indicators[0].target and copied[0].actual == result.indicators[0].actual


def test_the_text_table_shows_the_two_columns() -> None:
    console = Console(width=200, record=True)
    console.print(result_table(_result(), lang="zh"))
    text = console.export_text()
    assert "年度指标值" in text and "实际完成值" in text
    assert "≥500" in text and "120万元" in text and "114万元" in text
    english = Console(width=200, record=True)
    english.print(result_table(_result(), lang="en"))
    shown = english.export_text()
    assert "Target" in shown and "Actual" in shown
