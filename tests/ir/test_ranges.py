"""The interval analysis over the IR: sound against the interpreter, and as sharp as the linter's per-form one.

The linter (``lint/ranges.py``) knows each rule form; the IR analysis knows only IR nodes.  On the shipped
rubrics, the synthetic generator's and hypothesis-drawn ones, both give every indicator's score (within its
points) and every derived value the same interval, ends and closedness included.  Where the linter is sharper
— it enumerates yes/no and enum facts, so it sees that ``flag and not flag`` never holds — the IR analysis
gives a superset, which is still sound.
"""

from __future__ import annotations

import decimal
import random
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import rubricdsl
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.ir.interpret import Interpreter
from rubricdsl.ir.lower import lower_program
from rubricdsl.ir.ranges import analyse
from rubricdsl.lint.intervals import Interval, IntervalSet
from rubricdsl.lint.ranges import analyse as lint_analyse
from rubricdsl.syntax import nodes as n
from rubricdsl.testing.synth import FORMS, synth_rubric
from tests.conftest import RUBRICS
from tests.evaluate.test_differential import rubric_shapes
from tests.ir.test_differential import CLEAN, FAILURE_CASES, FAILURES


def _ends(found: Interval) -> Any:
    return "empty" if found.is_empty else (found.lo, found.lo_closed, found.hi, found.hi_closed)


def _set_ends(found: IntervalSet | None) -> Any:
    return None if found is None else [_ends(part) for part in found.parts]


def _contains(outer: Interval, inner: Interval) -> bool:
    """``inner`` lies within ``outer`` (ends compared with their closedness)."""
    if inner.is_empty:
        return True
    if outer.is_empty:
        return False
    low_ok = outer.lo < inner.lo or (outer.lo == inner.lo and (outer.lo_closed or not inner.lo_closed))
    high_ok = outer.hi > inner.hi or (outer.hi == inner.hi and (outer.hi_closed or not inner.hi_closed))
    return low_ok and high_ok


def assert_as_sharp_as_the_linter(rubric: rubricdsl.CompiledRubric, *, outcomes_narrowed: bool = False) -> None:
    """Every indicator's score, every derived value, and the reach of every band and branch (the subject
    values that reach a band, which branches some facts reach) are the linter's.

    The linter now analyses a band's outcome under the band's own test (path-sensitive, issue 9 §6); the IR
    analysis does not narrow outcomes yet.  Where that matters (``outcomes_narrowed``) the IR's score range
    must contain the linter's — still sound, just wider — instead of equalling it."""
    mine = analyse(lower_program(rubric.checked))
    theirs = lint_analyse(rubric.checked)
    for info in rubric.checked.indicators:
        ident, rule = info.node.id, info.node.rule
        expected = theirs.indicators[ident].score.intersect(Interval.closed(0, info.node.points.value))
        if outcomes_narrowed:
            assert _contains(mine.scores[ident], expected), ident
        else:
            assert _ends(mine.scores[ident]) == _ends(expected), ident
        arms = {
            len(_arms(rule)) if arm == -1 else arm: reach for arm, reach in mine.reach[ident].get("arm", {}).items()
        }
        if isinstance(rule, n.ScoreRule):
            bands = theirs.indicators[ident].bands
            assert {arm: _set_ends(reach) for arm, reach in arms.items()} == {
                band.index: _set_ends(band.reach) for band in bands if not band.reach.is_empty
            }, ident
        elif isinstance(rule, n.WhenRule):
            branches = theirs.indicators[ident].branches
            assert set(arms) == {branch.index for branch in branches if branch.reachable}, ident
    assert {name: _ends(v) for name, v in mine.values.items()} == {name: _ends(v) for name, v in theirs.values.items()}


def _arms(rule: n.Rule) -> tuple[Any, ...]:
    return rule.bands if isinstance(rule, n.ScoreRule) else rule.branches if isinstance(rule, n.WhenRule) else ()


def assert_sound(rubric: rubricdsl.CompiledRubric, fact_sets: list[dict[str, Any]]) -> int:
    program = lower_program(rubric.checked)
    ranges = analyse(program)
    interpreter = Interpreter(program)
    checked = 0
    for facts in fact_sets:
        values, not_applicable, problems = rubric.schema.convert(facts)
        invalid = frozenset(p.subject for p in problems if p.code != "F401" and p.subject)
        run = interpreter.run(values, not_applicable, invalid)
        for indicator, raw in zip(program.indicators, run.raw_scores, strict=True):
            if raw is not None:
                assert ranges.scores[indicator.id].contains(Fraction(raw)), (indicator.id, raw)
                checked += 1
        for name, found in ranges.values.items():
            value = run.env.get(name)
            if value is not None and name not in values:  # a derived value the run computed
                assert found.contains(Fraction(value)), (name, value)
        for ident, outcome in run.sections.items():  # sections, the total and the grade (ir/section_ranges.py)
            assert ranges.sections[ident].contains(Fraction(outcome.score)), (ident, outcome.score)
        assert ranges.total.contains(Fraction(run.total)), run.total
        assert run.grade in ranges.grades, run.grade
    return checked


@pytest.mark.parametrize("path", sorted(RUBRICS.glob("*.rubric")), ids=lambda path: path.stem)
def test_shipped_rubrics_get_the_linters_intervals(path: Any) -> None:
    assert_as_sharp_as_the_linter(rubricdsl.load(path))


SHAPES = [{"indicators": 60, "seed": seed, "rounding": seed % 2 == 1} for seed in range(4)] + [
    {"indicators": 16, "seed": 20 + i, "forms": (form,)} for i, form in enumerate(FORMS)
]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_synthetic_rubrics_get_the_linters_intervals_and_are_sound(shape: dict[str, Any]) -> None:
    synth = synth_rubric(**shape)
    rubric = rubricdsl.loads(synth.text)
    assert_as_sharp_as_the_linter(rubric)
    rng = random.Random(shape["seed"])
    assert assert_sound(rubric, [synth.facts(rng) for _ in range(30)]) > 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=rubric_shapes)
def test_generated_rubrics_get_the_linters_intervals(shape: dict[str, Any]) -> None:
    assert_as_sharp_as_the_linter(rubricdsl.loads(synth_rubric(**shape).text))


def test_the_failure_corpus_is_sound() -> None:
    rubric = rubricdsl.loads(FAILURES)
    assert_as_sharp_as_the_linter(rubric, outcomes_narrowed=True)  # `[50%, 90%) -> rate * 10`
    fact_sets = [
        {key: value for key, value in {**CLEAN, **change}.items() if value is not None} for _, change in FAILURE_CASES
    ]
    assert assert_sound(rubric, fact_sets) > 0


def test_where_the_linter_enumerates_the_ir_analysis_is_wider_but_sound() -> None:
    rubric = rubricdsl.loads(
        """
rubric contradiction "矛盾" 5
fact flag "标志": bool
indicator never "不可能" 5 { when flag and not flag -> 5; else 1 }
"""
    )
    mine = analyse(lower_program(rubric.checked)).scores["never"]
    theirs = lint_analyse(rubric.checked).indicators["never"].score
    assert _ends(theirs) == (1, True, 1, True)
    assert _ends(mine) == (1, True, 5, True)  # contains the linter's, so still sound
    with decimal.localcontext(CONTEXT):
        assert assert_sound(rubric, [{"flag": True}, {"flag": False}]) == 2
