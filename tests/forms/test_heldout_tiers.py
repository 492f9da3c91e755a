"""Held-out style: one rubric using forms 1 and 3 exactly as issue 10 writes them, scored on several fact
sets whose totals were worked out by hand (the working is in each case's comment); the IR interpreter and the
generated Python agree on each, and on hypothesis-generated facts, traces and failures included."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.lint import analyse as lint_analyse
from tests.ir.test_codegen import Pair
from tests.ir.test_ranges import assert_sound

RUBRIC = Path(__file__).with_name("heldout_tiers.rubric")
BASE: dict[str, Any] = {
    "ability_tier": "较强",
    "ability_score": 12,
    "sustainability": "达成",
    "share_score": "85%",
    "policy_reason": False,
    "overrun": "9%",
    "kind": "率",
    "rate": "76%",
    "amount": 40,
    "target_amount": 50,
}


@pytest.fixture(scope="module")
def rubric() -> rubricdsl.CompiledRubric:
    return rubricdsl.load(RUBRIC)


@pytest.mark.parametrize(
    ("changes", "scores", "total"),
    [
        # 12 ∈ [10,15]; 10 × 85% = 8.5; 9% → 2 whole steps of 4% → 10 − 2 = 8; 76%/95% = 0.8 → 8.  Σ 36.5
        ({}, ("12", "8.5", "8", "8"), "36.5"),
        # 一般 7 ∈ [5,10); 部分达成 70% → 7; exempt → 10; 额 40万/50万 = 0.8 → 8.  Σ 32
        (
            {
                "ability_tier": "一般",
                "ability_score": 7,
                "sustainability": "部分达成",
                "share_score": "70%",
                "policy_reason": True,
                "kind": "额",
            },
            ("7", "7", "10", "8"),
            "32",
        ),
        # 较差 4.5 ∈ [0,5); 未达成 59.9% → 5.99; 41% → 10 steps → 0 (扣完为止); 100%/95% → clamped → 10.  Σ 20.49
        (
            {
                "ability_tier": "较差",
                "ability_score": "4.5",
                "sustainability": "未达成",
                "share_score": "59.9%",
                "overrun": "41%",
                "rate": "100%",
            },
            ("4.5", "5.99", "0", "10"),
            "20.49",
        ),
        # 较强 15 (closed end); 达成 100% → 10; 0% over → 10; 额 60万/50万 → clamped → 10.  Σ 45
        (
            {"ability_score": 15, "share_score": "100%", "overrun": "0%", "kind": "额", "amount": 60},
            ("15", "10", "10", "10"),
            "45",
        ),
    ],
)
def test_hand_computed_totals(
    rubric: rubricdsl.CompiledRubric, changes: dict[str, Any], scores: tuple[str, ...], total: str
) -> None:
    result = rubric.evaluate(BASE | changes)
    assert result.complete
    found = result.scores()
    assert tuple(found[ident] for ident in ("ability", "sustain", "timely", "choice")) == tuple(map(Decimal, scores))
    assert result.total == Decimal(total)
    Pair(rubric).same(BASE | changes)


@pytest.mark.parametrize(
    ("changes", "code", "total"),
    [
        ({"ability_tier": "一般", "ability_score": 10}, "F440", "24.5"),  # 10 ∉ [5,10): ability fails; 8.5+8+8
        ({"sustainability": "部分达成", "share_score": "80%"}, "F441", "28"),  # 80% ∉ [60%,80%): 12+8+8
    ],
)
def test_a_contradiction_fails_its_indicator_only(
    rubric: rubricdsl.CompiledRubric, changes: dict[str, Any], code: str, total: str
) -> None:
    result = rubric.evaluate(BASE | changes)
    assert not result.complete
    assert [problem.code for problem in result.fact_problems] == [code]
    assert result.total == Decimal(total)
    Pair(rubric).same(BASE | changes)


def _percent(low: int, high: int) -> st.SearchStrategy[str]:
    return st.decimals(low, high, places=2, allow_nan=False, allow_infinity=False).map(lambda d: f"{d}%")


FACTS = st.fixed_dictionaries(
    {
        "ability_tier": st.sampled_from(["较强", "一般", "较差"]),
        "ability_score": st.one_of(
            st.integers(-1, 16), st.decimals(0, 15, places=2, allow_nan=False, allow_infinity=False).map(str)
        ),
        "sustainability": st.sampled_from(["达成", "部分达成", "未达成"]),
        "share_score": _percent(0, 100),
        "policy_reason": st.booleans(),
        "overrun": _percent(0, 60),
        "kind": st.sampled_from(["率", "额"]),
        "rate": _percent(0, 120),
        "amount": st.integers(0, 80),
        "target_amount": st.integers(1, 60),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=FACTS, dropped=st.sampled_from([None, "ability_score", "share_score", "overrun", "amount"]))
def test_the_interpreter_and_the_generated_code_agree(
    rubric: rubricdsl.CompiledRubric, facts: dict[str, Any], dropped: str | None
) -> None:
    given_facts = {name: value for name, value in facts.items() if name != dropped}
    run = Pair(rubric).same(given_facts)
    result = rubric.evaluate(given_facts)
    codes = {problem.code for problem in result.fact_problems} | {error.code for error in result.errors}
    assert result.complete == (not codes)
    for index, status in enumerate(run.status):
        if run.scores[index] is not None:
            assert 0 <= run.scores[index] <= [15, 10, 10, 10][index]
        else:
            assert status != "scored"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=FACTS)
def test_both_interval_analyses_contain_every_score(rubric: rubricdsl.CompiledRubric, facts: dict[str, Any]) -> None:
    assert_sound(rubric, [facts])  # the IR analysis (ir/ranges.py)
    linted = lint_analyse(rubric.checked)  # the linter's, through each form's range hook
    for ident, score in rubric.evaluate(facts).scores().items():
        if score is not None:
            assert linted.indicators[ident].score.contains(Fraction(score)), (ident, score)
