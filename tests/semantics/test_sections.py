"""The checks of penalties, bonuses, not-applicable policies and grade caps (semantics/sections.py)."""

from __future__ import annotations

import pytest

import rubricdsl

BASE = """
rubric r "r" 10
fact a "一": percent
fact b "二": percent, optional, absent: not_applicable
fact n "违规次数": count
fact serious "严重问题": bool
TOP
section s "产出" 10 {
  POLICY
  indicator first "第一项" 5 { proportional a against 100% }
  indicator second "第二项" 5 { proportional b against 100% }
  penalty late "违规减分" CAP { formula n }
}
"""


def _codes(policy: str = "", top: str = "", cap: str = "5") -> list[str]:
    text = BASE.replace("POLICY", policy).replace("TOP", top).replace("CAP", cap)
    try:
        rubricdsl.loads(text)
    except rubricdsl.RubricCheckError as error:
        return [d.code for d in error.diagnostics]
    return []


def test_a_penalty_is_outside_its_sections_points() -> None:
    assert _codes() == []  # 5 + 5 = 10, the penalty's 5 not counted (no E205)


@pytest.mark.parametrize(
    ("parts", "codes"),
    [
        ({"cap": "0"}, ["E250"]),
        ({"policy": "not_applicable second -> frist"}, ["E251"]),
        ({"policy": "not_applicable secnd -> first"}, ["E251"]),
        ({"policy": "not_applicable second -> late"}, ["E251"]),  # a penalty receives nothing
        ({"policy": "not_applicable -> siblings\n  not_applicable -> rescale"}, ["E252"]),
        ({"policy": "not_applicable second -> first\n  not_applicable second -> rescale"}, ["E252"]),
        ({"policy": "not_applicable -> first"}, ["E253"]),
        ({"policy": "not_applicable second -> second"}, ["E255"]),
        ({"top": 'cap 良好 when serious, "严重"'}, ["E254"]),
        ({"top": "cap 良 when n"}, ["E204"]),  # the condition is typed as a veto's
        ({"top": "not_applicable second -> first"}, ["E251", "E251"]),  # not the rubric's own children
    ],
)
def test_problems_are_found(parts: dict[str, str], codes: list[str]) -> None:
    assert _codes(**parts) == codes


def test_a_grade_cap_names_the_rubrics_own_grades() -> None:
    text = BASE.replace("POLICY", "").replace("CAP", "5")
    grades = "grades: 好 >= 9; 中 >= 6; else 差\ncap 中 when serious"
    assert rubricdsl.loads(text.replace("TOP", grades)).checked.rubric.grade_caps[0].grade == "中"
    with pytest.raises(rubricdsl.RubricCheckError) as raised:
        rubricdsl.loads(text.replace("TOP", "grades: 好 >= 9; else 差\ncap 良 when serious"))
    (problem,) = raised.value.diagnostics
    assert problem.code == "E254" and "好、差" in problem.message.zh


@pytest.mark.parametrize("word", ["penalty", "bonus", "uncapped", "siblings", "rescale"])
def test_the_new_words_still_name_facts(word: str) -> None:
    text = f'rubric r "r" 10\nfact {word} "值": number\nindicator i "i" 10 {{ formula min(10, max(0, {word})) }}\n'
    assert rubricdsl.loads(text).evaluate({word: 3}).total == 3
