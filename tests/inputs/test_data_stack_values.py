"""Values from data stacks at the facts boundary: numpy scalars, NaN/NA as missing, SQLite's 0/1 (issue 13 §2).

numpy and pandas are test-only (the dev extra); the engine duck-types their scalars and never imports them.
Every case is scored on both evaluators: the closures (first evaluations) and the generated fast path.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest

import rubricdsl
from rubricdsl.compiled import WARM_UP_EVALUATIONS

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

RUBRIC = """
rubric t "数据" 40
fact spent "支出": money
fact share "比例": percent
fact events "场次": count
fact ok "合规": bool
fact level "等级": enum(高, 低)
fact bonus "加分": number, optional, absent: not_applicable
fact extra "额外": count, default 2
indicator i_spent "支出" 10 { score spent: >= 400000元 -> 10; else 0 }
indicator i_share "比例" 10 { formula share * 10 }
indicator i_events "场次" 5 { formula min(5, events + extra) }
indicator i_ok "合规" 5 { when ok -> 5; else 0 }
indicator i_level "等级" 5 { levels level: 高 -> 100%; 低 -> 40% }
indicator i_bonus "加分" 5 { formula min(5, bonus) }
"""

PLAIN: dict[str, Any] = {"spent": 500000, "share": Decimal("0.96"), "events": 3, "ok": True, "level": "高"}


@pytest.fixture(scope="module")
def rubric() -> rubricdsl.CompiledRubric:
    try:
        return rubricdsl.loads(RUBRIC)
    except rubricdsl.RubricError as error:  # pragma: no cover - shows the diagnostic if the rubric is wrong
        raise AssertionError(str(error)) from None


def both(rubric: rubricdsl.CompiledRubric, facts: dict[str, Any]) -> rubricdsl.EvaluationResult:
    """Score on the closures and on the warmed fast path; they must agree on everything serialised."""
    closures = rubric.evaluate_closures(facts)
    for _ in range(WARM_UP_EVALUATIONS + 1):
        fast = rubric.evaluate(facts)
    assert fast.to_dict(numbers="string") == closures.to_dict(numbers="string")
    return closures


def test_numpy_scalars_score_like_python_values(rubric: rubricdsl.CompiledRubric) -> None:
    expected = both(rubric, PLAIN)
    given = {
        "spent": np.int64(500000),
        "share": np.float64(0.96),
        "events": np.int32(3),
        "ok": np.bool_(True),
        "level": np.str_("高"),
    }
    result = both(rubric, given)
    assert result.complete, result.fact_problems
    assert result.scores() == expected.scores() and result.total == expected.total


def test_a_float32_is_read_at_its_own_precision(rubric: rubricdsl.CompiledRubric) -> None:
    result = both(rubric, {**PLAIN, "share": np.float32(0.96)})
    assert result.scores()["i_share"] == Decimal("9.6")  # not 9.599999785423279


@pytest.mark.parametrize("missing", [float("nan"), np.float64("nan"), np.float32("nan"), None, pd.NA])
def test_nan_is_missing_for_a_fact_that_may_be_left_out(rubric: rubricdsl.CompiledRubric, missing: Any) -> None:
    result = both(rubric, {**PLAIN, "bonus": missing, "extra": missing})
    assert result.complete, result.fact_problems
    assert result.indicator("i_bonus").status == "not_applicable"
    assert result.scores()["i_events"] == 5  # 3 + the default extra = 2


@pytest.mark.parametrize("nan", [float("nan"), np.float64("nan"), np.float32("nan")])
def test_nan_for_a_required_fact_is_not_a_number(rubric: rubricdsl.CompiledRubric, nan: Any) -> None:
    result = both(rubric, {**PLAIN, "share": nan})
    assert [(p.code, p.subject) for p in result.fact_problems] == [("F410", "share")]
    assert result.scores()["i_share"] is None and not result.complete


def test_pandas_na_for_a_required_fact_is_missing(rubric: rubricdsl.CompiledRubric) -> None:
    result = both(rubric, {**PLAIN, "events": pd.NA})
    assert [(p.code, p.subject) for p in result.fact_problems] == [("F401", "events")]


@pytest.mark.parametrize(
    ("given", "meant"),
    # 1.0 too: JSON Schema's integer 1 is also 1.0, and the facts schema says 0 and 1 (tests/inputs/test_schema.py)
    [(1, True), (0, False), (np.int64(1), True), (np.int8(0), False), (Decimal("1.0"), True), (0.0, False)],
)
def test_sqlite_zero_and_one_are_booleans(rubric: rubricdsl.CompiledRubric, given: Any, meant: bool) -> None:
    result = both(rubric, {**PLAIN, "ok": given})
    assert result.complete and result.scores()["i_ok"] == (5 if meant else 0)


@pytest.mark.parametrize("given", [2, -1, Decimal("0.5"), 1.5, float("nan"), Decimal("sNaN"), "1"])
def test_other_numbers_are_not_booleans(rubric: rubricdsl.CompiledRubric, given: Any) -> None:
    result = both(rubric, {**PLAIN, "ok": given})
    assert [(p.code, p.subject) for p in result.fact_problems] == [("F403", "ok")]


@pytest.mark.parametrize("key", ["id", "$id"])
def test_a_project_id_is_not_a_fact(rubric: rubricdsl.CompiledRubric, key: str) -> None:
    result = both(rubric, {**PLAIN, key: "P-001"})
    assert result.complete, result.fact_problems
    assert rubric.validate_facts({**PLAIN, key: 7}) == []


def test_a_declared_fact_named_id_is_a_fact() -> None:
    rubric = rubricdsl.loads('rubric t "T" 10\nfact id "编号": count\nindicator i "乙" 10 { formula min(10, id) }\n')
    assert rubric.evaluate({"id": 4}).total == 4
    assert [p.code for p in rubric.validate_facts({})] == ["F401"]


def test_the_engine_never_imports_numpy(rubric: rubricdsl.CompiledRubric) -> None:
    code = (
        "import sys, rubricdsl; r = rubricdsl.loads(sys.stdin.read());"
        "[r.evaluate({'spent': 1, 'share': 0.5, 'events': 1, 'ok': 1, 'level': '高', 'bonus': float('nan')})"
        " for _ in range(5)]; print('numpy' in sys.modules, 'pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], input=RUBRIC, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False False"
