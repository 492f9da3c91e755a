"""`$expect` claims: exact Decimal comparison, every malformed claim reported, `complete` implied on request."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.testing.expectations import check_facts, exact_number, read_expectation
from rubricdsl.testing.synth import FORMS, synth_rubric

RUBRIC = rubricdsl.loads(
    'rubric t "t" 10\nfact x "x": count\nfact y "y": number, optional, absent: not_applicable\n'
    'indicator a "a" 5 { score x: >= 3 -> 5; >= 1 -> 2.5; else 0 }\n'
    'indicator b "b" 5 { judged y }\n'
)


def unmet(facts: dict[str, Any], **options: bool) -> list[tuple[str, str | None]]:
    result = RUBRIC.evaluate(facts)
    return [(d.code, d.subject) for d in check_facts(result, facts, **options)]


@pytest.mark.parametrize("written", [5, Decimal("5.00"), "5.0", 5.0, Decimal("5")])
def test_numbers_are_compared_as_decimal_values(written: Any) -> None:
    assert unmet({"x": 3, "y": 0, "$expect": {"scores": {"a": written}, "total": 5}}) == []


@pytest.mark.parametrize("written", [5.001, "4.99", Decimal("5.0000000000000000001")])
def test_a_near_miss_is_a_mismatch(written: Any) -> None:
    assert unmet({"x": 3, "y": 0, "$expect": {"scores": {"a": written}}}) == [("T501", "scores.a")]


def test_a_yaml_float_means_what_was_typed() -> None:
    facts = yaml.safe_load("x: 1\ny: 0.1\n$expect: {total: 2.6, scores: {a: 2.5, b: 0.1}}\n")
    assert isinstance(facts["$expect"]["total"], float)
    assert unmet(facts) == []


def test_null_means_no_score_and_status_is_checked() -> None:
    facts = {"x": 3, "$expect": {"scores": {"b": None}, "status": {"b": "not_applicable"}}}
    assert unmet(facts) == []
    facts["$expect"] = {"scores": {"b": 0}, "status": {"b": "scored"}}
    assert unmet(facts) == [("T501", "scores.b"), ("T501", "status.b")]


def test_every_malformed_claim_is_reported_and_the_rest_still_checked() -> None:
    facts = {
        "x": 3,
        "y": 1,
        "$expect": {"totl": 6, "grade": 3, "complete": "yes", "scores": {"c": 1, "a": 2}, "status": {"a": "ok"}},
    }
    assert unmet(facts) == [
        ("T502", "$expect"),
        ("T502", "$expect"),
        ("T502", "$expect"),
        ("T502", "$expect"),
        ("T502", "$expect"),
        ("T501", "scores.a"),
    ]


@pytest.mark.parametrize("raw", [[1, 2], "total: 5", None, 5])
def test_an_expect_that_is_not_an_object_is_a_problem(raw: Any) -> None:
    expectation, problems = read_expectation(raw, ("a",))
    assert expectation is None and [p.code for p in problems] == ["T502"]


def test_booleans_and_non_finite_values_are_not_numbers() -> None:
    assert exact_number(True) is None and exact_number(float("nan")) is None and exact_number("Infinity") is None
    assert exact_number("12.50") == Decimal("12.5")


def test_complete_is_implied_only_when_asked() -> None:
    facts = {"y": 1, "$expect": {"total": 1}}  # x is missing: incomplete, total 1
    assert unmet(facts) == []
    assert unmet(facts, implied_complete=True) == [("T501", "complete")]
    facts["$expect"]["complete"] = False
    assert unmet(facts, implied_complete=True) == []


def test_no_expect_is_no_claim() -> None:
    assert unmet({"x": 0}) == []


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 5_000), facts_seed=st.integers(0, 5_000), pick=st.integers(0, 10_000))
def test_the_result_s_own_values_pass_and_any_one_changed_claim_fails(seed: int, facts_seed: int, pick: int) -> None:
    spec = synth_rubric(len(FORMS), seed=seed)
    rubric = rubricdsl.loads(spec.text)
    facts = spec.facts(random.Random(facts_seed))
    result = rubric.evaluate(facts)
    scores = {ident: (None if score is None else str(score)) for ident, score in result.scores().items()}
    claims: dict[str, Any] = {"total": str(result.total), "grade": result.grade, "complete": result.complete}
    claims["scores"] = scores
    assert check_facts(result, {**facts, "$expect": claims}, implied_complete=result.complete) == []
    ident = sorted(scores)[pick % len(scores)]
    changed = {**claims, "scores": {**scores, ident: "0.001" if scores[ident] in (None, "0") else None}}
    (only,) = check_facts(result, {**facts, "$expect": changed})
    assert (only.code, only.subject) == ("T501", f"scores.{ident}")
    (only,) = check_facts(result, {**facts, "$expect": {**claims, "total": str(result.total + Decimal("0.001"))}})
    assert (only.code, only.subject) == ("T501", "total")


def test_hostile_expectations_are_reported_briefly() -> None:
    huge_key = "k" * 100_000
    facts = {"x": 3, "$expect": {"total": "1e999999999", huge_key: 1, "grade": "优" * 100_000}}
    result = RUBRIC.evaluate(facts)
    found = check_facts(result, facts)
    assert [d.code for d in found] == ["T502", "T502", "T501"]
    assert all(len(d.message.en) < 300 and len(d.message.zh) < 300 for d in found)
