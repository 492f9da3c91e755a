"""Generated Python over the IR equals the IR interpreter (and so the closure evaluator) on the whole record."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.ir.codegen import GeneratedInterpreter, generate
from rubricdsl.ir.interpret import Interpreter, IRRun
from rubricdsl.ir.lower import lower_program
from rubricdsl.testing.synth import FORMS, synth_rubric
from tests.conftest import RUBRICS
from tests.evaluate.test_differential import SEED_VARIANTS, _perturbed, rubric_shapes
from tests.ir.test_differential import CLEAN, FAILURE_CASES, FAILURES, _facts_of, _text


def _record(run: IRRun) -> dict[str, Any]:
    return {
        "scores": _text(run.scores),
        "raw": _text(run.raw_scores),
        "traces": _text(run.traces),
        "status": run.status,
        "errors": run.errors,
        "na": run.na_reasons,
        "sections": {
            k: (str(s.score), str(s.applicable_points), s.vetoed_by, s.veto_errors) for k, s in run.sections.items()
        },
        "totals": _text([run.raw_total, run.rescaled_total, run.total]),
        "grade": run.grade,
        "outside": run.errors_outside,
    }


class Pair:
    def __init__(self, rubric: rubricdsl.CompiledRubric) -> None:
        self.rubric = rubric
        program = lower_program(rubric.checked)
        self.closures, self.generated = Interpreter(program), GeneratedInterpreter(program)

    def same(self, facts: Any) -> IRRun:
        values, not_applicable, problems = self.rubric.schema.convert(facts)
        invalid = frozenset(p.subject for p in problems if p.code != "F401" and p.subject)
        expected = self.closures.run(values, not_applicable, invalid)
        found = self.generated.run(values, not_applicable, invalid)
        assert _record(found) == _record(expected)
        return found


@pytest.mark.parametrize("path", sorted(RUBRICS.glob("*.rubric")), ids=lambda path: path.stem)
def test_shipped_rubrics(path: Any) -> None:
    pair = Pair(rubricdsl.load(path))
    facts = _facts_of(path)
    pair.same(facts)
    for name in facts:
        pair.same({k: v for k, v in facts.items() if k != name})


def test_seed_variants(seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]) -> None:
    pair = Pair(seed)
    for _, change in SEED_VARIANTS:
        pair.same({**seed_facts, **change})


def test_failures() -> None:
    pair = Pair(rubricdsl.loads(FAILURES))
    codes = set()
    for _, change in FAILURE_CASES:
        run = pair.same({k: v for k, v in {**CLEAN, **change}.items() if v is not None})
        codes.update(error.code for error in run.errors.values())
    assert {"E301", "E302", "E303", "E304", "E306", "E307", "E308"} <= codes


@pytest.mark.parametrize("form", FORMS)
def test_each_form(form: str) -> None:
    synth = synth_rubric(24, seed=3, forms=(form,), rounding=True)
    pair = Pair(rubricdsl.loads(synth.text))
    rng = random.Random(4)
    for _ in range(30):
        pair.same(synth.facts(rng, leave_out_optional=0.3))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=rubric_shapes, fact_seed=st.integers(0, 2**32), data=st.data())
def test_generated_rubrics(shape: dict[str, Any], fact_seed: int, data: st.DataObject) -> None:
    synth = synth_rubric(**shape)
    pair = Pair(rubricdsl.loads(synth.text))
    rng = random.Random(fact_seed)
    pair.same(synth.facts(rng))
    pair.same(_perturbed(synth.facts(rng), data))


def test_the_source_holds_no_rubric_text() -> None:
    text = synth_rubric(12, seed=5).text.replace('"指标3"', "\"指标3 __import__('os')\"")
    source, _ = generate(lower_program(rubricdsl.loads(text).checked))
    for fragment in ("__import__", "指标", "i3_", "synth"):
        assert fragment not in source
