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
            k: (str(s.score), str(s.applicable_points), s.vetoed_by, s.veto_errors, str(s.moves), str(s.adjusted))
            for k, s in run.sections.items()
        },
        "adjusted": str(run.adjusted),  # the v2 section-level outcomes, their Decimals as text
        "caps": (run.grade_caps, run.uncapped_grade),
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


V2_SHAPES = st.fixed_dictionaries(
    {
        "indicators": st.integers(1, 30),
        "seed": st.integers(0, 10_000),
        "fanout": st.integers(2, 4),
        "leaf_size": st.integers(1, 6),
        "forms": st.lists(st.sampled_from(FORMS), min_size=1, max_size=3, unique=True).map(tuple),
        "rounding": st.booleans(),
        "tiers": st.booleans(),
        "nested": st.booleans(),
        "penalties": st.booleans(),
        "moves": st.booleans(),
        "caps": st.booleans(),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=V2_SHAPES, fact_seed=st.integers(0, 2**32), data=st.data())
def test_generated_v2_rubrics(shape: dict[str, Any], fact_seed: int, data: st.DataObject) -> None:
    """judged-within tiers, nested rules, penalties and bonuses, moved points and grade caps: the generated
    bodies equal the interpreter on clean, partial, not-applicable and perturbed facts."""
    synth = synth_rubric(**shape)
    rubric = rubricdsl.loads(synth.text)
    pair = Pair(rubric)
    rng = random.Random(fact_seed)
    pair.same(synth.facts(rng, leave_out_optional=0))
    pair.same(synth.facts(rng))
    ids = [info.node.id for info in rubric.checked.indicators]
    marked = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=4))
    pair.same({**synth.facts(rng), "not_applicable": marked})
    pair.same(_perturbed(synth.facts(rng), data))


def test_every_v2_construct_is_compared() -> None:
    """The constructs the v2 shapes add reach the comparison: each appears in a rubric both back ends score."""
    synth = synth_rubric(40, seed=11, leaf_size=4, tiers=True, nested=True, penalties=True, moves=True, caps=True)
    for construct in ("within", "else (score", "penalty ", "bonus ", "uncapped", "-> siblings", "cap 良 when"):
        assert construct in synth.text, construct
    pair, rng = Pair(rubricdsl.loads(synth.text)), random.Random(5)
    runs = [pair.same(synth.facts(rng)) for _ in range(20)]
    assert any(run.adjusted is not None for run in runs)
    assert any(section.moves for run in runs for section in run.sections.values())


def test_the_source_holds_no_rubric_text() -> None:
    text = synth_rubric(12, seed=5).text.replace('"指标3"', "\"指标3 __import__('os')\"")
    source, _ = generate(lower_program(rubricdsl.loads(text).checked))
    for fragment in ("__import__", "指标", "i3_", "synth"):
        assert fragment not in source
