"""Band coverage: the outcomes of every rule form, and that every scored indicator of a result is attributed
to exactly the outcome the evaluator decided — on both evaluators, for generated rubrics and facts."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.testing.coverage import RubricCoverage, percent, percent_text
from rubricdsl.testing.synth import FORMS, synth_rubric

FORMS_RUBRIC = rubricdsl.loads(
    """rubric forms "forms" 40
fact r "r": percent
fact n "n": count
fact ok "ok": bool
fact lv "lv": enum(好, 中, 差)
fact j "j": number
indicator s "s" 5 { score r: >= 90% -> 5; >= 50% -> 2; else 0 }
indicator gap "gap" 5 { score n: >= 3 -> 5; >= 1 -> 2 }
indicator w "w" 5 { when ok -> 5; else 1 }
indicator c "c" 5 { checklist: ok -> 3 "甲"; n >= 1 -> 2 "乙" }
indicator d "d" 5 { deduct n: base 5, -1 per missing below 3 }
indicator p "p" 5 { proportional r against 80% }
indicator l "l" 5 { levels lv: 好 -> 100%; 中 -> 60%; 差 -> 0 }
indicator jj "jj" 5 { judged j }
"""
)


def keys(ident: str) -> list[tuple[object, ...]]:
    return [outcome.key for outcome in RubricCoverage(FORMS_RUBRIC, "f").indicators[ident].outcomes]


def test_each_rule_form_has_its_outcomes() -> None:
    assert keys("s") == [("band", 0), ("band", 1), ("else",)]
    assert keys("gap") == [("band", 0), ("band", 1), ("none",)]  # n = 0 reaches no band
    assert keys("w") == [("branch", 0), ("else",)]
    assert keys("c") == [("item", 0), ("item", 1)]
    assert keys("d") == [("full",), ("deducted",)]
    assert keys("p") == [("partial",), ("full",)]
    assert keys("l") == [("level", "好"), ("level", "中"), ("level", "差")]
    assert keys("jj") == [("scored",)]


def test_an_unreachable_band_is_listed_but_not_counted() -> None:
    rubric = rubricdsl.loads(
        'rubric t "t" 5\nfact x "x": count\nindicator a "a" 5 { score x: >= 0 -> 5; >= 3 -> 2; else 0 }\n'
    )
    (found,) = RubricCoverage(rubric, "t").indicators.values()
    assert [(o.key, o.reachable) for o in found.outcomes] == [
        (("band", 0), True),
        (("band", 1), False),
        (("else",), False),
    ]
    assert found.total == 1


def test_results_are_attributed_to_what_the_evaluator_decided() -> None:
    coverage = RubricCoverage(FORMS_RUBRIC, "f")
    result = FORMS_RUBRIC.evaluate({"r": "60%", "n": 0, "ok": True, "lv": "中", "j": 1})
    assert coverage.record(result) == []
    covered = {ident: sorted(map(str, found.covered)) for ident, found in coverage.indicators.items()}
    assert covered == {
        "s": ["('band', 1)"],
        "gap": ["('none',)"],
        "w": ["('branch', 0)"],
        "c": ["('item', 0)"],
        "d": ["('deducted',)"],
        "p": ["('partial',)"],
        "l": ["('level', '中')"],
        "jj": ["('scored',)"],
    }


def test_not_scored_indicators_cover_nothing() -> None:
    coverage = RubricCoverage(FORMS_RUBRIC, "f")
    coverage.record(FORMS_RUBRIC.evaluate({"r": "60%", "ok": True, "lv": "中", "j": 1}))  # n missing
    assert coverage.indicators["d"].covered == set() and coverage.indicators["gap"].covered == set()


@pytest.mark.parametrize(
    ("covered", "total", "shown"), [(1, 2, "50"), (2, 3, "≈66.6"), (1, 3, "≈33.3"), (0, 0, "100"), (7, 8, "87.5")]
)
def test_percent_text_is_exact_or_rounded_down(covered: int, total: int, shown: str) -> None:
    assert percent_text(percent(covered, total)) == shown
    assert Fraction(shown.lstrip("≈")) <= percent(covered, total)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), facts_seed=st.integers(0, 10_000))
def test_every_scored_indicator_is_attributed_on_both_evaluators(seed: int, facts_seed: int) -> None:
    spec = synth_rubric(len(FORMS) * 2, seed=seed)
    rubric = rubricdsl.loads(spec.text)
    coverage = RubricCoverage(rubric, "synth")
    rng = random.Random(facts_seed)
    for _ in range(6):  # past the warm-up, so the generated fast path scores some of them
        facts = spec.facts(rng)
        for result in (rubric.evaluate(facts), rubric.evaluate_closures(facts)):
            assert coverage.record(result) == []
            for item in result.indicators:
                reached = coverage.reached(item)
                assert reached is not None
                if item.status == "scored":
                    assert reached or item.rule == "checklist", item.id  # a checklist may meet no item
                    known = {outcome.key for outcome in coverage.indicators[item.id].outcomes}
                    assert reached <= known, (item.id, reached, known)
