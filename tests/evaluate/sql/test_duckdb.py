"""The DuckDB query equals the Python evaluator on every cell: scores, total, grade, complete, the arms that
fired and the problem codes — over the shipped rubrics, the synthetic generator's rubrics, a corpus that
reaches every failure, and hypothesis-generated rubrics and facts — or the rubric is refused by name."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.diagnostics.errors import RubricError
from rubricdsl.evaluate.sql.build import compile_sql
from rubricdsl.ir.lower import lower_program
from rubricdsl.testing.synth import synth_rubric
from tests.conftest import RUBRICS
from tests.evaluate.sql.helpers import arrow_table, assert_agree, random_fact_sets, typed_facts
from tests.evaluate.test_differential import SEED_VARIANTS, rubric_shapes
from tests.ir.test_differential import FAILURES, SYNTH_SHAPES
from tests.property.strategies import fact_sets

SHIPPED = sorted(RUBRICS.glob("*.rubric"))


@pytest.mark.parametrize("path", SHIPPED, ids=[path.stem for path in SHIPPED])
def test_shipped_rubrics_agree_on_many_generated_fact_sets(path: Path) -> None:
    rubric = rubricdsl.load(path)
    program = lower_program(rubric.checked)
    assert assert_agree(rubric, random_fact_sets(program, 1500, seed=len(path.stem))) == 1500


def seed_threshold_sets(rubric: rubricdsl.CompiledRubric) -> list[dict[str, Any]]:
    """The seed variants, and ratios at, a hair under and a hair over each band's threshold, where a DOUBLE
    (or a cut quotient) would flip the band."""
    program = lower_program(rubric.checked)
    base: dict[str, Any] = {
        "budget_planned": 500000,
        "budget_spent": 500000,
        "admin_expense": 20000,
        "project_spent": 500000,
        "activities": 23,
        "enterprises_served": 120,
        "satisfaction": Decimal("0.96"),
    }
    sets = [typed_facts(program, {**base, **change}) for _, change in SEED_VARIANTS]
    for threshold in ("0.9", "0.8", "0.7", "0.6"):
        for planned in (2000000, 3, 7, 999999):
            exact = Decimal(threshold) * planned
            for spent in (exact - 1, exact, exact + 1, exact - Decimal("0.0001")):
                sets.append({**base, "budget_planned": planned, "budget_spent": spent})
    for admin in ("25000", "25000.0001", "24999.9999", "32500", "166667", "1000000", "0"):  # 5%, 6.5%, 1/3…
        sets.append({**base, "admin_expense": Decimal(admin)})
    sets.append({**base, "budget_planned": 2000000, "budget_spent": 1399999})  # 0.6999995: not ≥ 70%
    return sets


def test_the_seed_variants_agree_at_every_threshold() -> None:
    rubric = rubricdsl.load(RUBRICS / "xiangtan-sme-2021.rubric")
    assert_agree(rubric, seed_threshold_sets(rubric))


@pytest.mark.parametrize("shape", SYNTH_SHAPES, ids=[str(shape) for shape in SYNTH_SHAPES])
def test_synthetic_rubrics_agree(shape: dict[str, Any]) -> None:
    synth = synth_rubric(**shape)
    rubric = rubricdsl.loads(synth.text)
    program = lower_program(rubric.checked)
    rng = random.Random(shape["seed"])
    sets = [typed_facts(program, synth.facts(rng, leave_out_optional=rng.random())) for _ in range(60)]
    sets += random_fact_sets(program, 200, seed=shape["seed"])
    try:
        assert_agree(rubric, sets)
    except rubricdsl.RubricError as refused:
        # Refused only for adding up scores with data-dependent denominators, and only without rounding.
        (diagnostic,) = refused.diagnostics
        assert diagnostic.code == "S602" and diagnostic.subject == "total", diagnostic.message.en
        assert "事实之商" in diagnostic.message.zh and "quotients" not in diagnostic.message.zh
        assert not shape.get("rounding")
        rounded = synth_rubric(**{**shape, "rounding": True})
        rubric = rubricdsl.loads(rounded.text)
        program = lower_program(rubric.checked)
        assert_agree(rubric, random_fact_sets(program, 200, seed=shape["seed"]))


WITHOUT_HUGE = FAILURES.replace("let huge = big * big * big * big\n", "let huge = big * 3\n")


def test_the_failure_corpus_agrees() -> None:
    """E301–E309 and vetoes: missing facts, a zero divisor, a judged score out of range, an unknown level, a
    score beyond its points, a veto that cannot be evaluated, an optional fact absent (not applicable)."""
    rubric = rubricdsl.loads(WITHOUT_HUGE)
    program = lower_program(rubric.checked)
    sets = random_fact_sets(program, 1500, seed=7)
    sets += [
        {"spent": 0, "planned": 0, "judged_score": 9, "level": "差", "flag": True, "big": 1},
        {"spent": 5000, "planned": 1000, "judged_score": -1, "level": "优", "flag": True, "big": 4000},
        {"planned": 1000, "judged_score": 5, "level": "良", "optional_share": Decimal("0.9"), "flag": False},
    ]
    codes = assert_agree(rubric, sets)
    assert codes == len(sets)


def test_a_rubric_needing_more_digits_than_sql_holds_is_refused_by_name() -> None:
    from rubricdsl.evaluate.sql.build import compile_sql

    with pytest.raises(rubricdsl.RubricError) as caught:
        compile_sql(rubricdsl.loads(FAILURES))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "S602"
    assert "`huge`" in diagnostic.message.en
    # the detail is in each language: Chinese words in the zh message, no English sentence carried into it
    assert "`huge`" in diagnostic.message.zh and "位" in diagnostic.message.zh
    assert not re.search(r"[a-z]{4,} [a-z]{3,}", diagnostic.message.zh.replace("`huge`", "")), diagnostic.message.zh
    assert "rounding indicators" in (diagnostic.hint.en if diagnostic.hint else "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=rubric_shapes, fact_seed=st.integers(0, 2**32), data=st.data())
def test_generated_rubrics_agree_or_are_refused(shape: dict[str, Any], fact_seed: int, data: st.DataObject) -> None:
    synth = synth_rubric(**shape)
    rubric = rubricdsl.loads(synth.text)
    program = lower_program(rubric.checked)
    rng = random.Random(fact_seed)
    drawn = [data.draw(fact_sets(rubric)) for _ in range(3)]
    sets = [typed_facts(program, {k: v for k, v in facts.items() if k != "not_applicable"}) for facts in drawn]
    sets += [typed_facts(program, synth.facts(rng)) for _ in range(5)]
    sets += random_fact_sets(program, 20, seed=fact_seed)
    try:
        assert_agree(rubric, sets)
    except rubricdsl.RubricError as refused:
        (diagnostic,) = refused.diagnostics
        assert diagnostic.code in ("S601", "S602") and diagnostic.subject


def test_an_arm_of_two_outcomes_is_a_boolean_and_of_more_an_index() -> None:
    """A checklist item and a `when` are BOOLEAN columns, TRUE when taken; a band is its INTEGER index — in
    the column's SQL type, which a reader of the scores file sees, not only in the values."""
    rubric = rubricdsl.load(RUBRICS / "xiangtan-sme-2021.rubric")
    query = compile_sql(rubric)
    facts = random_fact_sets(lower_program(rubric.checked), 50, seed=3)
    connection = duckdb.connect()
    connection.register("facts", arrow_table(query.facts, facts))
    types = dict(connection.execute(f"SELECT column_name, column_type FROM (DESCRIBE {query.sql})").fetchall())
    items = [name for name in query.trace_columns if ".item" in name]
    assert len(items) == 17 and set(items) <= query.boolean_traces
    assert {types[name] for name in items} == {"BOOLEAN"}
    assert types["application.arm"] == "BOOLEAN" and "application.arm" in query.boolean_traces
    assert types["budget_completion.arm"] == "INTEGER" and "budget_completion.arm" not in query.boolean_traces
    rows = connection.execute(f'SELECT "id", "goal_content.item0", "goal_content" FROM ({query.sql})').fetchall()
    seen = {(facts[int(key)]["goal_set"], met) for key, met, score in rows if score is not None}
    assert seen == {(True, True), (False, False)}  # item0 is goal_set: met exactly when it holds


RESERVED = """\
rubric reserved "保留名" 10
fact __f1 "计划投入资金": money 万元, > 0
fact __f0 "实际使用资金": money 万元, >= 0
indicator budget "预算完成率" 10 { score __f0 / __f1: >= 90% -> 10; else 0 }
"""


def test_a_name_the_query_uses_for_its_own_columns_is_refused_not_misread() -> None:
    """`__f0` is the query's own first fact column: a fact of that name was read in its place (95 of 100 and
    50 of 100 both scored 10) — now the rubric is refused by name, and so is such a --key; one underscore is
    a name like any other and agrees with the Python engine."""
    with pytest.raises(RubricError) as caught:
        compile_sql(rubricdsl.loads(RESERVED))
    (refused,) = caught.value.diagnostics
    assert (refused.code, refused.subject) == ("S619", "__f1")
    assert refused.span is not None and RESERVED[refused.span.start :].startswith("fact __f1 ")
    with pytest.raises(RubricError) as caught:
        compile_sql(rubricdsl.load(RUBRICS / "xiangtan-sme-2021.rubric"), key="__id")
    assert [d.code for d in caught.value.diagnostics] == ["S619"]
    single = rubricdsl.loads(RESERVED.replace("__f", "_f"))
    facts = [{"_f1": Decimal(100), "_f0": Decimal(spent)} for spent in (95, 50, 89)]
    assert assert_agree(single, facts) == 3
