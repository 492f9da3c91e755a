"""The reader: what each phrasing of real 评价标准 is read as, and the texts it must refuse to read."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rubricdsl.lint.standard_text import read_standard
from rubricdsl.lint.standard_text.claims import (
    FULL_MARKS,
    ChecklistReading,
    DeductReading,
    LadderReading,
    ProportionalReading,
    Range,
    YesNoReading,
)
from rubricdsl.lint.standard_text.lexicon import PREFIX_WORDS, SUFFIX_WORDS, SYMBOLS, quantity

REFERENCE = Path(__file__).resolve().parents[3] / "docs" / "language" / "reference.md"
P = Fraction


def _ladder(text: str) -> list[tuple[Range | None, Fraction]]:
    reading = read_standard(text)
    assert isinstance(reading, LadderReading), reading
    return [(band.range, band.points) for band in reading.bands]


def _bounds(found: Range | None) -> tuple[object, ...]:
    assert found is not None
    low = found.low.value if found.low else None
    high = found.high.value if found.high else None
    return (low, found.low_inclusive, high, found.high_inclusive)


def test_the_boundary_words_are_the_references_table() -> None:
    """Each word of the §1259 table in the reference maps to the operator the table gives it, and back."""
    table = REFERENCE.read_text(encoding="utf-8").split("## Boundary words", 1)[1]
    rows = re.findall(r"^\| ([^|]+) \| (?:yes|no) \| `(>=|<=|<|>)` \|$", table, re.MULTILINE)
    assert len(rows) == 4
    known = PREFIX_WORDS | SUFFIX_WORDS | SYMBOLS
    for words, op in rows:
        for word in (w.strip() for w in words.split(",")):
            word = {"＜": "<", "＞": ">"}.get(word, word)
            assert known.get(word) == op, word


@pytest.mark.parametrize(
    ("text", "low", "low_in", "high", "high_in"),
    [
        ("90%以上（5分）", P(9, 10), True, None, None),
        ("90%及以上，得5分", P(9, 10), True, None, None),
        ("不低于90%，得5分", P(9, 10), True, None, None),
        ("达到90%，得5分", P(9, 10), True, None, None),
        ("超过90%，得5分", P(9, 10), False, None, None),
        ("高于90%，得5分", P(9, 10), False, None, None),
        ("不满60%（0分）", None, None, P(3, 5), False),
        ("不足60%，得0分", None, None, P(3, 5), False),
        ("低于60%不得分", None, None, P(3, 5), False),
        ("5%以下，计2分", None, None, P(1, 20), True),
        ("5%以内，计2分", None, None, P(1, 20), True),
        ("不高于5%，计2分", None, None, P(1, 20), True),
        ("≤5%，计2分", None, None, P(1, 20), True),
        ("＜5%，计2分", None, None, P(1, 20), False),
        ("80%以上不满90%（3分）", P(4, 5), True, P(9, 10), False),
        ("85%（含）-95%，计4分", P(17, 20), True, P(19, 20), False),
        ("0-5%（含），计3分", P(0), False, P(1, 20), True),
        ("85%～95%，计4分", P(17, 20), None, P(19, 20), None),
        ("≥120家计15分", P(120), True, None, None),
        ("80%≤满意度<90%，得8分", P(4, 5), True, P(9, 10), False),
        ("80%<满意度≤90%，得8分", P(4, 5), False, P(9, 10), True),
    ],
)
def test_a_condition_is_read_with_its_boundary(
    text: str, low: Fraction | None, low_in: bool | None, high: Fraction | None, high_in: bool | None
) -> None:
    assert _bounds(_ladder(text)[0][0]) == (low, low_in, high, high_in)


def test_a_ladder_keeps_its_bands_in_order() -> None:
    bands = _ladder("培训覆盖率≥95%，计6分；85%（含）-95%，计4分；75%（含）-85%，计2分；低于75%不得分")
    assert [points for _, points in bands] == [6, 4, 2, 0]


def test_else_and_implicit_else() -> None:
    assert _ladder("≥95%计10分，否，计0分")[1] == (None, 0)
    assert _ladder("专款专用率=专项资金用于该项目支出金额/预算支出资金总额，100%（5分），否则不计分")[1] == (None, 0)
    # the reference: "≥120家计15分 (else left implicit)" reads the rest as 0
    assert _ladder("≥120家计15分")[1] == (None, 0)


def test_deductions() -> None:
    assert read_standard("工作经费开支率≤5%，计2分；每上升1%扣0.25分，扣完为止。") == DeductReading(
        P(2),
        quantity("5%"),
        True,
        quantity("1%"),
        P(1, 4),
        None,
        "工作经费开支率≤5%,计2分;每上升1%扣0.25分",
    )
    events = read_standard("≥12次计15分，每少一次扣一分")
    assert isinstance(events, DeductReading)
    assert (events.base, events.above, events.step, events.rate) == (15, False, None, 1)
    assert events.threshold is not None and events.threshold.value == 12
    staff = read_standard("人员经费占比≤60%，计4分；每超过一个百分点扣0.4分，扣完为止")
    assert isinstance(staff, DeductReading) and staff.step is not None and staff.step.value == P(1, 100)
    full = read_standard("完成率100%计满分，每低于4%扣1分，最多扣3分")
    assert isinstance(full, DeductReading) and full.base == FULL_MARKS and full.cap == 3 and not full.above


def test_yes_no_checklist_and_ratios() -> None:
    assert read_standard("是，计1分；否，计0分。") == YesNoReading(P(1), P(0), "是，计1分；否，计0分。")
    goals = read_standard("目标明确(1分),目标细化(1分);目标量化(2分)")
    assert isinstance(goals, ChecklistReading)
    assert goals.items == (("目标明确", 1), ("目标细化", 1), ("目标量化", 2))
    reverse = read_standard("反向指标：指标值/实际值 × 分值")
    assert isinstance(reverse, ProportionalReading) and reverse.lower_is_better is True
    forward = read_standard("得分=实际完成数/计划完成数×指标分值，最高不超过指标分值")
    assert isinstance(forward, ProportionalReading) and forward.lower_is_better is False
    scaled = read_standard("全年执行数/全年预算数 × 10，最高 10 分")
    assert isinstance(scaled, ProportionalReading) and (scaled.scale, scaled.cap) == (10, 10)


@pytest.mark.parametrize(
    "text",
    [
        "项目实施方案内容完整的，得5分，否则酌情扣分",
        "指标得分=（1−5×预算调整率）×指标分值；调整比例超过20%的，本项不得分",
        "每发现一项台账缺失扣0.1分，直至扣完",
        "总支出与预算基本相符的(浮动2%以内)(8分);浮动2%以后每超过1%扣0.5分",
        "逾期3个工作日扣0.2分，6个工作日扣0.4分，以此类推，扣完为止",
        "±30%(含)以内得3分",
        "专业能力较强,得10-15分;专业能力一般,得5-10分",
        "资金到位率＜100%，且对项目开展造成不良影响，得分等于0",
        "超额完成的每增加一个加3分",
        "第1-9项指标总分为100分",
        "预算执行率≥90%且无违规，得5分",
        "≥90%或提前完成，得5分",
        "",
    ],
)
def test_texts_it_cannot_read_with_confidence_claim_nothing(text: str) -> None:
    assert read_standard(text) is None


@given(
    st.text(
        alphabet="0123456789.%元万次以上下不满超过低于高于含()（）-~,，;；是否计得扣每分满最多扣完为止率=/×",
        max_size=40,
    )
)
def test_the_reader_never_fails_on_any_text(text: str) -> None:
    read_standard(text)  # no exception, no hang: any text reads as a claim or as nothing
