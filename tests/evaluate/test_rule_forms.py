"""Every rule form at and around its boundaries (exactly on a threshold, just below, just above)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import rubricdsl
from tests.evaluate.helpers import rubric_with, score

D = Decimal
LADDER = "score rate: >=90% -> 5; >=80% -> 3; >=70% -> 2; >=60% -> 1; else 0"


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("100%", 5), ("90%", 5), ("89.99%", 3), ("90.01%", 5), ("80%", 3), ("79.999%", 2),
        ("70%", 2), ("69.5%", 1), ("60%", 1), ("59.99%", 0), ("0%", 0),
    ],
)  # fmt: skip
def test_band_ladder_is_first_match_and_inclusive_at_以上(rate: str, expected: int) -> None:
    assert score(LADDER, {"rate": rate}, points=5) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 4), ("0.0001", 3), ("0.05", 3), ("0.0501", D("1.5")), ("0.1", D("1.5")), ("0.1001", 0)],
)
def test_lower_is_better_ladder_with_inclusive_upper_ends(value: str, expected: Decimal) -> None:
    # 设备故障率=0，计4分；0-5%（含），计3分；5%-10%（含），计1.5分；大于10%不得分
    rule = "score rate: ==0% -> 4; (0%, 5%] -> 3; (5%, 10%] -> 1.5; else 0"
    assert score(rule, {"rate": D(value)}, points=4) == expected


@pytest.mark.parametrize(
    ("op", "value", "fires"),
    [
        (">=", 5, True), (">=", 4, False), (">", 5, False), (">", 6, True), ("<=", 5, True), ("<=", 6, False),
        ("<", 5, False), ("<", 4, True), ("==", 5, True), ("=", 5, True), ("!=", 5, False), ("!=", 4, True),
        ("≥", 5, True), ("≤", 5, True), ("＞", 5, False), ("＜", 4, True), ("＝", 5, True),
    ],
)  # fmt: skip
def test_every_comparison_operator(op: str, value: int, fires: bool) -> None:
    assert score(f"score x: {op}5 -> 2; else 0", {"x": value}, points=2) == (2 if fires else 0)


@pytest.mark.parametrize(
    ("interval", "value", "inside"),
    [
        ("[80%, 90%)", "80%", True), ("[80%, 90%)", "90%", False), ("(80%, 90%]", "80%", False),
        ("(80%, 90%]", "90%", True), ("[80%, 90%]", "90%", True), ("(80%, 90%)", "85%", True),
        ("(80%, 90%)", "80%", False),
    ],
)  # fmt: skip
def test_interval_ends_are_explicitly_inclusive_or_exclusive(interval: str, value: str, inside: bool) -> None:
    assert score(f"score rate: {interval} -> 3; else 0", {"rate": value}, points=3) == (3 if inside else 0)


def test_no_band_and_no_else_scores_zero() -> None:
    assert score("score n: >=120 -> 15", {"n": 119}, points=15) == 0
    assert score("score n: >=120 -> 15", {"n": 120}, points=15) == 15


def test_all_or_nothing() -> None:
    rule = "score rate: ==100% -> 5; else 0"
    assert score(rule, {"rate": 1}, points=5) == 5
    assert score(rule, {"rate": D("0.9999")}, points=5) == 0


# ---- deductions ---------------------------------------------------------------------------------

ADMIN = "deduct rate: base 2, -0.25 per 1% above 5%"


@pytest.mark.parametrize(
    ("mode", "rate", "expected"),
    [
        ("pro rata", "6.5%", D("1.625")), ("whole steps", "6.5%", D("1.75")), ("started steps", "6.5%", D("1.5")),
        ("pro rata", "5%", 2), ("whole steps", "5%", 2), ("started steps", "5%", 2),
        ("started steps", "5.01%", D("1.75")), ("whole steps", "5.99%", 2), ("whole steps", "6%", D("1.75")),
        ("pro rata", "13%", 0), ("pro rata", "40%", 0), ("whole steps", "12.99%", D("0.25")),
    ],
)  # fmt: skip
def test_每上升1_扣025_in_each_reading(mode: str, rate: str, expected: Decimal) -> None:
    assert score(f"{ADMIN}, {mode}", {"rate": rate}, points=2) == expected


def test_unstated_step_mode_is_pro_rata() -> None:
    assert score(ADMIN, {"rate": "6.5%"}, points=2) == D("1.625")


def test_deduction_cap_limits_the_total_deduction() -> None:
    assert score(f"{ADMIN}, cap 0.5", {"rate": "20%"}, points=2) == D("1.5")
    assert score(f"{ADMIN}, cap 0.5", {"rate": "6%"}, points=2) == D("1.75")


@pytest.mark.parametrize(("n", "expected"), [(12, 15), (30, 15), (11, 14), (9, 12), (0, 3)])
def test_per_missing_below_a_count_target(n: int, expected: int) -> None:
    assert score("deduct n: base 15, -1 per missing below 12", {"n": n}, points=15) == expected


def test_deduction_floors_at_zero_扣完为止() -> None:
    assert score("deduct n: base 3, -1 per missing below 12", {"n": 0}, points=3) == 0


def test_deduction_step_of_several_units() -> None:
    # 逾期每3个工作日扣0.2分（以此类推，按整档）
    rule = "deduct n: base 2, -0.2 per 3 above 0, whole steps"
    assert [score(rule, {"n": days}, points=2) for days in (0, 2, 3, 5, 6, 30)] == [
        2,
        2,
        D("1.8"),
        D("1.8"),
        D("1.6"),
        0,
    ]


# ---- yes/no, checklists, proportional, levels, judged, formula --------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(True, 1), (False, 0), ("是", 1), ("否", 0), ("true", 1)])
def test_yes_no(value: Any, expected: int) -> None:
    assert score("when ok -> 1; else 0", {"ok": value}, points=1) == expected


def test_checklist_adds_the_points_of_satisfied_items() -> None:
    facts = "fact a: bool\nfact b: bool\nfact c: bool"
    rule = 'checklist: a -> 5 "设有目标"; b -> 3; c -> 2'
    assert score(rule, {"a": True, "b": False, "c": True}, facts=facts) == 7
    assert score(rule, {"a": True, "b": True, "c": True}, facts=facts) == 10
    assert score(rule, {"a": False, "b": False, "c": False}, facts=facts) == 0


@pytest.mark.parametrize(("x", "expected"), [(500, 10), (520, 10), (400, 8), (0, 0), (1, D("0.02"))])
def test_proportional_higher_is_better_is_capped(x: int, expected: Decimal) -> None:
    assert score("proportional x against 500", {"x": x}) == expected


@pytest.mark.parametrize(("x", "expected"), [(2000, 5), (1000, 5), (2500, 4), (0, 5), (-3, 5)])
def test_proportional_lower_is_better(x: int, expected: Decimal) -> None:
    assert score("proportional x against 2000 lower", {"x": x}, points=5) == expected


def test_proportional_zero_target_is_an_error_not_a_crash() -> None:
    facts = "fact x: number\nfact target: number"
    result = rubricdsl.loads(rubric_with("proportional x against target", facts=facts)).evaluate({"x": 1, "target": 0})
    assert result.scores()["i"] is None
    assert not result.complete
    assert result.errors[0].code == "E302"


@pytest.mark.parametrize(("level", "expected"), [("好", 10), ("较好", 8), ("一般", 6), ("较差", 4)])
def test_levels_are_shares_of_the_points(level: str, expected: int) -> None:
    rule = "levels level: 好 -> 100%; 较好 -> 80%; 一般 -> 60%; 较差 -> 40%"
    assert score(rule, {"level": level}) == expected


def test_levels_can_give_points_and_an_unmapped_level_fails_the_indicator() -> None:
    assert score("levels level: 好 -> 10; 较好 -> 7.5", {"level": "较好"}) == D("7.5")
    result = rubricdsl.loads(rubric_with("levels level: 好 -> 10")).evaluate({"level": "较差"})
    assert result.scores()["i"] is None
    assert result.errors[0].code == "E306"


@pytest.mark.parametrize(("value", "expected"), [(0, 0), (D("7.5"), D("7.5")), (10, 10)])
def test_judged_score_is_the_fact(value: Decimal, expected: Decimal) -> None:
    assert score("judged judged_score", {"judged_score": value}) == expected


@pytest.mark.parametrize("value", [D("10.01"), -1])
def test_judged_score_outside_the_points_fails_the_indicator(value: Decimal) -> None:
    result = rubricdsl.loads(rubric_with("judged judged_score")).evaluate({"judged_score": value})
    assert result.scores()["i"] is None
    assert result.errors[0].code == "E304"


def test_formula_with_functions_is_exact() -> None:
    # 指标得分=（1−5×调整比例）×分值；0.25 * 3 is 0.75, never 0.7499999
    assert score("formula max(0, min(10, (1 - 5 * x) * 10))", {"x": D("0.05")}) == D("7.5")
    assert score("formula 0.25 * 3", {}) == D("0.75")
    assert score("formula round(x, 1)", {"x": D("1.05")}) == D("1.1")  # half-up, not banker's


def test_formula_outside_the_points_fails_instead_of_escaping() -> None:
    result = rubricdsl.loads(rubric_with("formula x")).evaluate({"x": 11})
    assert result.scores()["i"] is None
    assert result.errors[0].code == "E307"


def test_money_in_万元_is_converted_exactly() -> None:
    assert score("when amount == 50万元 -> 1; else 0", {"amount": 50}, points=1) == 1
    assert score("when amount == 500000元 -> 1; else 0", {"amount": "50"}, points=1) == 1
    assert score("when amount > 49.99万元 -> 1; else 0", {"amount": D("49.999")}, points=1) == 1
