"""``evaluate_closures`` scores on the IR: the closure ``Program`` is only the reference the tests hold it to."""

from __future__ import annotations

from typing import Any

import pytest

import rubricdsl
from rubricdsl.evaluate.program import Program
from tests.ir.test_differential import CLEAN, FAILURES


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("Program.run scored a fact set")


@pytest.mark.parametrize("change", [{}, {"planned": 0}, {"flag": True, "spent": 3000}, {"level": "差"}])
def test_evaluate_closures_does_not_run_the_program(monkeypatch: pytest.MonkeyPatch, change: dict[str, Any]) -> None:
    rubric = rubricdsl.loads(FAILURES)
    facts = {**CLEAN, **change}
    expected = [(item.id, item.score, item.reason, item.branch) for item in rubric.evaluate_closures(facts).indicators]
    monkeypatch.setattr(Program, "run", _refuse)
    result = rubric.evaluate_closures(facts)
    assert [(item.id, item.score, item.reason, item.branch) for item in result.indicators] == expected
    assert result.steps == rubricdsl.loads(FAILURES).evaluate_closures(facts).steps


def test_the_record_keeps_each_indicators_trace() -> None:
    rubric = rubricdsl.loads(FAILURES)
    values, not_applicable, _ = rubric.schema.convert(CLEAN)
    run = rubric._ir.run(values, not_applicable, frozenset())
    assert run.traces == rubric._ir.interpreter.run(values, not_applicable, frozenset()).traces
    assert run.details == []  # the traces say what closure details said
