"""Synthetic rubrics (rubricdsl.testing.synth) parse, check, and score inside their bounds."""

from __future__ import annotations

import random
import re
from decimal import Decimal

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
