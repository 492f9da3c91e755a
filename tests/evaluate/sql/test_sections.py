"""Issue 10's section-level constructs in SQL: grade caps, penalties and bonuses are scored in every dialect
and held equal to the Python evaluator in DuckDB, PostgreSQL and Spark; moved not-applicable points (S610) are
refused by name, never summed as ordinary scores (the IR interpreter scores them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import rubricdsl
from rubricdsl.evaluate.sql.generator import Refusal, generate
from rubricdsl.ir.lower import lower_program
from tests.evaluate.sql.helpers import assert_agree, in_duckdb, in_postgres, in_spark, random_fact_sets

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


def _refused(policy: str = "", section_item: str = "", top: str = "") -> Refusal:
    text = BASE.replace("POLICY", policy).replace("SECTION_ITEM", section_item).replace("TOP", top)
    program = lower_program(rubricdsl.loads(text).checked)
    with pytest.raises(Refusal) as refused:
        generate(program)
    return refused.value


@pytest.mark.parametrize(
    ("parts", "code", "subject"),
    [
        ({"policy": "not_applicable -> siblings"}, "S610", "s"),
        ({"policy": "not_applicable second -> first"}, "S610", "s"),
    ],
)
def test_each_construct_is_refused_by_name(parts: dict[str, str], code: str, subject: str) -> None:
    diagnostic = _refused(**parts).diagnostic
    assert diagnostic.code == code
    assert diagnostic.subject == subject
    assert subject in diagnostic.message.en and subject in diagnostic.message.zh


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
