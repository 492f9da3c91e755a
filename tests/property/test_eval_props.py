"""Properties of every shipped rubric over facts drawn from its declared types."""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import rubricdsl
from rubricdsl.evaluate.program import CONTEXT
from tests.conftest import RUBRICS
from tests.property.strategies import fact_sets

SHIPPED = {path.stem: rubricdsl.load(path) for path in sorted(RUBRICS.glob("*.rubric"))}
PROFILE = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _check_invariants(rubric: rubricdsl.CompiledRubric, facts: dict[str, Any]) -> None:
    result = rubric.evaluate(facts)
    assert not result.fact_problems, result.fact_problems
    for item in result.indicators:
        if item.score is None:
            assert item.status in ("not_applicable", "error")
        else:
            assert 0 <= item.score <= item.points, item
    by_id = {section.id: section for section in result.sections}
    scores = result.scores()
    for section in result.sections:
        children = Decimal(0)
        with localcontext(CONTEXT):  # the evaluator's precision, so long quotients add up the same way
            for child in section.children:
                children += by_id[child].score if child in by_id else (scores[child] or 0)
        assert section.score == (0 if section.vetoed else children), section
        assert 0 <= section.score <= section.points
    assert 0 <= result.total <= result.max
    again = rubric.evaluate(facts)
    assert (again.total, again.grade, dict(again.scores())) == (result.total, result.grade, dict(result.scores()))


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_scores_stay_within_bounds_and_sections_add_up(name: str) -> None:
    rubric = SHIPPED[name]

    @PROFILE
    @given(fact_sets(rubric))
    def check(facts: dict[str, Any]) -> None:
        _check_invariants(rubric, facts)

    check()


def test_the_property_can_fail() -> None:
    """Guard against a vacuous property: a rubric whose formula escapes its points is caught."""
    rubric = rubricdsl.loads('rubric t "t" 5\nfact x: number\nindicator i "i" 5 { formula x }')
    result = rubric.evaluate({"x": 7})
    assert result.scores()["i"] is None and result.errors[0].code == "E307"
