"""The seed table as a program: the report's facts score 100 优, and hand-computed variants match."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import rubricdsl
from tests.conftest import SEED_RUBRIC

D = Decimal


def test_seed_rubric_contains_the_two_rules_as_written() -> None:
    text = SEED_RUBRIC.read_text(encoding="utf-8")
    assert "score budget_rate: >=90% -> 5; >=80% -> 3; >=70% -> 2; >=60% -> 1; else 0" in text
    assert "deduct activities: base 15, -1 per missing below 12" in text


def test_seed_has_21_scored_rows_with_the_table_points(seed: rubricdsl.CompiledRubric) -> None:
    result = seed.evaluate({})
    points = {item.label: item.points for item in result.indicators}
    assert len(points) == 21
    assert points["目标内容"] == 20
    assert points["预算完成率"] == 5
    assert points["工作经费开支率"] == 2
    assert points["开展丰富多样的公益服务活动"] == 15
    assert sum(points.values()) == 100
    sections = {section.label: section.points for section in result.sections}
    assert sections == {
        "项目决策": 30, "项目目标": 20, "决策过程": 3, "资金分配": 7,
        "项目管理": 30, "资金管理": 20, "组织实施": 10,
        "项目绩效": 40, "项目产出效果": 40, "绩效目标完成情况": 40,
    }  # fmt: skip


def test_report_facts_score_100_excellent(seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]) -> None:
    result = seed.evaluate(seed_facts)
    assert result.complete, (result.fact_problems, result.errors)
    assert result.total == D(100)
    assert result.grade == "优"
    assert all(item.score == item.points for item in result.indicators)
    assert result.rubric_hash == seed.sha256


# Each variant changes some facts and states the total computed by hand from the table.
VARIANTS = [
    # 预算完成率 85% → 3 (80%以上不满90%): lose 2
    ({"budget_spent": 425000, "project_spent": 425000}, D(98), "优"),
    # exactly 90% → 5
    ({"budget_spent": 450000, "project_spent": 450000}, D(100), "优"),
    # 89.998% → 3
    ({"budget_spent": 449990, "project_spent": 449990}, D(98), "优"),
    # 工作经费开支率 6.5% of 500000 = 32500 → 2 − 1.5 × 0.25 = 1.625 (pro rata)
    ({"admin_expense": 32500}, D("99.625"), "优"),
    # exactly 5% → no deduction
    ({"admin_expense": 25000}, D(100), "优"),
    # 13% → 2 − 8 × 0.25 = 0 (扣完为止); 20% → still 0, never negative
    ({"admin_expense": 65000}, D(98), "优"),
    ({"admin_expense": 100000}, D(98), "优"),
    # 9 activities → 15 − 3 = 12; 0 activities → 3
    ({"activities": 9}, D(97), "优"),
    ({"activities": 0}, D(88), "良"),
    # 119 enterprises → 0 of 15
    ({"enterprises_served": 119}, D(85), "良"),
    # satisfaction 94.9% → 0 of 10; "95%" → 10
    ({"satisfaction": "94.9%"}, D(90), "优"),
    ({"satisfaction": D("0.95")}, D(100), "优"),
    # 专款专用率 = project_spent / budget_spent: below 100% → 0 of 5, and a budget change moves it too
    ({"budget_spent": 425000}, D(93), "优"),
    ({"project_spent": 499999}, D(95), "优"),
    # a goal element missing (目标细化、量化 3) and two yes/no items
    ({"goal_quantified": False, "open_application": "否", "separate_accounting": False}, D(91), "优"),
    # many things wrong at once: 85% budget (3), 6.5% admin (1.625), 9 activities (12), 100 enterprises (0), 90% (0)
    (
        {"budget_spent": 425000, "project_spent": 425000, "admin_expense": 27625, "activities": 9, "enterprises_served": 100,
         "satisfaction": "90%"},
        D("100") - 2 - D("0.375") - 3 - 15 - 10,
        "中",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "total", "grade"), VARIANTS)
def test_hand_computed_variants(
    seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any], changes: dict[str, Any], total: Decimal, grade: str
) -> None:
    result = seed.evaluate({**seed_facts, **changes})
    assert result.complete, (result.fact_problems, result.errors)
    assert result.total == total
    assert result.grade == grade
