"""The checker on issue 10's forms 1 and 3: a nested rule is checked as it would be alone, against the
indicator's points, and what it reads counts for the indicator; `judged … within` checks its tier and score."""

from __future__ import annotations

import pytest

import rubricdsl
from rubricdsl.diagnostics.errors import RubricError

HEAD = """rubric r "R" 10
fact exempt "免评": bool
fact overrun "超时比例": percent, >= 0%
fact rate "完成率": percent
fact tier "等级": enum(好, 中, 差)
fact given "得分": number
"""


def _codes(rule: str) -> list[str]:
    with pytest.raises(RubricError) as caught:
        rubricdsl.loads(HEAD + f'indicator i "指标" 10 {{ {rule} }}\n')
    return [d.code for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("rule", "codes"),
    [
        ("when exempt -> 10; else deduct overrun: base 11, -1 per 4% above 0%", ["E210"]),  # base above points
        ("when exempt -> (checklist: exempt -> 6; rate > 90% -> 6); else 0", ["E210"]),  # items sum to 12
        ("when exempt -> 10; else (levels tier: 好 -> 100%; 优 -> 80%)", ["E209"]),
        ("when exempt -> 10; else (score rate: >= 90% -> 12; else 0)", ["E210"]),
        ("when exempt -> 10; else (score rate: >= 90 -> 10; else 0)", ["E230"]),  # a share compared with 90
        ("when exempt -> 10; else judged tier", ["E203"]),  # judged needs a number fact
        ("when exempt -> 10; else (judged given within tier: 好 -> [5, 10]; 良 -> [0, 5))", ["E209"]),
        ("when exempt -> 10; else (judged given within exempt: 好 -> [5, 10])", ["E240"]),
        ("when exempt -> 10; else (judged rate within tier: 好 -> [5, 10])", ["E241"]),
    ],
)
def test_a_nested_rule_is_checked_as_alone(rule: str, codes: list[str]) -> None:
    assert _codes(rule) == codes


@pytest.mark.parametrize(
    "alone",
    [
        "formula exempt + 1",
        "proportional tier against 1",
        "deduct overrun: base 10, -1 per 4 above 0%",
        "judged nothing",
        "(score rate: >= 90 -> 5; else 0)",
    ],
)
def test_the_nested_rule_gets_the_problems_it_gets_alone(alone: str) -> None:
    standing = alone.removeprefix("(").removesuffix(")")
    assert _codes(f"when exempt -> 10; else {alone}") == _codes(standing)


def test_the_facts_a_nested_rule_reads_are_the_indicators() -> None:
    rubric = rubricdsl.loads(
        HEAD + 'indicator i "指标" 10 { when exempt -> 10; else deduct overrun: base 10, -1 per 4% above 0% }\n'
    )
    (info,) = rubric.checked.indicators
    assert info.facts == ("exempt", "overrun")


def test_the_tier_and_the_score_are_read_by_the_indicator() -> None:
    rubric = rubricdsl.loads(HEAD + 'indicator i "指标" 10 { judged given within tier: 好 -> [5, 10]; 中 -> [0, 5) }\n')
    (info,) = rubric.checked.indicators
    assert info.facts == ("tier", "given")
