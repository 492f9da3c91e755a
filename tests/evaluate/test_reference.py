"""Which rubrics the v1 closures and the fast path cover (evaluate/reference.py): every shipped v1 rubric,
and none that uses a construct added since — those are scored by the IR alone, and no fast path is built."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest

import rubricdsl
from rubricdsl.evaluate.program import NotInReference, Program
from rubricdsl.evaluate.reference import covers
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n

RUBRICS = sorted((Path(__file__).parents[2] / "rubrics").glob("*.rubric"))
TEXT = """
rubric r "r" 20
fact reason "原因": bool
fact overrun "超时": percent, >= 0%
fact amount "金额": money 元
let half = floor(amount / 2)
indicator timely "及时" 10 { when reason -> 10; else 0 }
indicator alone "扣分" 10 { deduct overrun: base 10, -1 per 4% above 0%, whole steps }
"""


@pytest.mark.parametrize("path", RUBRICS, ids=lambda path: path.stem)
def test_every_shipped_v1_rubric_is_covered(path: Path) -> None:
    assert covers(rubricdsl.load(path).checked)


def _with_indicator_rule(checked: CheckedRubric, ident: str, rule: object) -> CheckedRubric:
    infos = tuple(
        replace(info, node=replace(info.node, rule=cast("Any", rule))) if info.node.id == ident else info
        for info in checked.indicators
    )
    return replace(checked, indicators=infos)


def test_a_rule_as_a_when_branch_is_not_covered_and_program_refuses_to_run_it() -> None:
    checked = rubricdsl.loads(TEXT.replace("let half = floor(amount / 2)\n", "")).checked
    assert covers(checked)
    rules = {info.node.id: info.node.rule for info in checked.indicators}
    timely = rules["timely"]
    assert isinstance(timely, n.WhenRule)
    nested = _with_indicator_rule(checked, "timely", replace(timely, otherwise=cast("Any", rules["alone"])))
    assert not covers(nested)
    program = Program(nested)  # plans are still built for the explainer
    assert [plan.info.node.id for plan in program.indicators] == ["timely", "alone"]
    with pytest.raises(NotInReference):
        program.run({}, frozenset(), frozenset())


def test_a_function_beyond_v1_is_not_covered() -> None:
    checked = rubricdsl.loads(TEXT.replace("floor(", "round(")).checked
    assert covers(checked)
    (let,) = checked.rubric.lets
    assert isinstance(let.expr, n.Call)
    floor = replace(let.expr, function="floor")
    rubric = replace(checked.rubric, lets=(replace(let, expr=floor),))
    assert not covers(replace(checked, rubric=rubric))


@pytest.mark.parametrize(
    "expression",
    ["floor(amount / 2)", "ceil(amount / 3)", "clamp(amount, 0元, 10元)", "amount * count(reason, overrun > 5%)"],
)
def test_the_functions_of_issue_10_are_checked_but_not_covered(expression: str) -> None:
    """The checker admits them now; `Program` and the fast path still do not run them, the IR does."""
    rubric = rubricdsl.loads(TEXT.replace("floor(amount / 2)", expression))
    assert not covers(rubric.checked)
    assert not Program(rubric.checked).covers
    for _ in range(4):  # past warm-up: a fast path would be generated here if it were covered
        result = rubric.evaluate({"reason": True, "overrun": "10%", "amount": 7})
    assert result.total == 18 and result.complete  # 10 + (10 - 2 whole steps of 4%)


LISTS = """
rubric r "r" 10
fact project "项目名称": text, record
fact funds "专项资金": list of { name: text, paid: money 万元, late: bool }
indicator timely "及时" 10 { when flag -> 10; else 0 }
fact flag "标志": bool
"""


def test_a_list_fact_and_its_aggregate_are_not_covered_and_the_ir_scores_them() -> None:
    text = LISTS.replace("when flag -> 10", "when all(funds where not late) -> 10")
    compiled = rubricdsl.loads(text)
    assert not covers(compiled.checked)
    with pytest.raises(NotInReference):
        Program(compiled.checked).run({}, frozenset(), frozenset())
    funds = [{"name": "A", "paid": 1, "late": False}, {"name": "B", "paid": 2, "late": True}]
    result = compiled.evaluate({"project": "p", "flag": True, "funds": funds})
    assert result.total == 0
    assert compiled.evaluate({"project": "p", "flag": True, "funds": funds[:1]}).total == 10


def test_a_text_fact_alone_is_not_covered_the_fast_path_reads_no_text() -> None:
    no_list = LISTS.replace('fact funds "专项资金": list of { name: text, paid: money 万元, late: bool }\n', "")
    assert not covers(rubricdsl.loads(no_list).checked)
    assert covers(rubricdsl.loads(no_list.replace('fact project "项目名称": text, record\n', "")).checked)


@pytest.mark.parametrize(
    "rule",
    [
        "when reason -> 10; else deduct overrun: base 10, -1 per 4% above 0%, whole steps",
        "when reason -> (score overrun: <= 4% -> 10; else 5); else 0",
        "judged points within tier: 好 -> [5, 10]; 差 -> [0, 5)",
    ],
)
def test_the_written_v2_rules_are_not_covered(rule: str) -> None:
    text = TEXT.replace(
        "let half = floor(amount / 2)\n", 'fact tier "等级": enum(好, 差)\nfact points "得分": number\n'
    )
    checked = rubricdsl.loads(text.replace("when reason -> 10; else 0", rule)).checked
    assert not covers(checked)


# ---- issue 10, forms 2, 5, 6: what acts on sections and the total ------------------------------------------
PLAIN = """
rubric r "r" 20
fact a "a": percent
fact b "b": percent, optional, absent: not_applicable
fact times "次数": count
fact serious "严重": bool
section s "s" 20 {
  indicator first "一" 10 { proportional a against 100% }
  indicator second "二" 10 { proportional b against 100% }
}
"""
SECTION_LEVEL = {
    "penalty": PLAIN.replace("\n}\n", '\n  penalty p "减分" 5 { formula times }\n}\n'),
    "bonus at the top": PLAIN + 'bonus o "加分" 5 { formula times }\n',
    "uncapped": PLAIN.replace('rubric r "r" 20', 'rubric r "r" 20 uncapped'),
    "siblings": PLAIN.replace("{\n  indicator first", "{\n  not_applicable -> siblings\n  indicator first"),
    "named": PLAIN.replace("{\n  indicator first", "{\n  not_applicable second -> first\n  indicator first"),
    "grade cap": PLAIN + 'cap 良 when serious, "严重问题"\n',
}


def test_the_plain_rubric_is_covered_and_the_explicit_default_policy_keeps_it_so() -> None:
    assert covers(rubricdsl.loads(PLAIN).checked)
    default = PLAIN.replace("{\n  indicator first", "{\n  not_applicable -> rescale\n  indicator first")
    assert covers(rubricdsl.loads(default).checked)  # the whole-rubric rescale is v1's own


@pytest.mark.parametrize("text", SECTION_LEVEL.values(), ids=list(SECTION_LEVEL))
def test_section_level_constructs_are_not_covered_and_program_refuses_to_run_them(text: str) -> None:
    compiled = rubricdsl.loads(text)
    assert not covers(compiled.checked)
    with pytest.raises(NotInReference):
        Program(compiled.checked).run({}, frozenset(), frozenset())
    # and the façade scores them with the IR (no fast path silently summing a penalty as a score)
    result = compiled.evaluate({"a": "50%", "times": 2, "serious": True})
    assert result.complete
