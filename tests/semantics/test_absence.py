"""Issue 9 §4: an absent scored fact never silently changes the full score."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rubricdsl

TABLE = """rubric t "t" 100
fact answered "已填写": bool
fact survey "满意度": percent, {policy}
fact note "备注人数": count, optional
indicator a "甲" 10 {{ when answered -> 10; else 0 }}
indicator b "乙" 90 {{ score survey: >= 90% -> 90; else 0 }}
veto when note > 100, "备注超限"
"""


def test_a_bare_optional_scored_fact_is_E233_naming_the_indicator() -> None:
    with pytest.raises(rubricdsl.RubricCheckError) as raised:
        rubricdsl.loads(TABLE.format(policy="optional"))
    (problem,) = raised.value.diagnostics
    assert problem.code == "E233"
    assert "`survey`" in problem.message.en and "`b`" in problem.message.en
    assert problem.hint is not None and "absent: not_applicable" in problem.hint.en


def test_a_bare_optional_fact_read_by_no_indicator_is_allowed() -> None:
    rubricdsl.loads(TABLE.format(policy="default 0%"))  # `note` is optional and read only by the veto


def test_the_stated_policy_makes_the_indicator_not_applicable_and_the_rescale_visible() -> None:
    rubric = rubricdsl.loads(TABLE.format(policy="optional, absent: not_applicable"))
    result = rubric.evaluate({"answered": True})
    assert result.indicator("b").status == "not_applicable"
    assert result.total == Decimal(100)  # 10 of 10 applicable points
    (step,) = result.steps
    assert step.kind == "rescale"
    assert step.text.zh.startswith("按 10 分折算为百分制：10 × 100 ÷ 10")
    assert step.text.en.startswith("rescaled from 10 applicable points to the full 100")


def test_absent_policy_alone_implies_optional() -> None:
    rubric = rubricdsl.loads(TABLE.format(policy="absent: not_applicable"))
    assert rubric.evaluate({"answered": False}).indicator("b").status == "not_applicable"


def test_a_default_is_a_policy_too() -> None:
    rubric = rubricdsl.loads(TABLE.format(policy="optional, default 0%"))
    result = rubric.evaluate({"answered": True})
    assert result.indicator("b").score == 0
    assert result.total == 10
    assert result.steps == ()


def test_a_fact_read_through_a_let_needs_the_policy() -> None:
    text = TABLE.format(policy="default 0%").replace(
        'fact note "备注人数": count, optional', 'fact note "备注人数": count, optional\nlet n2 = note + 1'
    )
    text = text.replace("when answered -> 10", "when answered and n2 > 1 -> 10")
    with pytest.raises(rubricdsl.RubricCheckError) as raised:
        rubricdsl.loads(text)
    assert [d.code for d in raised.value.diagnostics] == ["E233"]


def test_a_full_score_other_than_100_says_so() -> None:
    rubric = rubricdsl.loads(
        'rubric t "t" 10\nfact a: bool\nfact b: bool, absent: not_applicable\n'
        'indicator i "i" 4 { when a -> 4; else 0 }\nindicator j "j" 6 { when b -> 6; else 0 }\n'
    )
    (step,) = rubric.evaluate({"a": True}).steps
    assert step.text.zh.startswith("按 4 分折算为满分 10 分：4 × 10 ÷ 4")


def test_a_deduction_from_base_zero_is_E234_with_an_honest_hint() -> None:
    with pytest.raises(rubricdsl.RubricCheckError) as raised:
        rubricdsl.loads(
            'rubric t "t" 10\nfact p: count\nindicator a "a" 10 { formula 10 }\n'
            'indicator v "违规" 0 { deduct p: base 0, -5 per 1 above 0 }\n'
        )
    (problem,) = raised.value.diagnostics
    assert problem.code == "E234"
    assert problem.hint is not None and "减分项请写成 `penalty" in problem.hint.zh  # penalties exist now


def test_a_default_and_not_applicable_together_are_E235() -> None:
    with pytest.raises(rubricdsl.RubricCheckError) as raised:
        rubricdsl.loads(TABLE.format(policy="default 0%, absent: not_applicable"))
    assert [d.code for d in raised.value.diagnostics] == ["E235"]
