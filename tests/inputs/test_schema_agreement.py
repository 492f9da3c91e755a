"""The JSON Schema of facts files and the engine agree: every facts file the engine accepts is valid by the
schema, and every one valid by the schema is accepted — except where JSON Schema cannot say what the engine
checks, which the schema states in words: a declared bound or the share limit on a value written as text, and the
40-digit / 60-character limits (F411)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import rubricdsl
from rubricdsl.inputs.files import parse_facts_text
from rubricdsl.render.json import dumps

RUBRIC = """rubric demo "示例" 10
fact planned "预算数": money 万元, > 0
fact spent "执行数": money 元, >= 10万元, optional
fact share "满意度": percent, in [0%, 100%]
fact surplus "超额率": percent, optional
fact served "服务企业数": count, <= 500
fact events "活动次数": count, optional
fact rating "评分": number, >= -5, < 3.5
fact level "等级": enum(优, 良, 中, 差), default 良
fact done "已完成": bool
fact open "公开": bool, optional
indicator a "甲" 10 { formula 0 }
"""
COMPILED = rubricdsl.loads(RUBRIC)
VALIDATOR = Draft202012Validator(COMPILED.facts_json_schema())

_DIGITS = st.sampled_from(["0", "1", "3", "12", "500", "501", "0.5", "3.50", "1.0", "-2", "-0", "+7", ".5", "5."])
_TEXT_NUMBERS = st.builds(
    lambda pad, sign, body, suffix: f"{pad}{sign}{body}{suffix}{pad}",
    st.sampled_from(["", " "]),
    st.sampled_from(["", "-", "+"]),
    st.one_of(_DIGITS, st.sampled_from(["1,500", "12,345.6", "1,5", "１２", "1e3", "abc", "", "1.2.3"])),
    st.sampled_from(["", "%", "％", " %", "元", "万元", "万", " 万元", "万 元"]),
)
_BOOL_WORDS = st.sampled_from(["true", "True", "FALSE", "falſe", "是", "否", "有", "无", "√", "×", " 是 ", "yes", "1"])
VALUES = st.one_of(
    st.booleans(),
    st.integers(-10, 1000),
    st.sampled_from([0, 1, 10**45, -(10**45)]),
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False),
    st.sampled_from([Decimal("1.0"), Decimal("0.0"), Decimal("1E+1"), Decimal("1E-50")]),
    st.floats(-1000, 1000, allow_nan=False),
    st.sampled_from([0.0, 1.0, 0.5]),
    _TEXT_NUMBERS,
    _BOOL_WORDS,
    st.sampled_from(["优", "差", "良 ", "特优", None, [1], {"a": 1}]),
)
_EXTRA_KEYS = st.sampled_from(["id", "$id", "$notes", "not_applicable", "unknown"])


def _as_a_file(facts: Any) -> tuple[Any, Any]:
    """The facts as a JSON facts file: read by the engine (exact decimals) and by a JSON Schema validator."""
    text = dumps(facts)
    return parse_facts_text(text, ".json"), json.loads(text)


def _unstatable(problem: Any, facts: dict[str, Any]) -> bool:
    """A problem JSON Schema cannot state: a bound (F404) or the share limit (F405) on text, a digit limit."""
    value = facts.get(problem.subject)
    return problem.code == "F411" or (problem.code in ("F404", "F405") and isinstance(value, str))


VALID = {"planned": 50, "share": Decimal("0.9"), "served": 3, "rating": 1, "done": True}
NAMES = sorted(COMPILED.schema.specs)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(
    changed=st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=3),
    dropped=st.sets(st.sampled_from(NAMES), max_size=2),
    extra=st.dictionaries(_EXTRA_KEYS, st.one_of(st.just("P-1"), st.just(7), st.just(["a"]), st.just([]))),
)
def test_the_schema_accepts_what_the_engine_accepts_and_no_more(
    changed: dict[str, Any], dropped: set[str], extra: dict[str, Any]
) -> None:
    # A valid fact set with a few facts changed or left out, so both answers occur often.
    facts = {name: value for name, value in {**VALID, **changed}.items() if name not in dropped}
    facts, document = _as_a_file({**facts, **extra})
    problems = COMPILED.validate_facts(facts)
    valid = VALIDATOR.is_valid(document)
    if not problems:
        assert valid, (facts, [e.message for e in VALIDATOR.iter_errors(document)])
    elif valid:
        assert all(_unstatable(p, facts) for p in problems), (facts, [(p.code, p.subject) for p in problems])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(name=st.sampled_from(["done", "open"]), value=st.one_of(VALUES, _BOOL_WORDS))
def test_one_bool_agrees(name: str, value: Any) -> None:
    schema = Draft202012Validator(COMPILED.facts_json_schema()["properties"][name])
    facts, document = _as_a_file({name: value})
    problems = [p for p in COMPILED.validate_facts(facts) if p.subject == name]
    assert schema.is_valid(document[name]) == (not problems), value


def test_the_gaps_issue_13_named_are_closed() -> None:
    plain = {"planned": 50, "share": 0.9, "served": 3, "rating": 1, "done": True}
    for facts in (
        {**plain, "id": "P-1"},  # the project's id, as `$id`
        {**plain, "done": 1},  # SQLite's true
        {**plain, "done": 0, "open": None},  # null: an optional fact left out
        {**plain, "served": "12", "planned": "1,500万"},  # CSV cells
    ):
        assert COMPILED.validate_facts(facts) == [] and VALIDATOR.is_valid(_as_a_file(facts)[1]), facts
