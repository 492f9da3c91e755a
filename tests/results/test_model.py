"""IndicatorResult and SectionResult: immutable value objects, whichever back end scored the facts."""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal
from typing import Any

import pytest

import rubricdsl

FIELDS = (
    "id", "label", "path", "path_labels", "points", "score", "raw_score", "status", "standard", "rule", "branch",
    "line", "reason", "reads", "error", "lost",
)  # fmt: skip
SECTION_FIELDS = ("id", "label", "path", "path_labels", "points", "applicable_points", "score", "vetoed", "children")


def _both(rubric: rubricdsl.CompiledRubric, facts: dict[str, Any]) -> list[rubricdsl.EvaluationResult]:
    while rubric._fast_ready is None:
        rubric.evaluate(facts)
    return [rubric.evaluate(facts), rubric.evaluate_closures(facts)]


def test_results_cannot_be_changed(seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]) -> None:
    for result in _both(seed, seed_facts):
        item, section = result.indicators[0], result.sections[0]
        for name in FIELDS:
            with pytest.raises(AttributeError):
                setattr(item, name, None)
        for name in SECTION_FIELDS:
            with pytest.raises(AttributeError):
                setattr(section, name, None)
        with pytest.raises(AttributeError):
            item.extra = 1  # type: ignore[attr-defined]


def test_equal_by_value_and_hashable(seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]) -> None:
    fast, closures = _both(seed, seed_facts)
    assert fast.indicators == closures.indicators and fast.sections == closures.sections
    assert {hash(item) for item in fast.indicators} == {hash(item) for item in closures.indicators}
    assert {hash(section) for section in fast.sections} == {hash(section) for section in closures.sections}
    other = seed.evaluate({**seed_facts, "activities": 0})
    assert other.indicator("public_activities") != fast.indicator("public_activities")
    assert fast.indicators[0] != "goal_content"


def test_repr_shows_every_field(seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]) -> None:
    item = seed.evaluate(seed_facts).indicator("budget_completion")
    text = repr(item)
    assert text.startswith("IndicatorResult(id='budget_completion', label='预算完成率'")
    for name in FIELDS[:-1]:
        assert f"{name}=" in text
    assert repr(seed.evaluate(seed_facts).section("funds")).startswith("SectionResult(id='funds'")


def test_reason_and_reads_are_formatted_once(seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]) -> None:
    for result in _both(seed, seed_facts):
        item = result.indicator("admin_expense_rate")
        assert item.reason is item.reason
        assert item.reads is item.reads
        assert [read.name for read in item.reads] == ["工作经费开支率", "budget_spent", "admin_expense"]


def test_attributes_read_as_before(seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]) -> None:
    facts = {**seed_facts, "admin_expense": 32500}  # 6.5%: 1.5 steps of 1% above 5%
    for result in _both(seed, facts):
        item = result.indicator("admin_expense_rate")
        assert (item.score, item.raw_score, item.lost, item.points) == (
            Decimal("1.625"),
            Decimal("1.625"),
            Decimal("0.375"),
            Decimal(2),
        )
        assert (item.status, item.rule, item.error, item.path) == (
            "scored",
            "deduct",
            None,
            ("management", "funds", "admin_expense_rate"),
        )
        assert item.branch == "deduct 工作经费开支率: base 2, -0.25 per 1% above 5%, pro rata"
        assert item.reason.en == (
            "工作经费开支率 = 6.5%: 1.5% above 5%, 1.5 steps of 1%, pro rata → 2 − 0.25 × 1.5 = 1.625"
        )
        assert item.reason.zh == (
            "工作经费开支率 = 6.5%：比 5% 高 1.5%，合 1.5 档（每档 1%，按比例）→ 2 − 0.25 × 1.5 = 1.625 分"
        )
        section = result.section("funds")
        assert (section.points, section.applicable_points, section.lost, section.vetoed) == (
            Decimal(20),
            Decimal(20),
            Decimal("0.375"),
            None,
        )


def test_pickled_and_copied_results_keep_every_field(
    seed: rubricdsl.CompiledRubric, seed_facts: dict[str, Any]
) -> None:
    facts = {**seed_facts, "admin_expense": 32500, "goal_set": False}
    for result in _both(seed, facts):
        for items in (result.indicators, result.sections):
            for restored in (pickle.loads(pickle.dumps(items)), copy.deepcopy(items), [copy.copy(x) for x in items]):
                assert list(restored) == list(items)
                assert [repr(x) for x in restored] == [repr(x) for x in items]
                assert pickle.loads(pickle.dumps(restored)) == restored
    failed = seed.evaluate({**seed_facts, "activities": "many"}).indicator("public_activities")
    assert failed.error is not None and pickle.loads(pickle.dumps(failed)) == failed
