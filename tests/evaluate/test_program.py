"""Whole-rubric behaviour: not applicable and rescaling, vetoes, rounding, grades, failures that stay local."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rubricdsl

D = Decimal

TWO_SECTIONS = """
rubric t "测试" 100
fact a "甲": percent
fact b "乙": percent
fact c "丙": count, optional, absent: not_applicable
fact planned "计划": money, >= 0
fact spent "实际": money
fact misuse "挤占挪用": bool, default false
let rate "执行率" = spent / planned
section one "一" 60 {
  indicator ia "甲项" 30 { proportional a against 100% }
  indicator ib "乙项" 30 { proportional b against 100% }
  veto when misuse, "挤占挪用资金"
}
section two "二" 40 {
  indicator ic "丙项" 20 { score c: >=10 -> 20; else 0 }
  indicator ir "执行率" 20 { score rate: >=90% -> 20; else 0 }
}
"""

FULL = {"a": "50%", "b": "100%", "c": 10, "planned": 100, "spent": 95}


@pytest.fixture(scope="module")
def two() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(TWO_SECTIONS)


def test_sections_are_sums_of_their_children(two: rubricdsl.CompiledRubric) -> None:
    result = two.evaluate(FULL)
    assert result.total == 85
    assert result.section("one").score == 45
    assert result.section("two").score == 40
    assert result.grade == "良"
    assert result.complete


def test_not_applicable_drops_out_and_the_total_is_rescaled(two: rubricdsl.CompiledRubric) -> None:
    result = two.evaluate({**FULL, "not_applicable": ["ic"]})
    assert result.scores()["ic"] is None
    assert result.indicator("ic").status == "not_applicable"
    assert result.section("two").applicable_points == 20
    # 65 of 80 applicable points, 按百分制折算: 65 × 100 / 80
    assert result.total == D("81.25")
    assert [step.kind for step in result.steps] == ["rescale"]
    assert result.complete


def test_an_absent_optional_fact_makes_its_indicators_not_applicable(two: rubricdsl.CompiledRubric) -> None:
    facts = {key: value for key, value in FULL.items() if key != "c"}
    result = two.evaluate(facts)
    assert result.indicator("ic").status == "not_applicable"
    assert "c" in result.indicator("ic").reason.en
    assert result.total == D("81.25")
    assert result.complete


def test_a_veto_zeroes_its_section_visibly(two: rubricdsl.CompiledRubric) -> None:
    result = two.evaluate({**FULL, "misuse": "是"})
    assert result.section("one").score == 0
    assert result.section("one").vetoed == "挤占挪用资金"
    assert result.scores()["ia"] == 15  # the indicator keeps its own score; the section is vetoed
    assert result.total == 40


def test_a_rubric_level_veto_zeroes_the_total() -> None:
    rubric = rubricdsl.loads(
        'rubric t "t" 1\nfact ok: bool\nfact bad: bool\nveto when bad, "一票否决"\n'
        'indicator i "i" 1 { when ok -> 1; else 0 }'
    )
    assert rubric.evaluate({"ok": True, "bad": False}).total == 1
    vetoed = rubric.evaluate({"ok": True, "bad": True})
    assert vetoed.total == 0
    assert [step.kind for step in vetoed.steps] == ["veto"]


def test_division_by_zero_fails_only_the_indicators_that_use_it(two: rubricdsl.CompiledRubric) -> None:
    result = two.evaluate({**FULL, "planned": 0})
    assert result.scores()["ir"] is None
    assert result.indicator("ir").status == "error"
    error = result.indicator("ir").error
    assert error is not None and error.code == "E302" and "planned" in error.message.en
    assert result.scores()["ia"] == 15
    assert not result.complete
    assert result.total == 65  # the failed indicator counts 0 and the result says it is incomplete


def test_a_missing_fact_fails_its_indicators_and_is_reported(two: rubricdsl.CompiledRubric) -> None:
    facts = {key: value for key, value in FULL.items() if key != "a"}
    result = two.evaluate(facts)
    assert result.scores()["ia"] is None
    assert [problem.code for problem in result.fact_problems] == ["F401"]
    assert result.indicator("ia").error is not None
    assert result.indicator("ia").error.code == "E301"
    assert result.scores()["ib"] == 30
    assert not result.complete


def test_strict_evaluation_raises_with_every_problem(two: rubricdsl.CompiledRubric) -> None:
    with pytest.raises(rubricdsl.FactsError) as raised:
        two.evaluate({"a": 95, "b": "maybe", "zz": 1}, strict=True)
    codes = sorted(problem.code for problem in raised.value.problems)
    assert codes == ["F401", "F401", "F402", "F403", "F405"]


ROUNDED = """
rubric t "t" 10
rounding indicators 2 {mode}
rounding total 0 half_up
fact x: number
indicator i "i" 10 {{ formula x }}
"""


@pytest.mark.parametrize(
    ("mode", "x", "indicator", "total"),
    [
        ("half_up", "2.345", D("2.35"), D("2")), ("half_even", "2.345", D("2.34"), D("2")),
        ("down", "2.349", D("2.34"), D("2")), ("up", "2.341", D("2.35"), D("2")),
        ("half_up", "8.495", D("8.50"), D("9")), ("half_up", "8.494", D("8.49"), D("8")),
    ],
)  # fmt: skip
def test_rounding_is_declared_and_visible(mode: str, x: str, indicator: Decimal, total: Decimal) -> None:
    result = rubricdsl.loads(ROUNDED.format(mode=mode)).evaluate({"x": D(x)})
    assert result.scores()["i"] == indicator
    assert result.indicator("i").raw_score == D(x)
    assert result.total == total
    assert any(step.kind == "rounding" for step in result.steps) == (total != indicator)


def test_exact_by_default() -> None:
    result = rubricdsl.loads('rubric t "t" 10\nfact x: number\nindicator i "i" 10 { formula x / 3 }').evaluate({"x": 1})
    assert result.total == D("0." + "3" * 50)  # division rounds only at the 50th digit
    assert result.steps == ()


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, "优"),
        (90, "优"),
        (D("89.99"), "良"),
        (80, "良"),
        (D("79.999"), "中"),
        (60, "中"),
        (D("59.9"), "差"),
        (0, "差"),
    ],
)
def test_default_grades_are_the_national_bands(total: Decimal, grade: str) -> None:
    rubric = rubricdsl.loads('rubric t "t" 100\nfact x: number\nindicator i "i" 100 { formula x }')
    assert rubric.evaluate({"x": total}).grade == grade


def test_grades_are_configurable() -> None:
    rubric = rubricdsl.loads(
        'rubric t "t" 100\ngrades: 优秀 > 95; 合格 >= 60; else 低\nfact x: number\nindicator i "i" 100 { formula x }'
    )
    assert [rubric.evaluate({"x": x}).grade for x in (96, 95, 60, 59)] == ["优秀", "合格", "合格", "低"]


def test_unicode_identifiers_and_full_width_punctuation() -> None:
    text = (
        'rubric 测试 "测试" 5\nfact 预算执行数 "预算执行数"： money 万元，＞ 0\nfact 预算数： money 万元, > 0\n'
        "let 预算完成率 = 预算执行数 / 预算数\n"
        'indicator 预算完成率指标 "预算完成率" 5 { score 预算完成率： ≥90％ -> 5； ≥80％ -> 3； else 0 }'
    )
    rubric = rubricdsl.loads(text)
    assert rubric.evaluate({"预算执行数": 45, "预算数": 50}).total == 5
    assert rubric.evaluate({"预算执行数": 44, "预算数": 50}).total == 3


def test_evaluation_is_deterministic_and_reusable(two: rubricdsl.CompiledRubric) -> None:
    first = two.evaluate(FULL)
    second = two.evaluate(FULL)
    assert (first.total, first.grade, dict(first.scores())) == (second.total, second.grade, dict(second.scores()))
    assert [item.reason for item in first.indicators] == [item.reason for item in second.indicators]


def test_explanations_name_the_branch_its_line_and_the_values_read(two: rubricdsl.CompiledRubric) -> None:
    item = two.evaluate(FULL).indicator("ir")
    assert item.branch == ">=90% -> 20"
    assert item.line == 17
    assert {read.name: read.value for read in item.reads} == {"rate": D("0.95"), "planned": 100, "spent": 95}
    assert item.reason.en == "执行率 = 95% → `>=90% -> 20`"  # the label, as the table shows it
    assert item.reason.zh == "执行率 = 95% → `>=90% -> 20`"
    assert item.path == ("two", "ir")
    assert item.path_labels == ("二", "执行率")
    assert item.lost == 0


def test_comments_are_kept_for_the_formatter() -> None:
    rubric = rubricdsl.loads('# 标题\nrubric t "t" 1  # 满分\nindicator i "i" 1 { formula 1 }  # 恒为满分\n')
    assert [comment.text for comment in rubric.checked.rubric.comments] == ["# 标题", "# 满分", "# 恒为满分"]


def test_facts_read_only_by_not_applicable_indicators_need_not_be_given(two: rubricdsl.CompiledRubric) -> None:
    facts = {key: value for key, value in FULL.items() if key != "a"}
    result = two.evaluate({**facts, "not_applicable": ["ia"]})
    assert result.fact_problems == ()
    assert result.complete
    assert result.total == 100  # ib 30 + ic 20 + ir 20: all 70 applicable points, rescaled to 100


def test_a_veto_that_cannot_be_evaluated_says_so_and_is_not_applied() -> None:
    rubric = rubricdsl.loads(
        'rubric t "t" 10\nfact spent: money, >= 0\nfact misused: money, >= 0\n'
        'veto when misused / spent > 10%, "挪用超过一成"\nindicator i "i" 10 { when spent > 0 -> 10; else 0 }\n'
    )
    for _ in range(5):  # past the warm-up, so the fast path is in play too
        result = rubric.evaluate({"spent": 0, "misused": 0})
        assert [error.code for error in result.errors] == ["E309"]
        assert "`spent` is 0" in result.errors[0].message.en
        assert not result.complete and result.total == 0
    assert rubric.evaluate({"spent": 100, "misused": 20}).total == 0  # fires
    assert rubric.evaluate({"spent": 100, "misused": 5}).total == 10


@pytest.mark.parametrize(("total", "grade"), [(10, "优"), (9, "优"), (D("8.99"), "良"), (6, "中"), (D("5.9"), "差")])
def test_default_grades_are_shares_of_another_full_score(total: Decimal, grade: str) -> None:
    rubric = rubricdsl.loads('rubric t "t" 10\nfact x: number\nindicator i "i" 10 { formula x }')
    assert rubric.evaluate({"x": total}).grade == grade
