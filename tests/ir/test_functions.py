"""floor, ceil, clamp and count (issue 10, form 4) scored end to end: hand-computed scores, the generated IR
bodies equal to the IR interpreter, values inside the interval analyses, and reasons that state the values."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.evaluate.reference import covers
from rubricdsl.ir.lower import lower_program
from rubricdsl.ir.ranges import analyse as ir_analyse
from rubricdsl.lint.ranges import analyse as lint_analyse
from tests.ir.test_codegen import Pair

TEXT = """
rubric f "取整与计数" 40
fact a "未按规定公示": bool
fact b "未建立台账": bool
fact c "资料不齐全": bool
fact rate "完成率": percent
fact spent "支出": money 万元
fact trainees "培训人次": count, >= 0
fact low "下限": number
fact high "上限": number
let tenths "完成率十分位" = floor(rate * 10)
let blocks "支出万元数" = ceil(spent / 10000元)
indicator compliance "合规性" 10 { formula max(10 - 2 * count(a, b, c), 0) }
indicator completion "完成情况" 10 { score tenths: >= 9 -> 10; >= 6 -> 6; else 0 }
indicator training "培训" 10 { formula clamp(trainees / 10, 0, 10) }
indicator held "区间" 10 { formula clamp(trainees / 100, low, high) }
"""
RUBRIC = rubricdsl.loads(TEXT)


def facts(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "a": True,
        "b": False,
        "c": True,
        "rate": Decimal("0.955"),
        "spent": Decimal("25.5"),
        "trainees": 47,
        "low": Decimal(3),
        "high": Decimal(8),
    }
    return {**base, **changes}


def test_the_rubric_is_scored_by_the_ir_alone() -> None:
    assert not covers(RUBRIC.checked)


@pytest.mark.parametrize(
    ("changes", "scores"),
    [
        ({}, {"compliance": "6", "completion": "10", "training": "4.7", "held": "3"}),
        ({"a": False, "c": False}, {"compliance": "10"}),
        ({"c": False}, {"compliance": "8"}),
        ({"b": True}, {"compliance": "4"}),
        ({"rate": Decimal("0.8999")}, {"completion": "6"}),  # floor(8.999) is 8, not 9
        ({"rate": Decimal("0.9")}, {"completion": "10"}),
        ({"rate": Decimal("0.599")}, {"completion": "0"}),
        ({"trainees": 250}, {"training": "10"}),  # held at the upper bound
        ({"trainees": 0}, {"training": "0"}),
        ({"low": Decimal(-4)}, {"held": "0.47"}),  # within the bounds: itself
        ({"low": Decimal(9), "high": Decimal(5)}, {"held": "9"}),  # lo > hi: below lo gives lo, never hi
    ],
)
def test_hand_computed_scores(changes: dict[str, Any], scores: dict[str, str]) -> None:
    result = RUBRIC.evaluate(facts(**changes))
    found = {ident: str(score) for ident, score in result.scores().items()}
    assert {ident: found[ident] for ident in scores} == scores
    assert result.complete


def test_derived_values_are_whole_numbers_with_exponent_0() -> None:
    run = Pair(RUBRIC).same(facts(spent=Decimal("25.5")))
    assert str(run.env["tenths"]) == "9"  # floor(9.550) keeps no decimals
    assert str(run.env["blocks"]) == "26"  # ceil(255000元 / 10000元)
    run = Pair(RUBRIC).same(facts(spent=Decimal("-25.5"), rate=Decimal("-0.01")))
    assert (str(run.env["tenths"]), str(run.env["blocks"])) == ("-1", "-25")  # toward −∞ and +∞


def test_reasons_state_the_values_computed() -> None:
    result = RUBRIC.evaluate(facts())
    reasons = {row.id: row.reason for row in result.indicators}
    assert reasons["compliance"].zh == "公式计算：count(a, b, c) = 2（未按规定公示 = 是，资料不齐全 = 是） → 6 分"
    assert reasons["compliance"].en == "formula: count(a, b, c) = 2 (未按规定公示 = 是, 资料不齐全 = 是) → 6"
    assert reasons["training"].en == "formula: clamp(trainees / 10, 0, 10) = 4.7 → 4.7"
    none_held = RUBRIC.evaluate(facts(a=False, c=False, b=False))
    (row,) = [row for row in none_held.indicators if row.id == "compliance"]
    assert row.reason.zh == "公式计算：count(a, b, c) = 0 → 10 分"


def test_a_condition_on_a_floor_states_its_value() -> None:
    text = TEXT.replace("score tenths: >= 9 -> 10; >= 6 -> 6; else 0", "when floor(rate * 10) >= 9 -> 10; else 0")
    rubric = rubricdsl.loads(text)
    (row,) = [row for row in rubric.evaluate(facts(rate=Decimal("0.8999"))).indicators if row.id == "completion"]
    assert row.reason.en == "(floor(rate * 10) = 8) < 9: no condition holds → else 0"


LETTERS = st.sampled_from([True, False])
NUMBERS = st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False)


@settings(max_examples=120, deadline=None)
@given(
    a=LETTERS,
    b=LETTERS,
    c=LETTERS,
    rate=st.decimals(min_value=0, max_value=2, places=4),
    spent=st.decimals(min_value=-100, max_value=10000, places=2),
    trainees=st.integers(0, 500),
    low=NUMBERS,
    high=NUMBERS,
)
def test_generated_bodies_equal_the_interpreter_and_values_stay_in_range(**drawn: Any) -> None:
    pair = Pair(RUBRIC)
    run = pair.same(drawn)
    program_ranges = ir_analyse(lower_program(RUBRIC.checked))
    lint_ranges = lint_analyse(RUBRIC.checked)
    for name in ("tenths", "blocks"):
        value = run.env.get(name)
        if isinstance(value, Decimal):
            assert lint_ranges.values[name].contains(value), (name, value)
            assert program_ranges.values[name].contains(value), (name, value)
    for index, info in enumerate(RUBRIC.checked.indicators):
        raw = run.raw_scores[index]
        if raw is None:
            continue
        assert program_ranges.scores[info.node.id].contains(raw), (info.node.id, raw)
        assert lint_ranges.indicators[info.node.id].score.contains(raw), (info.node.id, raw)


def test_random_fact_sets_agree_between_the_two_ir_back_ends() -> None:
    pair = Pair(RUBRIC)
    rng = random.Random(11)
    for _ in range(200):
        drawn = facts(
            a=rng.random() < 0.5,
            b=rng.random() < 0.5,
            c=rng.random() < 0.5,
            rate=Decimal(rng.randint(0, 12000)).scaleb(-4),
            trainees=rng.randint(0, 300),
            low=Decimal(rng.randint(-50, 50)),
            high=Decimal(rng.randint(-50, 50)),
        )
        pair.same(drawn)
