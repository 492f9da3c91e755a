"""Synthetic rubrics (rubricdsl.testing.synth) parse, check, and score inside their bounds."""

from __future__ import annotations

import hashlib
import random
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.testing.synth import FORMS, synth_rubric


@settings(max_examples=40, deadline=None)
@given(
    indicators=st.integers(1, 60),
    seed=st.integers(0, 10_000),
    fanout=st.integers(2, 5),
    leaf_size=st.integers(1, 10),
    rounding=st.booleans(),
)
def test_generated_rubrics_check_and_score_within_bounds(
    indicators: int, seed: int, fanout: int, leaf_size: int, rounding: bool
) -> None:
    synth = synth_rubric(indicators, seed=seed, fanout=fanout, leaf_size=leaf_size, rounding=rounding)
    rubric = rubricdsl.loads(synth.text)  # raises RubricError on any parse or check problem
    points = {item.node.id: item.node.points.value for item in rubric.checked.indicators}
    assert len(points) == indicators
    result = rubric.evaluate(synth.facts(random.Random(seed)))
    assert result.complete, (result.fact_problems, result.errors)
    for ident, score in result.scores().items():
        assert score is None or Decimal(0) <= score <= points[ident]
    assert Decimal(0) <= result.total <= result.max


def test_every_rule_form_is_generated() -> None:
    text = synth_rubric(len(FORMS) * 2, seed=1).text
    for form in FORMS:
        assert re.search(rf"\{{ {form}\b", text), form


def test_sections_nest() -> None:
    text = synth_rubric(100, seed=2, fanout=3, leaf_size=4).text
    assert "\n    section " in text  # sections three levels deep


def test_the_same_parameters_give_the_same_rubric() -> None:
    assert synth_rubric(50, seed=9).text == synth_rubric(50, seed=9).text
    assert synth_rubric(50, seed=9).text != synth_rubric(50, seed=10).text


def test_at_least_one_indicator() -> None:
    with pytest.raises(ValueError, match="at least one"):
        synth_rubric(0)


# The default output is pinned: the scaling benchmark and every test drawing synthetic rubrics depend on it.  The
# digests were taken from the generator before the v2 options existed (text, then three fact sets).
PINNED = [
    (
        {"indicators": 200, "seed": 7},
        "c8c2c02b159bec01efc6c2b0e9150485b31e960442d560ce38128044bd9fa4fb",
        "4ea9cfa7f29b583de8551de6089cb38408a6d80fc50083109395ee05dec3c92b",
    ),
    (
        {"indicators": 60, "seed": 2, "rounding": True},
        "6472eb68cf5bc8bcebcd3f2e8c4b4de776b6a33df3854e25ad5ca785ae46228b",
        "e33e0448c1b357164dc18c26059fdca3ccf91675053e3bc64e9cd3de7c65766d",
    ),
    (
        {"indicators": 16, "seed": 20, "forms": ("judged",), "vetoes": False},
        "a734df45849b4f4b385f32eab027565736d2147559eca95d0b8880008b2752bc",
        "97be4aeb8a8447a89c0e98852b0f9632ac899a29b112df145b241e35ea66a6cb",
    ),
]


@pytest.mark.parametrize(("shape", "text_digest", "facts_digest"), PINNED, ids=str)
def test_the_default_output_is_unchanged(shape: dict[str, Any], text_digest: str, facts_digest: str) -> None:
    synth = synth_rubric(**shape)
    facts = [sorted((k, str(v)) for k, v in synth.facts(random.Random(i)).items()) for i in range(3)]
    assert hashlib.sha256(synth.text.encode()).hexdigest() == text_digest
    assert hashlib.sha256(repr(facts).encode()).hexdigest() == facts_digest


@settings(max_examples=30, deadline=None)
@given(
    indicators=st.integers(1, 40),
    seed=st.integers(0, 10_000),
    leaf_size=st.integers(1, 6),
    options=st.fixed_dictionaries({name: st.booleans() for name in ("tiers", "nested", "penalties", "moves", "caps")}),
)
def test_v2_rubrics_check_and_score_within_bounds(
    indicators: int, seed: int, leaf_size: int, options: dict[str, bool]
) -> None:
    synth = synth_rubric(indicators, seed=seed, leaf_size=leaf_size, **options)
    rubric = rubricdsl.loads(synth.text)  # raises RubricError on any parse or check problem
    result = rubric.evaluate(synth.facts(random.Random(seed)))
    # the only problems are the judged tiers' contradictions (a score outside its tier's range)
    assert {problem.code for problem in result.fact_problems} <= {"F440", "F441"}, result.fact_problems
    assert result.errors == ()
    for item in result.indicators:
        assert item.score is None or Decimal(0) <= item.score <= item.points


def test_the_v2_options_add_their_constructs_and_nothing_else() -> None:
    plain = synth_rubric(40, seed=11, leaf_size=4).text
    for option, construct in [
        ("tiers", " within "),
        ("nested", "else (score"),
        ("penalties", "penalty "),
        ("moves", "not_applicable -> siblings"),
        ("caps", "cap 良 when"),
    ]:
        assert construct not in plain
        assert construct in synth_rubric(40, seed=11, leaf_size=4, **{option: True}).text, option


def test_tier_facts_mostly_agree_with_their_score() -> None:
    synth = synth_rubric(30, seed=4, forms=("score",), tiers=True)
    rubric = rubricdsl.loads(synth.text)
    rng = random.Random(8)
    problems = [len(rubric.evaluate(synth.facts(rng)).fact_problems) for _ in range(50)]
    assert sum(problems) > 0  # contradictions are generated …
    assert problems.count(0) > 0  # … but not always
