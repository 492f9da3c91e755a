"""The generated fast path and the closure evaluator agree: same result, attribute by attribute.

``CompiledRubric.evaluate`` takes the generated function when it can and falls back to the closures
otherwise; ``evaluate_closures`` always uses the closures.  Every case here is scored both ways and compared
on everything a caller can see — total and scores down to the Decimal exponent, grade, steps, problems,
errors and the full explanation.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.evaluate.codegen import generate_source
from rubricdsl.testing.synth import FORMS, synth_rubric
from tests.conftest import SEED_FACTS, SEED_RUBRIC

# Every attribute EvaluationResult.__init__ sets, read from a constructed result.
INIT_ATTRIBUTES = sorted(
    name
    for name in vars(
        rubricdsl.EvaluationResult(
            rubric_id="",
            rubric_label="",
            rubric_hash="",
            total=Decimal(0),
            maximum=Decimal(0),
            grade="",
            steps=(),
            fact_problems=(),
            errors=(),
            scores={},
            explain=lambda: ((), ()),
        )
    )
    if name != "_explain"  # how the explanation is built differs by design; what it builds is compared
)


def visible(result: rubricdsl.EvaluationResult) -> dict[str, Any]:
    """Everything a caller can read from a result, with Decimals as text so exponents count too."""
    return {
        "attributes": {name: _shown(getattr(result, name)) for name in INIT_ATTRIBUTES},
        "total": str(result.total),
        "max": str(result.max),
        "grade": result.grade,
        "complete": result.complete,
        "scores": {ident: None if score is None else str(score) for ident, score in result.scores().items()},
        "steps": result.steps,
        "fact_problems": result.fact_problems,
        "errors": result.errors,
        "explanation": _explanation(result),
    }


def _shown(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _shown(item) for key, item in value.items()}
    return value


def _explanation(result: rubricdsl.EvaluationResult) -> Any:
    # Both paths build explanations with the same code, so they must also fail the same way; what is
    # compared here is the two evaluation paths, not the explanation code.
    try:
        return result.indicators, result.sections
    except Exception as error:  # pragma: no cover - only when explain.py has a bug
        return f"raised {type(error).__name__}"


def assert_same(rubric: rubricdsl.CompiledRubric, facts: Any) -> rubricdsl.EvaluationResult:
    while rubric._fast_ready is None:  # the fast path is generated after a few evaluations
        rubric.evaluate(facts)
    fast = rubric.evaluate(facts)
    reference = rubric.evaluate_closures(facts)
    assert visible(fast) == visible(reference)
    return fast


def takes_fast_path(rubric: rubricdsl.CompiledRubric, facts: Any) -> bool:
    return rubric._fast is not None and rubric._fast(facts) is not None


# ---- the seed rubric and its facts ---------------------------------------------------------------------------


def test_fast_path_is_generated_after_a_few_evaluations(seed_facts: dict[str, Any]) -> None:
    from rubricdsl.compiled import WARM_UP_EVALUATIONS

    rubric = rubricdsl.load(SEED_RUBRIC)
    for _ in range(WARM_UP_EVALUATIONS - 1):
        rubric.evaluate(seed_facts)
    assert "_fast" not in vars(rubric)  # one-off evaluations (`rubric eval`) never generate code
    rubric.evaluate(seed_facts)
    assert rubric._fast_ready is rubric._fast is not None


def test_seed_facts_take_the_fast_path_and_agree(seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]) -> None:
    assert takes_fast_path(seed, seed_facts)
    result = assert_same(seed, seed_facts)
    assert result.total == Decimal(100) and result.grade == "优"


def test_plain_json_facts_take_the_fast_path(seed: rubricdsl.CompiledRubric) -> None:
    facts = json.loads(SEED_FACTS.read_text(encoding="utf-8"))  # ints, bools, "96%": what a service receives
    assert takes_fast_path(seed, facts)
    assert_same(seed, facts)


SEED_VARIANTS: list[tuple[str, dict[str, Any]]] = [
    ("exactly 90%", {"budget_spent": 450000}),
    ("just below 90%", {"budget_spent": 449999}),
    ("just above 90%", {"budget_spent": 450001}),
    ("admin 5%", {"admin_expense": 25000}),
    ("admin 6.5%", {"admin_expense": 32500}),
    ("admin 13%", {"admin_expense": 65000}),
    ("admin 1/3", {"admin_expense": 166667}),
    ("no activities", {"activities": 0}),
    ("30 activities", {"activities": 30}),
    ("119 enterprises", {"enterprises_served": 119}),
    ("satisfaction 94.9%", {"satisfaction": "94.9%"}),
    ("satisfaction 0.95 float", {"satisfaction": 0.95}),
    ("satisfaction Decimal", {"satisfaction": Decimal("0.95")}),
    ("satisfaction numeric text", {"satisfaction": "0.95"}),
    ("satisfaction full-width percent", {"satisfaction": "95％"}),
    ("satisfaction with spaces", {"satisfaction": " 95 % "}),
    ("satisfaction above 100%", {"satisfaction": "101%"}),
    ("satisfaction whole number", {"satisfaction": 95}),
    ("amount as text", {"budget_planned": "500000"}),
    ("amount with comma", {"budget_planned": "500,000"}),
    ("amount in 万元", {"budget_planned": "50万元"}),
    ("amount as float", {"budget_planned": 500000.0}),
    ("amount too long", {"budget_planned": 10**45}),
    ("amount NaN", {"budget_planned": Decimal("NaN")}),
    ("nothing spent", {"budget_spent": 0}),
    ("negative amount", {"admin_expense": -1}),
    ("count as text", {"activities": "12"}),
    ("count as 3.0", {"activities": Decimal("3.0")}),
    ("count as float", {"activities": 12.0}),
    ("negative count", {"activities": -1}),
    ("bool as 是", {"goal_set": "是"}),
    ("bool as false text", {"goal_set": "false"}),
    ("bool as 1", {"goal_set": 1}),
    ("bool as null", {"goal_set": None}),
    ("unknown key", {"goal_sett": True}),
    ("metadata key", {"$project": "x"}),
    ("empty not_applicable", {"not_applicable": []}),
    ("not_applicable", {"not_applicable": ["satisfaction_rate"]}),
    ("bad not_applicable", {"not_applicable": "nope"}),
]


@pytest.mark.parametrize(("case", "change"), SEED_VARIANTS, ids=[case for case, _ in SEED_VARIANTS])
def test_seed_variants_agree(
    seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any], case: str, change: dict[str, Any]
) -> None:
    assert_same(seed, {**seed_facts, **change})


def test_missing_fact_falls_back_and_agrees(seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]) -> None:
    del seed_facts["activities"]
    assert not takes_fast_path(seed, seed_facts)
    assert not assert_same(seed, seed_facts).complete


def test_mapping_that_is_not_a_dict_agrees(seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]) -> None:
    from types import MappingProxyType

    assert_same(seed, MappingProxyType(seed_facts))


def test_explanation_is_taken_from_the_facts_as_they_were(
    seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]
) -> None:
    result = seed.evaluate(seed_facts)
    seed_facts["activities"] = 0  # a caller reusing its dict must not change an earlier result
    assert result.indicator("public_activities").score == Decimal(15)


def test_generated_source_holds_no_rubric_text_but_names() -> None:
    text = synth_rubric(12, seed=5).text.replace('"指标3"', "\"指标3 __import__('os')\"")
    rubric = rubricdsl.loads(text)
    source, _ = generate_source(rubric.program, rubric.schema, lambda *args: args)
    assert "__import__" not in source and "指标" not in source


# ---- generated rubrics and facts ----------------------------------------------------------------------------

rubric_shapes = st.fixed_dictionaries(
    {
        "indicators": st.integers(1, 30),
        "seed": st.integers(0, 10_000),
        "fanout": st.integers(2, 4),
        "leaf_size": st.integers(1, 6),
        "forms": st.lists(st.sampled_from(FORMS), min_size=1, max_size=len(FORMS), unique=True).map(tuple),
        "vetoes": st.booleans(),
        "rounding": st.booleans(),
    }
)

# What a caller might send instead of a clean value: the shapes the fast path reads inline and the ones it
# must leave to the full parser.
ODD_VALUES: st.SearchStrategy[Any] = st.sampled_from(
    [None, "", "abc", "是", "否", "true", "false", "1", "0", "-1", "12", "3.5", "95%", "0.5%", "150%", " 7 ",
     "1,000", "50万元", "12元", 0, 1, -1, 12, 0.5, 1.5, -0.25, 1e300, float("nan"), Decimal("2.50"),
     Decimal("3.0"), Decimal("-0"), Decimal("1E+2"), True, False, "优", "良 ", [], {}]
)  # fmt: skip


def _perturbed(facts: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    changed = dict(facts)
    for name in list(changed):
        action = data.draw(st.sampled_from(["keep"] * 6 + ["drop", "odd", "text", "float"]))
        value = changed[name]
        if action == "drop":
            del changed[name]
        elif action == "odd":
            changed[name] = data.draw(ODD_VALUES)
        elif action == "text" and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            changed[name] = str(value)
        elif action == "float" and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            changed[name] = float(value)
    if data.draw(st.booleans()):
        changed[data.draw(st.sampled_from(["not_applicable", "$note", "extra"]))] = data.draw(
            st.sampled_from([[], ["i0"], "i0", 1])
        )
    return changed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=rubric_shapes, fact_seed=st.integers(0, 2**32), data=st.data())
def test_generated_rubrics_agree(shape: dict[str, Any], fact_seed: int, data: st.DataObject) -> None:
    synth = synth_rubric(**shape)
    rubric = rubricdsl.loads(synth.text)
    rng = random.Random(fact_seed)
    clean = synth.facts(rng, leave_out_optional=0)
    assert_same(rubric, clean)
    assert_same(rubric, synth.facts(rng))
    assert_same(rubric, _perturbed(synth.facts(rng), data))
