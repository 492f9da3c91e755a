"""Three real 评价标准 rows that are about collections, written from the docs as rubrics and scored on fact sets
computed by hand (the arithmetic is in each test's comments).

* 支付进度: each 专项 against two deadlines — paid by its due date, full credit; by the year-end deadline, half;
  later or not at all, none.
* 目标实现: the share of the quantity indicators met, excluding any that overshoot by 30% or more (a target
  overshot that far was set too low, so it does not count as met).
* 资金使用合规性: cases counted per item — 1 point off per case of non-compliance, and 1 more for each 专项 with any
  case, 扣完为止.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import rubricdsl

PAYMENT = rubricdsl.loads(
    """
rubric payment "支付进度" 10
rounding indicators 2
fact funds "专项资金": list of { name: text, due: date, final: date, paid_on: date, optional }, >= 1
let on_time "按期支付个数" = count(funds where given(paid_on) and paid_on <= due)
let by_final "年底前支付个数" = count(funds where given(paid_on) and paid_on > due and paid_on <= final)
indicator pay "支付进度" 10 {
  standard "按期支付的专项得满分，超期但在年底前支付的得一半，年底前仍未支付的不得分，按专项平均"
  formula 10 * (on_time + by_final / 2) / count(funds)
}
"""
)

TARGETS = rubricdsl.loads(
    """
rubric targets "目标实现" 20
rounding indicators 2
fact targets "数量指标": list of { name: text, planned: number, > 0, actual: number, >= 0 }, >= 1
indicator reach "数量指标完成" 20 {
  standard "数量指标达到年度目标的比例计分；超过目标30%及以上的视为目标设定不合理，不计为完成"
  formula 20 * share(targets where actual >= planned and actual < planned * 1.3)
}
"""
)

COMPLIANCE = rubricdsl.loads(
    """
rubric compliance "资金使用合规性" 5
fact checks "检查发现": list of { name: text, cases: count, default 0 }
indicator compliant "资金使用合规性" 5 {
  standard "每发现一例违规使用资金扣1分；存在违规的专项每个另扣1分，扣完为止"
  deduct sum(checks.cases) + count(checks where cases > 0): base 5, -1 per 1 above 0
}
"""
)


def test_payment_progress_against_two_deadlines() -> None:
    funds = [
        {"name": "乡村道路", "due": "2021-06-30", "final": "2021-12-31", "paid_on": "2021-06-15"},  # on time: 1
        {"name": "饮水工程", "due": "2021-06-30", "final": "2021-12-31", "paid_on": "2021年9月1日"},  # by year end: ½
        {"name": "人居环境", "due": "2021-09-30", "final": "2021-12-31", "paid_on": "2022-01-10"},  # too late: 0
        {"name": "产业扶持", "due": "2021-09-30", "final": "2021-12-31"},  # never paid: 0
    ]
    result = PAYMENT.evaluate({"funds": funds})
    assert result.complete
    # 10 × (1 + 1/2) / 4 = 3.75
    assert result.scores()["pay"] == Decimal("3.75")
    reason = result.indicators[0].reason.zh
    assert "满足 given(paid_on) and paid_on <= due 的 1 项（共 4 项）：乡村道路" in reason
    assert "paid_on > due and paid_on <= final 的 1 项（共 4 项）：饮水工程" in reason


def test_payment_progress_all_on_time_and_a_deadline_day_itself() -> None:
    funds = [
        {"name": "A", "due": "2021-06-30", "final": "2021-12-31", "paid_on": "2021-06-30"},  # on the day: on time
        {"name": "B", "due": "2021-06-30", "final": "2021-12-31", "paid_on": "2021-12-31"},  # on the final day: ½
    ]
    # 10 × (1 + 1/2) / 2 = 7.5
    assert PAYMENT.evaluate({"funds": funds}).scores()["pay"] == Decimal("7.5")


@pytest.mark.parametrize(
    ("targets", "expected"),
    [
        # met: 产量 (100/100), 面积 (120/100); overshoot 140/100 ≥ 130%: not met; 人数 90/100: not met
        # 2 of 4 → 20 × 1/2 = 10
        ([("产量", 100, 100), ("面积", 100, 120), ("培训", 100, 140), ("人数", 100, 90)], Decimal(10)),
        # 129.9/100 is under 130%: met; 130/100 is not → 1 of 2 → 10
        ([("a", 100, "129.9"), ("b", 100, 130)], Decimal(10)),
        # 3 of 3 → 20
        ([("a", 10, 10), ("b", 5, 6), ("c", 3, 3)], Decimal(20)),
        # 1 of 3 → 20/3 = 6.666… → 6.67
        ([("a", 10, 10), ("b", 5, 4), ("c", 3, 4)], Decimal("6.67")),
    ],
)
def test_share_of_quantity_targets_met_excluding_overshoot(
    targets: list[tuple[str, object, object]], expected: Decimal
) -> None:
    facts = {"targets": [{"name": name, "planned": planned, "actual": actual} for name, planned, actual in targets]}
    result = TARGETS.evaluate(facts)
    assert result.complete and result.scores()["reach"] == expected


def test_an_empty_target_list_is_a_fact_problem_by_name() -> None:
    result = TARGETS.evaluate({"targets": []})
    assert [p.code for p in result.fact_problems] == ["F404"] and result.scores()["reach"] is None


@pytest.mark.parametrize(
    ("cases", "expected"),
    [
        ([0, 0, 0], Decimal(5)),  # nothing found
        ([2, 0, 1], Decimal(0)),  # 3 cases + 2 专项 with cases = 5 off → 0
        ([1, 0, 0], Decimal(3)),  # 1 case + 1 专项 = 2 off → 3
        ([4, 3, 0], Decimal(0)),  # 7 + 2 = 9 off, 扣完为止 → 0
        ([], Decimal(5)),  # no 专项 checked: nothing found
    ],
)
def test_compliance_cases_counted_per_item(cases: list[int], expected: Decimal) -> None:
    facts = {"checks": [{"name": f"专项{index + 1}", "cases": count} for index, count in enumerate(cases)]}
    assert COMPLIANCE.evaluate(facts).scores()["compliant"] == expected


def test_compliance_an_item_without_cases_defaults_to_none_found() -> None:
    facts = {"checks": [{"name": "专项1"}, {"name": "专项2", "cases": "1"}]}
    # 1 case + 1 专项 = 2 off → 3
    assert COMPLIANCE.evaluate(facts).scores()["compliant"] == Decimal(3)
