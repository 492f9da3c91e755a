"""The IR interpreter agrees with the closure evaluator on everything: same record, same visible result.

``CompiledRubric.evaluate_closures`` runs the IR interpreter; ``Program.run`` (the closures over the AST) is
kept as the reference it is held to.  Every case is scored twice from the same converted facts and compared on
the whole run record — every indicator's status, score and raw score (as text, so exponents count), detail
(the IR's read from the trace by its form), diagnostic and not-applicable reason, every section's score,
applicable points, veto and veto errors, the totals before and after the rescale and rounding, the grade and
the problems outside indicators — and then as a caller sees it, through the same explainer (``visible`` from
the evaluators' differential test: reasons, reads, steps): the IR's traces against the closures' details
read as traces.  The reason sentences the rule forms write straight from the IR traces (``ir.reasons``) must
equal the explainer's too.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.evaluate.program import Run
from rubricdsl.forms import REGISTRY
from rubricdsl.inputs.files import read_facts_file
from rubricdsl.ir.lower import SCORE_KEY
from rubricdsl.ir.reasons import TraceReasons
from rubricdsl.results.model import EvaluationResult
from rubricdsl.testing.synth import FORMS, synth_rubric
from tests.conftest import RUBRICS
from tests.evaluate.test_differential import SEED_VARIANTS, _perturbed, rubric_shapes, visible
from tests.property.strategies import fact_sets


def _text(value: Any) -> Any:
    """Decimals as text (exponents count), containers recursively, everything else as its repr."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_text(item) for item in value]
    if isinstance(value, dict):
        return {key: _text(item) for key, item in value.items()}
    return repr(value)


_FORMS = {form.name: form for form in REGISTRY.values()}


def details_of(rubric: rubricdsl.CompiledRubric, run: Run) -> list[Any]:
    """The closure details of ``run``: its own, or an IR run's read from each trace by the indicator's form."""
    if run.traces is None:
        return run.details
    details: list[Any] = []
    for indicator, trace in zip(rubric._ir.program.indicators, run.traces, strict=True):
        # The closure rule hands back its detail whenever the rule itself finished (its E307 check comes after);
        # the guard's binding of the score says the same.
        form = _FORMS[indicator.form]
        details.append(form.detail(trace) if trace is not None and SCORE_KEY in trace else None)
    return details


def record(rubric: rubricdsl.CompiledRubric, run: Run) -> dict[str, Any]:
    return {
        "scores": _text(run.scores),
        "raw_scores": _text(run.raw_scores),
        "details": _text(details_of(rubric, run)),
        "status": list(run.status),
        "errors": dict(run.errors),
        "na_reasons": dict(run.na_reasons),
        "sections": {
            ident: (str(s.score), str(s.applicable_points), s.vetoed_by, list(s.veto_errors))
            for ident, s in run.sections.items()
        },
        "totals": (str(run.raw_total), str(run.rescaled_total), str(run.total)),
        "grade": run.grade,
        "errors_outside": list(run.errors_outside),
        "env": _text(run.env),
    }


_REASONS: dict[int, tuple[rubricdsl.CompiledRubric, TraceReasons]] = {}


def reasons_of(rubric: rubricdsl.CompiledRubric) -> TraceReasons:
    found = _REASONS.get(id(rubric))
    if found is None or found[0] is not rubric:
        found = _REASONS[id(rubric)] = (rubric, TraceReasons(rubric.checked))
    return found[1]


def on_closures(rubric: rubricdsl.CompiledRubric, facts: Any) -> EvaluationResult:
    """``evaluate_closures`` as it was: the result built from ``Program.run``."""
    return rubric._evaluate_run(rubric.program.run, facts)


def assert_same(rubric: rubricdsl.CompiledRubric, facts: Any) -> Run:
    reasons = reasons_of(rubric)
    values, not_applicable, problems = rubric.schema.convert(facts)
    if problems and not_applicable:
        problems = rubric._excuse_not_applicable(problems, not_applicable)
    invalid = frozenset(problem.subject for problem in problems if problem.code != "F401" and problem.subject)
    reference = rubric.program.run(values, not_applicable, invalid)
    ir_run = rubric._ir.interpreter.run(values, not_applicable, invalid)
    through_ir = rubric._ir.run(values, not_applicable, invalid)
    assert through_ir.traces is not None
    assert record(rubric, through_ir) == record(rubric, reference)
    reference_result = on_closures(rubric, facts)
    assert visible(rubric.evaluate_closures(facts)) == visible(reference_result)
    from_traces = [reasons.reason(ir_run, index) for index in range(len(ir_run.status))]
    assert from_traces == [indicator.reason for indicator in reference_result.indicators]
    return through_ir


# ---- the shipped rubrics with their facts ------------------------------------------------------------------

SHIPPED = sorted(RUBRICS.glob("*.rubric"))


def _facts_of(path: Path) -> dict[str, Any]:
    for suffix in (".facts.json", ".facts.yaml"):
        candidate = path.with_name(path.name.removesuffix(".rubric") + suffix)
        if candidate.exists():
            facts: dict[str, Any] = read_facts_file(candidate)
            return facts
    raise AssertionError(f"no facts file beside {path.name}")


@pytest.mark.parametrize("path", SHIPPED, ids=[path.stem for path in SHIPPED])
def test_shipped_rubrics_agree_on_their_facts(path: Path) -> None:
    rubric = rubricdsl.load(path)
    run = assert_same(rubric, _facts_of(path))
    assert all(state == "scored" for state in run.status) or path.stem == "self-evaluation"


@pytest.mark.parametrize("path", SHIPPED, ids=[path.stem for path in SHIPPED])
def test_shipped_rubrics_agree_with_each_fact_dropped_or_not_applicable(path: Path) -> None:
    rubric = rubricdsl.load(path)
    facts = _facts_of(path)
    for name in list(facts):
        assert_same(rubric, {key: value for key, value in facts.items() if key != name})
    for ident in rubric.schema.indicator_ids:
        assert_same(rubric, {**facts, "not_applicable": [ident]})
    assert_same(rubric, {**facts, "not_applicable": sorted(rubric.schema.indicator_ids)})  # E305


@pytest.mark.parametrize(("case", "change"), SEED_VARIANTS, ids=[case for case, _ in SEED_VARIANTS])
def test_seed_variants_agree(
    seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any], case: str, change: dict[str, Any]
) -> None:
    assert_same(seed, {**seed_facts, **change})


# ---- the synthetic generator's rubrics, many fact sets each --------------------------------------------------

SYNTH_SHAPES = [
    {"indicators": 40, "seed": 1},
    {"indicators": 40, "seed": 2, "rounding": True},
    {"indicators": 24, "seed": 3, "fanout": 2, "leaf_size": 2},
    *({"indicators": 12, "seed": 10 + position, "forms": (form,), "rounding": position % 2 == 0}
      for position, form in enumerate(FORMS)),
]  # fmt: skip


@pytest.mark.parametrize("shape", SYNTH_SHAPES, ids=[str(shape) for shape in SYNTH_SHAPES])
def test_synthetic_rubrics_agree_on_many_fact_sets(shape: dict[str, Any]) -> None:
    synth = synth_rubric(**shape)
    rubric = rubricdsl.loads(synth.text)
    rng = random.Random(shape["seed"])
    for _ in range(40):
        assert_same(rubric, synth.facts(rng, leave_out_optional=rng.random()))


# ---- hypothesis: generated rubrics, facts drawn from their declared types, perturbed facts ---------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=rubric_shapes, fact_seed=st.integers(0, 2**32), data=st.data())
def test_generated_rubrics_agree(shape: dict[str, Any], fact_seed: int, data: st.DataObject) -> None:
    synth = synth_rubric(**shape)
    rubric = rubricdsl.loads(synth.text)
    rng = random.Random(fact_seed)
    assert_same(rubric, synth.facts(rng))
    assert_same(rubric, data.draw(fact_sets(rubric)))
    assert_same(rubric, _perturbed(synth.facts(rng), data))


# ---- failures, one by one -----------------------------------------------------------------------------------

FAILURES = """
rubric failures "失败情形" 60
rounding indicators 1 half_up
rounding total 0 down
grades: A >= 50; B > 30; else C
fact spent "支出": money 元, >= 0
fact planned "计划": money 元, >= 0
fact judged_score "评议": number
fact level "等级": enum(优, 良, 差)
fact optional_share "可选": percent, optional, absent: not_applicable
fact flag "标志": bool
fact big "大数": number
let rate "执行率" = spent / planned
let huge = big * big * big * big
section a "甲" 30 {
  indicator by_rate "执行率" 10 { score rate: >= 90% -> 10; [50%, 90%) -> rate * 10; else 1 }
  indicator judged_one "评议" 5 { judged judged_score }
  indicator level_one "等级" 5 { levels level: 优 -> 100%; 良 -> 2.5 }
  indicator optional_one "可选" 5 { deduct optional_share: base 5, -1 per 1% below 90%, started steps, cap 3 }
  indicator escapes "越界" 5 { formula spent / 1000 }
  veto when rate > 200% and flag, "否决"
}
section b "乙" 30 {
  indicator prop "比例" 10 { proportional spent against planned }
  indicator lower "反向" 10 { proportional spent against planned lower }
  indicator overflow "溢出" 10 { formula min(10, round(huge, 2)) }
  veto when huge > 10000 and not flag, "大数否决"
}
"""

CLEAN = {
    "spent": 900,
    "planned": 1000,
    "judged_score": Decimal("4.5"),
    "level": "良",
    "optional_share": Decimal("0.874"),
    "flag": False,
    "big": 2,
}


@pytest.fixture(scope="module")
def failures() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(FAILURES)


FAILURE_CASES: list[tuple[str, dict[str, Any]]] = [
    ("clean", {}),
    ("division by zero in a derived value and in proportional", {"planned": 0}),
    ("judged above its points", {"judged_score": 6}),
    ("judged below zero", {"judged_score": -1}),
    ("a level with no share", {"level": "差"}),
    ("optional fact absent: not applicable", {"optional_share": None}),
    ("marked not applicable", {"not_applicable": ["by_rate", "prop"]}),
    ("everything not applicable", {"not_applicable": ["by_rate", "judged_one", "level_one", "optional_one",
                                                      "escapes", "prop", "lower", "overflow"]}),
    ("score escapes its points (E307)", {"spent": 9000}),
    ("veto fires", {"flag": True, "spent": 3000}),
    ("section b vetoed", {"big": 11}),
    ("too wide to round (E308)", {"big": Decimal("1e39")}),
    ("invalid fact (E303)", {"spent": "lots"}),
    ("missing fact (E301)", {"level": None}),
    ("rounding half up at the edge", {"spent": 725}),
    ("nothing achieved", {"spent": 0}),
    ("rate in the interval band", {"spent": 612}),
]  # fmt: skip


@pytest.mark.parametrize(("case", "change"), FAILURE_CASES, ids=[case for case, _ in FAILURE_CASES])
def test_failures_agree(failures: rubricdsl.CompiledRubric, case: str, change: dict[str, Any]) -> None:
    facts = {key: value for key, value in {**CLEAN, **change}.items() if value is not None}
    assert_same(failures, facts)


def test_the_failure_corpus_reaches_every_failure_it_names(failures: rubricdsl.CompiledRubric) -> None:
    """The cases above are not vacuous: between them they produce each diagnostic and outcome they name."""
    codes: set[str] = set()
    vetoed: set[str] = set()
    outcomes: set[str] = set()
    for _, change in FAILURE_CASES:
        facts = {key: value for key, value in {**CLEAN, **change}.items() if value is not None}
        run = assert_same(failures, facts)
        codes.update(error.code for error in run.errors.values())
        codes.update(error.code for error in run.errors_outside)
        for section in run.sections.values():
            codes.update(error.code for error in section.veto_errors)
            if section.vetoed_by is not None:
                vetoed.add(section.vetoed_by.reason or "")
        outcomes.update(run.status)
        outcomes.add("rounded" if any(s != r for s, r in zip(run.scores, run.raw_scores, strict=True)) else "")
    assert {"E301", "E302", "E303", "E304", "E305", "E306", "E307", "E308", "E309"} <= codes
    assert vetoed == {"否决", "大数否决"}
    assert {"scored", "not_applicable", "error", "rounded"} <= outcomes
