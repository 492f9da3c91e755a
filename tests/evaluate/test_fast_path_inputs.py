"""What data stacks and CSV files send takes the fast path and scores as the IR interpreter does: a project's
`id` key, text cells ("true", "12", "1,500"), the values a CSV row holds."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from tests.conftest import SEED_FACTS, SEED_RUBRIC
from tests.evaluate.test_differential import assert_same, takes_fast_path, visible

RUBRIC = """rubric demo "示例" 20
fact planned "预算数": money 万元, > 0
fact spent "执行数": money 元, >= 0
fact share "满意度": percent, in [0%, 100%]
fact surplus "超额率": percent
fact served "服务企业数": count, <= 500
fact rating "评分": number, >= -5, < 3.5
fact done "已完成": bool
indicator a "甲" 5 { score share: >= 90% -> 5; >= 60% -> 3; else 0 }
indicator b "乙" 5 { score served: >= 12 -> 5; else 1 }
indicator c "丙" 5 { when done -> 5; else 0 }
indicator d "丁" 5 { formula min(5, max(0, rating + surplus)) }
"""
PLAIN = {"planned": 50, "spent": 400000, "share": "95%", "surplus": "0.5", "served": 30, "rating": 1, "done": True}


@pytest.fixture(scope="module")
def demo() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(RUBRIC)


@pytest.mark.parametrize("key", ["id", "$id"])
def test_a_project_id_takes_the_fast_path(demo: rubricdsl.CompiledRubric, key: str) -> None:
    facts = {**PLAIN, key: "P-001"}
    assert_same(demo, facts)
    assert takes_fast_path(demo, facts)


def test_an_unknown_key_still_falls_back(demo: rubricdsl.CompiledRubric) -> None:
    facts = {**PLAIN, "idd": "P-001"}
    assert_same(demo, facts)
    assert not takes_fast_path(demo, facts)


def test_a_declared_fact_named_id_is_read_as_a_fact_on_the_fast_path() -> None:
    rubric = rubricdsl.loads('rubric t "T" 10\nfact id "编号": count\nindicator i "乙" 10 { formula min(10, id) }\n')
    assert assert_same(rubric, {"id": 4}).total == 4
    assert takes_fast_path(rubric, {"id": "4"})


def test_csv_text_cells_take_the_fast_path(demo: rubricdsl.CompiledRubric) -> None:
    cells = {**{name: str(value) for name, value in PLAIN.items()}, "done": "true", "id": "P-1"}
    assert takes_fast_path(demo, cells)
    assert assert_same(demo, cells).complete


def test_a_seed_csv_row_takes_the_fast_path() -> None:
    seed = rubricdsl.load(SEED_RUBRIC)
    facts = json.loads(SEED_FACTS.read_text(encoding="utf-8"))
    row = {key: _cell(value) for key, value in facts.items() if not key.startswith("$")}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["id", *row])
    writer.writeheader()
    writer.writerow({"id": "P-1", **row})
    read = next(csv.DictReader(io.StringIO(buffer.getvalue())))  # every cell text, as `rubric eval` reads it
    assert_same(seed, read)
    assert takes_fast_path(seed, read)


def _cell(value: Any) -> str:
    return "true" if value is True else "false" if value is False else str(value)


_TEXT = st.builds(
    lambda pad, sign, body, suffix: f"{pad}{sign}{body}{suffix}",
    st.sampled_from(["", " "]),
    st.sampled_from(["", "-", "+"]),
    st.sampled_from(["0", "1", "3", "12", "500", "501", "0.5", "3.50", "1.0", ".5", "5.", "1,500", "１２", "1e3", ""]),
    st.sampled_from(["", "%", "％", "元", "万元", "万"]),
)
_BOOL_TEXT = st.sampled_from(["true", "false", "True", "是", "否", "有", "yes", "1", "0", " true"])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    changed=st.dictionaries(
        st.sampled_from(sorted(PLAIN)), st.one_of(_TEXT, _BOOL_TEXT, st.integers(-3, 600), st.booleans()), max_size=4
    )
)
def test_text_cells_score_the_same_on_both_paths(changed: dict[str, Any]) -> None:
    rubric = _SHARED
    facts = {**PLAIN, **changed}
    while rubric._fast_ready is None:
        rubric.evaluate(facts)
    fast = rubric._fast(facts) if rubric._fast is not None else None
    reference = rubric.evaluate_closures(facts)
    if fast is not None:
        assert visible(fast) == visible(reference)
    else:
        assert visible(rubric.evaluate(facts)) == visible(reference)


_SHARED = rubricdsl.loads(RUBRIC)
