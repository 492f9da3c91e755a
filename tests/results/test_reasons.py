"""Each rule form's reason says what happened on the exact values (issue 9 §2), in both languages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import rubricdsl

RUBRIC = """
rubric r "理由" 100
fact r "执行率": percent
fact surplus "结余资金": money 万元
fact carried "上年结转": money 万元
fact planned "预算数": money 万元
fact spent "执行数": money 万元
fact n "次数": count
fact ok "有制度": bool
let left "结余" = planned - spent
let left_rate "结余率" = left / planned
let available "可用资金" = planned + carried
let available_rate "可用资金执行率" = spent / available
section s "甲" 100 {
  indicator whole "整档" 8 { deduct r: base 8, -2 per 5% below 100%, whole steps }
  indicator started "不足一档按一档" 8 { deduct r: base 8, -2 per 5% below 100%, started steps }
  indicator prorata "按比例" 8 { deduct r: base 8, -2 per 5% below 100%, pro rata }
  indicator unstated "未写" 8 { deduct r: base 8, -2 per 5% below 100% }
  indicator above "超出" 10 { deduct r: base 10, -2 per 5% above 50%, whole steps, cap 4 }
  indicator missing "次数" 10 { deduct n: base 10, -1 per missing below 12 }
  indicator bands "分档" 6 { score r: >=90% -> 6; [80%, 90%) -> 4; else 0 }
  indicator share "比例" 10 { proportional spent against planned }
  indicator compared "比较" 10 { when surplus <= carried -> 2; else 0 }
  indicator both "且" 10 { when ok and n > 3 -> 10; not ok or n <= 1 -> 5; else 1 }
  indicator nested "可用" 12 { score available_rate: >= 90% -> 12; else 0 }
}
"""
FACTS: dict[str, Any] = {
    "r": "99.27%",
    "surplus": 12,
    "carried": 15,
    "planned": 100,
    "spent": "105.6",
    "n": 5,
    "ok": True,
}


@pytest.fixture(scope="module")
def rubric() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(RUBRIC)


def _reason(rubric: rubricdsl.CompiledRubric, ident: str, **change: Any) -> tuple[str, str]:
    item = rubric.evaluate_closures({**FACTS, **change}).indicator(ident)
    return item.reason.zh, item.reason.en


def test_less_than_one_whole_step_says_so(rubric: rubricdsl.CompiledRubric) -> None:
    assert _reason(rubric, "whole") == (
        "执行率 = 99.27%：比 100% 低 0.73%，不足一整档（每档 5%）→ 不扣分，得 8 分",
        "执行率 = 99.27%: 0.73% below 100%, less than one whole step (5%) → no deduction, 8",
    )


def test_each_step_mode_says_how_it_counted(rubric: rubricdsl.CompiledRubric) -> None:
    assert (
        _reason(rubric, "whole", r="88%")[0] == "执行率 = 88%：比 100% 低 12%，满 2 整档（每档 5%）→ 8 − 2 × 2 = 4 分"
    )
    assert _reason(rubric, "started")[0] == (
        "执行率 = 99.27%：比 100% 低 0.73%，计 1 档（每档 5%，不足一档按一档）→ 8 − 2 × 1 = 6 分"
    )
    assert _reason(rubric, "prorata")[0] == (
        "执行率 = 99.27%：比 100% 低 0.73%，合 0.146 档（每档 5%，按比例）→ 8 − 2 × 0.146 = 7.708 分"
    )
    # No mode written: evaluated pro rata, and "按比例" is not put in the author's mouth.
    assert _reason(rubric, "unstated")[0] == (
        "执行率 = 99.27%：比 100% 低 0.73%，合 0.146 档（每档 5%）→ 8 − 2 × 0.146 = 7.708 分"
    )
    assert "按比例" not in _reason(rubric, "unstated")[0] and "pro rata" not in _reason(rubric, "unstated")[1]


def test_not_past_the_threshold_only_when_it_is_not(rubric: rubricdsl.CompiledRubric) -> None:
    assert _reason(rubric, "whole", r="100%")[0] == "执行率 = 100%：不低于 100% → 不扣分，得 8 分"
    assert _reason(rubric, "above", r="50%")[0] == "执行率 = 50%：不高于 50% → 不扣分，得 10 分"
    assert _reason(rubric, "above", r="50.001%")[0] == (
        "执行率 = 50.001%：比 50% 高 0.001%，不足一整档（每档 5%）→ 不扣分，得 10 分"
    )


def test_a_cap_and_the_floor_are_named(rubric: rubricdsl.CompiledRubric) -> None:
    assert _reason(rubric, "above", r="90%") == (
        "执行率 = 90%：比 50% 高 40%，满 8 整档（每档 5%）→ 10 − 4（扣分上限）= 6 分",
        "执行率 = 90%: 40% above 50%, 8 whole steps of 5% → 10 − 4 (the cap) = 6",
    )
    assert _reason(rubric, "missing", n=1) == (
        "次数 = 1：比 12 低 11 → 10 − 1 × 11，扣完为止 → 0 分",
        "次数 = 1: 11 below 12 → 10 − 1 × 11, floored at 0 → 0",
    )


def test_counts_read_as_counts(rubric: rubricdsl.CompiledRubric) -> None:
    zh, _ = _reason(rubric, "missing")
    assert zh == "次数 = 5：比 12 低 7 → 10 − 1 × 7 = 3 分"
    assert "个 1" not in zh and "按比例" not in zh


def test_a_value_next_to_a_band_edge_is_never_rounded_across_it(rubric: rubricdsl.CompiledRubric) -> None:
    assert _reason(rubric, "bands", r="89.999%")[0] == "执行率 = 89.999% → `[80%, 90%) -> 4`"
    assert _reason(rubric, "bands", r=Decimal("0.8999999999"))[0] == "执行率 = 89.99999999% → `[80%, 90%) -> 4`"


def test_a_capped_share_shows_the_real_ratio_then_the_cap(rubric: rubricdsl.CompiledRubric) -> None:
    assert _reason(rubric, "share") == (
        "实际 执行数 = 105.6万元，指标值 预算数 = 100万元：实际值 ÷ 指标值 = 105.6%，超过 100% 按 100% 计 → 10 分",
        "actual 执行数 = 105.6万元, target 预算数 = 100万元: actual / target = 105.6%, above 100%, counted as 100% → 10",
    )
    assert _reason(rubric, "share", spent="100.0001")[0].endswith("= 100.0001%，超过 100% 按 100% 计 → 10 分")
    assert _reason(rubric, "share", spent=80)[0].endswith("实际值 ÷ 指标值 = 80% → 8 分")


def test_conditions_are_stated_with_labels_and_the_values_compared(rubric: rubricdsl.CompiledRubric) -> None:
    assert _reason(rubric, "compared") == (
        "结余资金 12万元 ≤ 上年结转 15万元 → 2 分",
        "结余资金 12万元 ≤ 上年结转 15万元 → 2",
    )
    # When no branch held, what held instead.
    assert _reason(rubric, "compared", surplus=18)[0] == "结余资金 18万元 > 上年结转 15万元：条件均不成立 → 否则 0 分"
    # Two amounts that round alike are shown with the digits that tell them apart.
    zh = _reason(rubric, "compared", surplus="15.0000001", carried="14.9999999")[0]
    assert zh == "结余资金 15.0000001万元 > 上年结转 14.9999999万元：条件均不成立 → 否则 0 分"


def test_and_or_not_are_resolved_into_what_held(rubric: rubricdsl.CompiledRubric) -> None:
    assert _reason(rubric, "both")[0] == "有制度 = 是，且次数 5 > 3 → 10 分"
    assert _reason(rubric, "both", ok=False)[0] == "有制度 = 否 → 5 分"
    assert _reason(rubric, "both", n=2) == (
        "次数 2 ≤ 3；有制度 = 是，且次数 2 > 1：条件均不成立 → 否则 1 分",
        "次数 2 ≤ 3; 有制度 = 是 and 次数 2 > 1: no condition holds → else 1",
    )


def test_reads_list_every_derived_value_depended_on(rubric: rubricdsl.CompiledRubric) -> None:
    item = rubric.evaluate_closures(FACTS).indicator("nested")
    # available_rate reads available, which reads planned and carried: both derived values are listed.
    assert [read.name for read in item.reads] == ["available", "available_rate", "carried", "planned", "spent"]
    assert [read.shown for read in item.reads] == ["115万元", "≈91.83%", "15万元", "100万元", "105.6万元"]


def test_the_fast_path_explains_the_same(rubric: rubricdsl.CompiledRubric) -> None:
    for _ in range(4):
        fast = rubric.evaluate(FACTS)
    closures = rubric.evaluate_closures(FACTS)
    assert type(fast) is not type(closures)  # the generated path took it
    assert [(i.reason, i.reads) for i in fast.indicators] == [(i.reason, i.reads) for i in closures.indicators]


def test_a_veto_without_a_reason_states_its_condition_with_values() -> None:
    rubric = rubricdsl.loads(
        """rubric v "否决" 10
fact misused "挪用金额": money 万元
fact spent "执行数": money 万元, > 0
section s "甲" 10 {
  indicator i "i" 10 { formula 10 }
  veto when misused / spent > 10%
}
"""
    )
    result = rubric.evaluate({"misused": 2, "spent": 10})
    assert [step.text.zh for step in result.steps] == [
        "否决：（misused / spent = 20%） > 10% → 甲得 0 分（原为 10 分）"
    ]
    assert result.steps[0].text.en == "veto: (misused / spent = 20%) > 10% → 甲 0 (was 10)"


def test_a_checklist_item_without_a_label_is_stated_by_what_held() -> None:
    rubric = rubricdsl.loads(
        """rubric c "清单" 10
fact r "执行率": percent
fact ok "有制度": bool
indicator i "i" 10 { checklist: r >= 90% -> 5; ok -> 3; not ok -> 2 "无制度" }
"""
    )
    reason = rubric.evaluate({"r": "89.999%", "ok": False}).indicator("i").reason
    assert reason.zh == "满足：无制度（2）；未满足：执行率 89.999% < 90%（5）、有制度 = 否（3） → 2 分"
    assert reason.en == "met: 无制度（2）; not met: 执行率 89.999% < 90% (5); 有制度 = 否 (3) → 2"
