"""Any failure to build (or run into the interpreter's limits in) the fast path leaves the rubric on the
closure evaluator, with the same results.

Before, a rule of ~3,000 bands passed check/lint/eval and then crashed on the third evaluation, when the
generated if/elif chain was compiled: Python's compiler raised RecursionError.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import rubricdsl
from rubricdsl.compiled import WARM_UP_EVALUATIONS, _never_fast
from rubricdsl.evaluate import codegen
from rubricdsl.syntax.parse import MAX_NESTING

HEAD = 'rubric r "R" {points}\nfact a "A": count\nfact c "C": bool\n'


def _one(rule: str, points: int = 10) -> str:
    return HEAD.format(points=points) + f'indicator i "I" {points} {{ {rule} }}\n'


# Each construct at a size past what Python's compiler takes in one generated function (or at the limit).
CONSTRUCTS = {
    "compare bands": _one("score a: " + "; ".join(f"= {i} -> {i % 10}" for i in range(3000)) + "; else 0"),
    "interval bands": _one("score a: " + "; ".join(f"[{i}, {i + 1}) -> {i % 10}" for i in range(3000)) + "; else 0"),
    "when branches": _one("when " + "; ".join(f"a = {i} -> {i % 10}" for i in range(3000)) + "; else 0"),
    "checklist items": _one("checklist: " + "; ".join("c -> 0" for _ in range(3000)) + "; c -> 10"),
    "let chain": HEAD.format(points=10)
    + "let l0 = a\n"
    + "".join(f"let l{i} = l{i - 1} + 1\n" for i in range(1, 3000))
    + 'indicator i "I" 10 { score l2999: >= 3000 -> 10; else 0 }\n',
    "nested parentheses": _one(
        "score " + "(" * (MAX_NESTING - 2) + "a" + ")" * (MAX_NESTING - 2) + ": >= 0 -> 10; else 0"
    ),
    "nested sections": HEAD.format(points=1)
    + "".join(f'section s{level} "S" 1 {{\n' for level in range(MAX_NESTING - 1))
    + 'indicator i "I" 1 { when c -> 1; else 0 }\n'
    + "}\n" * (MAX_NESTING - 1),
    "indicators": HEAD.format(points=5000)
    + "".join(f'indicator i{index} "I" 1 {{ when c -> 1; else 0 }}\n' for index in range(5000)),
}
FACTS: dict[str, Any] = {"a": Decimal(5), "c": True}


def _scores(result: Any) -> tuple[Any, ...]:
    return (result.total, result.grade, result.complete, dict(result.scores()))


@pytest.mark.parametrize("name", list(CONSTRUCTS))
def test_every_construct_at_its_size_limit_scores_on_every_evaluation(name: str) -> None:
    rubric = rubricdsl.loads(CONSTRUCTS[name])
    expected = _scores(rubric.evaluate_closures(FACTS))
    assert expected[2], name
    for _ in range(WARM_UP_EVALUATIONS + 3):
        assert _scores(rubric.evaluate(FACTS)) == expected
    assert rubric._fast_ready is not None  # the fast path was tried: built, or given up for the closures


@pytest.mark.parametrize(
    "failure",
    [
        RecursionError("compiler"),
        MemoryError(),
        SyntaxError("too many nested parentheses"),
        ValueError("x"),
        OverflowError(),
    ],
    ids=lambda failure: type(failure).__name__,
)
def test_any_failure_to_build_the_fast_path_falls_back(failure: Exception, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any) -> Any:
        raise failure

    monkeypatch.setattr(codegen, "compile_fast_path", fail)
    rubric = rubricdsl.loads(_one("score a: >= 3 -> 10; else 0"))
    expected = _scores(rubric.evaluate_closures(FACTS))
    for _ in range(WARM_UP_EVALUATIONS + 2):
        assert _scores(rubric.evaluate(FACTS)) == expected
    assert rubric._fast_ready is _never_fast


@pytest.mark.parametrize("failure", [RecursionError, MemoryError])
def test_the_interpreters_limits_while_running_the_fast_path_fall_back(failure: type[Exception]) -> None:
    rubric = rubricdsl.loads(_one("score a: >= 3 -> 10; else 0"))
    expected = _scores(rubric.evaluate_closures(FACTS))
    for _ in range(WARM_UP_EVALUATIONS):
        rubric.evaluate(FACTS)
    assert rubric._fast_ready not in (None, _never_fast)

    def exhausted(facts: Any) -> Any:
        raise failure

    rubric._fast_ready = exhausted
    assert _scores(rubric.evaluate(FACTS)) == expected
    assert rubric._fast_ready is _never_fast


@pytest.mark.parametrize("name", ["compare bands", "interval bands", "when branches", "indicators"])
def test_long_chains_and_sums_still_get_a_fast_path_that_agrees(name: str) -> None:
    # Chains are cut into short if/elif chains and sums into short statements, so the compiler copes.
    rubric = rubricdsl.loads(CONSTRUCTS[name])
    fast = rubric._fast
    assert fast is not None
    for value in (0, 5, 2999, 4000):
        facts = {"a": Decimal(value), "c": value % 2 == 0}
        result = fast(facts)
        assert result is not None
        assert _scores(result) == _scores(rubric.evaluate_closures(facts))
        assert result.indicators == rubric.evaluate_closures(facts).indicators
