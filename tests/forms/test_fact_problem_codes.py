"""``Form.fact_problem_codes``: the failures a form declares as fact problems are listed with the facts' problems.

The façade (``CompiledRubric._evaluate_run``) knows no form's codes: it reads every registered form's field when
a rubric is compiled.  Each test swaps one form in the registry for a copy that declares (or stops declaring)
codes, so the routing is shown to follow the field and nothing else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import pytest

import rubricdsl
from rubricdsl import forms
from rubricdsl.forms import judged_within, score
from rubricdsl.syntax import nodes as n

JUDGED = """
rubric tiers "分档评议" 15
fact tier "专业能力": enum(较强, 一般)
fact points "专业能力得分": number
indicator ability "专业能力" 15 { judged points within tier: 较强 -> [10, 15]; 一般 -> [5, 10) }
"""

DIVIDES = """
rubric ratio "比率" 10
fact paid "已支付": number
fact planned "计划": number
indicator ratio "比率" 10 { score paid / planned: >= 1 -> 10; else 0 }
"""


Swap = Callable[[type, frozenset[str]], None]


@pytest.fixture
def swap_form() -> Iterator[Swap]:
    """Replace a form in the registry for one test, restoring it afterwards."""
    saved = dict(forms.REGISTRY)

    def swap(node: type, codes: frozenset[str]) -> None:
        forms.REGISTRY[node] = dataclasses.replace(forms.REGISTRY[node], fact_problem_codes=codes)

    yield swap
    forms.REGISTRY.clear()
    forms.REGISTRY.update(saved)


def test_judged_within_declares_its_three_codes() -> None:
    assert judged_within.FORM.fact_problem_codes == {"F440", "F441", "F442"}
    assert forms.fact_problem_codes() == {"F440", "F441", "F442"}  # no other shipped form declares any


def test_a_declared_code_is_a_fact_problem_and_still_fails_its_indicator() -> None:
    result = rubricdsl.loads(JUDGED).evaluate({"tier": "一般", "points": 10})  # 10 is outside [5, 10)
    assert [problem.code for problem in result.fact_problems] == ["F440"]
    assert result.errors == ()
    (row,) = result.indicators
    assert row.error is not None and row.error.code == "F440"


def test_a_form_that_stops_declaring_its_codes_reports_them_as_errors(swap_form: Swap) -> None:
    swap_form(n.JudgedWithinRule, frozenset())
    result = rubricdsl.loads(JUDGED).evaluate({"tier": "一般", "points": 10})
    assert result.fact_problems == ()
    assert [error.code for error in result.errors] == ["F440"]


def test_any_form_declaring_a_code_gets_it_routed(swap_form: Swap) -> None:
    # The score form does not declare E302 (a zero divisor); a copy that does has it listed as a fact problem.
    facts = {"paid": 5, "planned": 0}
    plain = rubricdsl.loads(DIVIDES).evaluate(facts)
    assert [error.code for error in plain.errors] == ["E302"] and plain.fact_problems == ()
    swap_form(n.ScoreRule, frozenset({"E302"}))
    assert score.FORM.fact_problem_codes == frozenset()  # the module's own form is untouched
    routed = rubricdsl.loads(DIVIDES).evaluate(facts)
    assert [problem.code for problem in routed.fact_problems] == ["E302"]
    assert routed.errors == ()
    (row,) = routed.indicators
    assert row.error is not None and row.error.code == "E302"
