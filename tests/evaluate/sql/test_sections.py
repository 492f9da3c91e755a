"""Issue 10's section-level constructs are refused by the SQL generator by name (S609, S610), never summed as
ordinary scores; the IR interpreter scores them."""

from __future__ import annotations

import pytest

import rubricdsl
from rubricdsl.evaluate.sql.generator import Refusal, generate
from rubricdsl.ir.lower import lower_program

BASE = """
rubric r "r" 10
fact a "一": percent
fact b "二": percent, optional, absent: not_applicable
fact n "违规次数": count
fact serious "严重问题": bool
section s "产出" 10 {
  POLICY
  indicator first "第一项" 5 { proportional a against 100% }
  indicator second "第二项" 5 { proportional b against 100% }
  SECTION_ITEM
}
TOP
"""


def _refused(policy: str = "", section_item: str = "", top: str = "") -> Refusal:
    text = BASE.replace("POLICY", policy).replace("SECTION_ITEM", section_item).replace("TOP", top)
    program = lower_program(rubricdsl.loads(text).checked)
    with pytest.raises(Refusal) as refused:
        generate(program)
    return refused.value


@pytest.mark.parametrize(
    ("parts", "code", "subject"),
    [
        ({"section_item": 'penalty late "违规减分" 5 { formula n }'}, "S609", "late"),
        ({"top": 'bonus extra "加分" 5 { formula n }'}, "S609", "extra"),
        ({"policy": "not_applicable -> siblings"}, "S610", "s"),
        ({"policy": "not_applicable second -> first"}, "S610", "s"),
        ({"top": 'cap 良 when serious, "严重问题"'}, "S610", "cap 良"),
    ],
)
def test_each_construct_is_refused_by_name(parts: dict[str, str], code: str, subject: str) -> None:
    diagnostic = _refused(**parts).diagnostic
    assert diagnostic.code == code
    assert diagnostic.subject == subject
    assert subject in diagnostic.message.en and subject in diagnostic.message.zh


def test_the_default_policy_is_not_refused() -> None:
    text = BASE.replace("POLICY", "not_applicable -> rescale").replace("SECTION_ITEM", "").replace("TOP", "")
    assert generate(lower_program(rubricdsl.loads(text).checked)).sql
