"""Issue 10's section-level constructs in SQL: grade caps, penalties and bonuses, moved not-applicable points
and (issue 11) assertions are scored in every dialect and held equal to the Python evaluator in DuckDB,
PostgreSQL and Spark."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.evaluate.sql.generator import generate
from rubricdsl.ir.interpret import Interpreter
from rubricdsl.ir.lower import lower_program
from tests.evaluate.sql.helpers import (
    assert_agree,
    in_duckdb,
    in_postgres,
    in_spark,
    random_fact_sets,
    typed_facts,
)
from tests.property.strategies import fact_sets

BASE = """
rubric r "r" 10
fact a "一": percent
fact b "二": percent, optional, absent: not_applicable
fact n "违规次数": count
fact serious "严重问题": bool
section s "产出" 10 {
  POLICY
  indicator first "第一项" 5 { proportional a against 100% }
  indicator second "第二项" 5 { proportional b against 100% }
  SECTION_ITEM
}
TOP
"""


def test_the_default_policy_is_not_refused() -> None:
    text = BASE.replace("POLICY", "not_applicable -> rescale").replace("SECTION_ITEM", "").replace("TOP", "")
    assert generate(lower_program(rubricdsl.loads(text).checked)).sql


# Two caps on one grade and one on another, a cap over an optional fact (absent: the condition cannot be
# evaluated, E256), a cap over a count compared with a fact: every grade the total reaches meets them.
CAPS = """
cap 良 when serious, "存在严重问题，不得评优"
cap 良 when n >= 3, "违规三次以上"
cap 中 when b < 50%, "第二项不足一半"
cap 差 when n > a * 10, "违规过多"
"""


def _capped() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(BASE.replace("POLICY", "").replace("SECTION_ITEM", "").replace("TOP", CAPS))


def _cap_sets(rubric: rubricdsl.CompiledRubric) -> list[dict[str, Any]]:
    sets = random_fact_sets(lower_program(rubric.checked), 300, seed=10)
    # Every grade band reached, with and without each cap holding.
    for a in map(Decimal, ("0.95", "0.85", "0.65", "0.3")):
        for serious, n in ((False, 0), (True, 0), (False, 3), (False, 12)):
            sets.append({"a": a, "b": Decimal("0.9"), "n": n, "serious": serious})
            sets.append({"a": a, "b": Decimal("0.4"), "n": n, "serious": serious})
            sets.append({"a": a, "n": n, "serious": serious})
    return sets


def test_grade_caps_lower_the_grade_in_python_on_the_corpus() -> None:
    """The corpus reaches what the caps do: a grade lowered by each cap, and a cap that cannot be evaluated."""
    rubric = _capped()
    results = [rubric.evaluate(facts) for facts in _cap_sets(rubric)]
    assert {"优", "良", "中", "差"} <= {result.grade for result in results}
    assert any("E256" in {d.code for d in result.errors} for result in results)


@pytest.mark.parametrize("engine", ["duckdb", "postgres", "spark"])
def test_grade_caps_agree_in_every_engine(request: pytest.FixtureRequest, engine: str) -> None:
    rubric = _capped()
    run = {
        "duckdb": lambda: in_duckdb,
        "postgres": lambda: in_postgres(request.getfixturevalue("postgres")),
        "spark": lambda: in_spark(request.getfixturevalue("spark")),
    }[engine]()
    sets = _cap_sets(rubric)
    assert assert_agree(rubric, sets, run, dialect=engine) == len(sets)


# Penalties and bonuses in a section (held to its points, and uncapped) and at the top (on the rescaled total,
# held to the full score), one failing where its fact is missing, one over an optional fact, under a veto.
ADJUSTED = """
rubric r "r" 20
fact a "一": percent
fact b "二": percent, optional, absent: not_applicable
fact n "违规次数": count
fact honours "荣誉": count, optional, absent: not_applicable
fact serious "严重问题": bool
fact c "三": percent
fact fraud "虚报": bool
section s "产出" 10 {
  indicator first "第一项" 5 { proportional a against 100% }
  indicator second "第二项" 5 { proportional b against 100% }
  penalty late "违规减分" 4 { formula 2 * n }
  bonus extra "加分" 3 { formula honours }
  veto when serious, "严重问题"
}
section t "效益" 10 uncapped {
  indicator third "第三项" 10 { proportional c against 100% }
  bonus more "额外加分" 4 { formula honours * 2 }
}
penalty top_late "总扣分" 3 { formula n }
bonus top_extra "总加分" 2 { formula honours }
veto when fraud, "虚报"
"""


def _adjusted_sets(rubric: rubricdsl.CompiledRubric) -> list[dict[str, Any]]:
    sets = random_fact_sets(lower_program(rubric.checked), 300, seed=11)
    for a in map(Decimal, ("1", "0.9", "0.1", "0")):
        for n, honours in ((0, 0), (1, 1), (2, 5), (7, None), (None, 2)):
            for serious, fraud, b, c in (
                (False, False, Decimal("0.5"), Decimal(1)),
                (False, False, Decimal(1), Decimal(0)),
                (True, False, Decimal(1), Decimal("0.5")),
                (False, True, Decimal(1), Decimal("0.5")),
            ):
                facts = {"a": a, "b": b, "c": c, "n": n, "honours": honours, "serious": serious, "fraud": fraud}
                sets.append({name: value for name, value in facts.items() if value is not None})
    return sets


def test_penalties_and_bonuses_move_scores_in_python_on_the_corpus() -> None:
    """The corpus reaches what the adjustments do at the top: the total held to the full score and floored at 0,
    and a penalty that failed (its fact missing)."""
    rubric = rubricdsl.loads(ADJUSTED)
    results = [rubric.evaluate(facts) for facts in _adjusted_sets(rubric)]
    assert any(result.total == 20 for result in results) and any(result.total == 0 for result in results)
    assert any(result.scores().get("late") is None for result in results)
    assert {"E301"} <= {d.code for result in results for d in result.errors}


@pytest.mark.parametrize("engine", ["duckdb", "postgres", "spark"])
def test_penalties_and_bonuses_agree_in_every_engine(request: pytest.FixtureRequest, engine: str) -> None:
    rubric = rubricdsl.loads(ADJUSTED)
    run = {
        "duckdb": lambda: in_duckdb,
        "postgres": lambda: in_postgres(request.getfixturevalue("postgres")),
        "spark": lambda: in_spark(request.getfixturevalue("spark")),
    }[engine]()
    sets = _adjusted_sets(rubric)
    assert assert_agree(rubric, sets, run, dialect=engine) == len(sets)


# Moved not-applicable points: pro rata to siblings with a named move and an exception in one section, a
# named move inside a nested section whose parent spreads to its siblings (a section among them), and a first
# indicator that fails (its count missing) while others are not applicable.
MOVED = """
rubric r "r" 40
fact a "一": percent, optional, absent: not_applicable
fact b "二": percent, optional, absent: not_applicable
fact c "三": percent, optional, absent: not_applicable
fact d "四": percent, optional, absent: not_applicable
fact e "五": count
fact f "六": percent
section s "产出" 20 {
  not_applicable -> siblings
  not_applicable fourth -> first
  not_applicable third -> rescale
  indicator first "第一项" 5 { formula clamp(e, 0, 5) * a }
  indicator second "第二项" 5 { proportional b against 100% }
  indicator third "第三项" 4 { proportional c against 100% }
  indicator fourth "第四项" 6 { proportional d against 100% }
}
section t "效益" 20 {
  not_applicable -> siblings
  section inner "内部" 10 {
    not_applicable b2 -> a2
    indicator a2 "甲" 6 { proportional a against 100% }
    indicator b2 "乙" 4 { proportional b against 100% }
  }
  indicator third2 "丙" 7 { proportional f against 100% }
  indicator fourth2 "丁" 3 { proportional d against 100% }
}
"""


def _moved_sets(rubric: rubricdsl.CompiledRubric) -> list[dict[str, Any]]:
    """Every indicator applicable or not (each optional fact given or absent), the first one's count missing,
    0 or given; and generated facts."""
    sets = random_fact_sets(lower_program(rubric.checked), 200, seed=12)
    for present in itertools.product([None, Decimal("0.7")], repeat=4):
        for e in (None, 0, 3):
            facts: dict[str, Any] = {**dict(zip("abcd", present, strict=True)), "e": e, "f": Decimal("0.35")}
            sets.append({name: value for name, value in facts.items() if value is not None})
    return sets


def test_not_applicable_points_move_in_python_on_the_corpus() -> None:
    """The corpus reaches every move: named and pro rata in ``s``, named in ``inner``, pro rata in ``t``; and a
    failed first indicator beside moved points."""
    rubric = rubricdsl.loads(MOVED)
    interpreter = Interpreter(lower_program(rubric.checked))
    kinds: set[tuple[str, bool]] = set()
    failed_first_with_moves = False
    for facts in _moved_sets(rubric):
        values, not_applicable, problems = rubric.schema.convert(facts)
        invalid = frozenset(p.subject for p in problems if p.code != "F401" and p.subject)
        run = interpreter.run(values, not_applicable, invalid)
        for ident, outcome in run.sections.items():
            kinds.update((ident, move.named) for move in outcome.moves)
        failed_first_with_moves |= 0 in run.errors and bool(run.sections["s"].moves)
    assert {("s", True), ("s", False), ("inner", True), ("t", False)} <= kinds
    assert failed_first_with_moves


@pytest.mark.parametrize("engine", ["duckdb", "postgres", "spark"])
def test_moved_not_applicable_points_agree_in_every_engine(request: pytest.FixtureRequest, engine: str) -> None:
    rubric = rubricdsl.loads(MOVED)
    sets = _moved_sets(rubric)
    assert assert_agree(rubric, sets, _engine(request, engine), dialect=engine) == len(sets)


# Assertions: one within a tolerance over an optional fact (absent: not checked, F464), one marked `warn`
# (F463, the row stays complete), one whose side divides by a count that may be 0 (not checked).
ASSERTED = """
rubric r "r" 10
fact a "一": money
fact b "二": money
fact c "三": money, optional, absent: not_applicable
fact n "次数": count
indicator first "第一项" 10 { proportional a against 100万元 }
assert a == b + c within 0.01万元 "一等于二加三"
assert a >= b "一不少于二", warn
assert a / n >= 1万元 "平均不少于一万元"
"""


def _asserted_sets(rubric: rubricdsl.CompiledRubric) -> list[dict[str, Any]]:
    sets = random_fact_sets(lower_program(rubric.checked), 200, seed=13)
    for a, b, c in (
        ("30", "10", "20"),
        ("30", "10", "20.005"),
        ("30", "10", "20.02"),
        ("5", "10", "-5"),
        ("3", "1", None),
    ):
        for n in (None, 0, 2, 10):
            facts = {"a": Decimal(a), "b": Decimal(b), "c": None if c is None else Decimal(c), "n": n}
            sets.append({name: value for name, value in facts.items() if value is not None})
    return sets


def test_assertions_reach_every_outcome_in_python_on_the_corpus() -> None:
    """Each assertion holds, is violated and is not checked somewhere; a violated `warn` one alone leaves the
    result complete."""
    rubric = rubricdsl.loads(ASSERTED)
    results = [rubric.evaluate(facts) for facts in _asserted_sets(rubric)]
    outcomes = {(position, outcome.status) for r in results for position, outcome in enumerate(r.assertions)}
    assert {(p, s) for p in range(3) for s in ("holds", "violated", "not_checked")} <= outcomes
    assert any(r.complete and "F463" in {d.code for d in r.fact_problems} for r in results)
    assert any(not r.complete and {d.code for d in r.fact_problems} == {"F462"} for r in results)


@pytest.mark.parametrize("engine", ["duckdb", "postgres", "spark"])
def test_assertions_agree_in_every_engine(request: pytest.FixtureRequest, engine: str) -> None:
    rubric = rubricdsl.loads(ASSERTED)
    sets = _asserted_sets(rubric)
    assert assert_agree(rubric, sets, _engine(request, engine), dialect=engine) == len(sets)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(["moved", "asserted"]), data=st.data())
def test_hypothesis_facts_agree_in_duckdb(which: str, data: st.DataObject) -> None:
    """Facts drawn from the declared types (each optional fact given or absent) for both rubrics: a table has
    no column for an explicit not-applicable mark, so an indicator is not applicable by its absent fact."""
    rubric = rubricdsl.loads(MOVED if which == "moved" else ASSERTED)
    program = lower_program(rubric.checked)
    drawn = [data.draw(fact_sets(rubric)) for _ in range(5)]
    sets = [typed_facts(program, {k: v for k, v in facts.items() if k != "not_applicable"}) for facts in drawn]
    assert assert_agree(rubric, sets) == len(sets)


def _engine(request: pytest.FixtureRequest, engine: str) -> Any:
    return {
        "duckdb": lambda: in_duckdb,
        "postgres": lambda: in_postgres(request.getfixturevalue("postgres")),
        "spark": lambda: in_spark(request.getfixturevalue("spark")),
    }[engine]()
