"""``rubric schema`` tells the truth: examples in each fact's unit that the facts conversion accepts, the
declared bounds as JSON Schema keywords, counts as integers, levels as an enum, descriptions in zh or en."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from tests.conftest import RUBRICS, SEED_RUBRIC

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
SHIPPED = sorted(RUBRICS.glob("*.rubric"))
runner = CliRunner()

BOUNDED = """rubric demo "示例" 10
fact planned "预算数": money 万元, > 0
fact spent "执行数": money 元, >= 10万元, <= 5000万元
fact share "满意度": percent, in [0%, 100%]
fact surplus "超额率": percent, > 10%
fact served "服务企业数": count, <= 500
fact events "活动次数": count, >= 3, optional
fact rating "评分": number, >= -5, < 3.5
fact level "等级": enum(优, 良, 中, 差), default 良
fact done "已完成": bool
indicator a "甲" 10 { formula 0 }
"""


def _schema(text: str, lang: str = "en") -> tuple[rubricdsl.CompiledRubric, dict[str, Any]]:
    compiled = rubricdsl.loads(text)
    return compiled, compiled.facts_json_schema(lang)


def _examples(schema: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(name, example) for name, fact in schema["properties"].items() for example in fact.get("examples", [])]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", [*SHIPPED, None], ids=lambda path: path.stem if path else "bounded")
def test_every_example_validates_and_is_accepted_by_the_facts_conversion(path: Path | None, lang: str) -> None:
    compiled = rubricdsl.load(path) if path else rubricdsl.loads(BOUNDED)
    schema = compiled.facts_json_schema(lang)
    Draft202012Validator.check_schema(schema)
    examples = _examples(schema)
    assert {name for name, _ in examples} == set(compiled.schema.specs)  # every fact has an example
    for name, example in examples:
        assert Draft202012Validator(schema["properties"][name]).is_valid(example), (name, example)
        problems = [problem for problem in compiled.validate_facts({name: example}) if problem.subject == name]
        assert problems == [], (name, example)
    first = {}
    for name, example in examples:
        first.setdefault(name, example)
    assert list(Draft202012Validator(schema).iter_errors(first)) == []
    assert compiled.validate_facts(first) == []


def test_a_wan_yuan_fact_has_examples_and_bounds_in_wan_yuan() -> None:
    compiled, schema = _schema(BOUNDED)
    planned = schema["properties"]["planned"]
    assert planned["examples"] == [50, "50万元"]
    assert "万元" in planned["description"] and "500000" not in planned["description"]
    assert planned["anyOf"][0] == {"type": "number", "exclusiveMinimum": 0}
    # the example means what it says: 50 in a 万元 field is 50万元, which is 500000元
    values, _, problems = compiled.schema.validate({"planned": 50})
    assert values["planned"] == Decimal(500000) and not [p for p in problems if p.subject == "planned"]


def test_bounds_become_keywords_in_the_facts_files_unit() -> None:
    _, schema = _schema(BOUNDED)
    facts = schema["properties"]
    assert facts["spent"]["anyOf"][0] == {"type": "number", "minimum": 100000, "maximum": 50000000}
    assert facts["share"]["anyOf"][0] == {"type": "number", "minimum": 0, "maximum": 1}
    assert facts["surplus"]["anyOf"][0] == {"type": "number", "minimum": -1, "maximum": 1, "exclusiveMinimum": 0.1}
    assert facts["served"]["anyOf"][0] == {"type": "integer", "minimum": 0, "maximum": 500}
    assert facts["served"]["anyOf"][1]["type"] == "string"  # "12", as a CSV cell holds it
    assert facts["events"]["anyOf"][0]["minimum"] == 3 and facts["events"]["examples"] == [12]
    assert facts["events"]["anyOf"][-1] == {"type": "null"}  # optional: null is left out
    assert facts["rating"]["anyOf"][0] == {"type": "number", "minimum": -5, "exclusiveMaximum": 3.5}
    assert facts["rating"]["examples"] == [-5]  # 100 is out of bounds; the lowest allowed value instead
    assert facts["level"]["enum"] == ["优", "良", "中", "差", None]  # a default: null is left out
    assert facts["surplus"]["examples"] == [0.95, "95%"]
    assert set(schema["required"]) == {"planned", "spent", "share", "surplus", "served", "rating", "done"}
    assert "> 10%" in facts["surplus"]["description"]  # a bound on text ("95%") is stated in words


def test_descriptions_follow_the_language() -> None:
    _, english = _schema(BOUNDED, "en")
    _, chinese = _schema(BOUNDED, "zh")
    assert english["properties"]["served"]["description"] == "a whole number of at least 0; must be <= 500"
    assert chinese["properties"]["served"]["description"] == "不小于 0 的整数；须 <= 500"
    assert chinese["properties"]["events"]["description"].endswith("可以不填")
    assert chinese["description"] == "评分规则“示例”的事实文件"


_NUMBERS = st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(name=st.sampled_from(["planned", "spent", "share", "surplus", "rating"]), value=_NUMBERS)
def test_for_a_number_the_schema_and_the_facts_conversion_agree(name: str, value: Decimal) -> None:
    compiled, schema = _schema(BOUNDED)
    by_schema = Draft202012Validator(schema["properties"][name]).is_valid(value)
    by_engine = not [problem for problem in compiled.validate_facts({name: value}) if problem.subject == name]
    assert by_schema == by_engine


@settings(max_examples=200, deadline=None, derandomize=True)
@given(value=st.integers(-10, 1000))
def test_for_a_count_the_schema_and_the_facts_conversion_agree(value: int) -> None:
    compiled, schema = _schema(BOUNDED)
    by_schema = Draft202012Validator(schema["properties"]["served"]).is_valid(value)
    by_engine = not [problem for problem in compiled.validate_facts({"served": value}) if problem.subject == "served"]
    assert by_schema == by_engine


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    name=st.sampled_from(["planned", "spent", "share", "rating"]),
    value=_NUMBERS,
    suffix=st.sampled_from(["", "%", "万元", "元", " 万元"]),
)
def test_text_the_facts_conversion_accepts_is_valid_by_the_schema(name: str, value: Decimal, suffix: str) -> None:
    compiled, schema = _schema(BOUNDED)
    text = f"{value}{suffix}"
    if not [problem for problem in compiled.validate_facts({name: text}) if problem.subject == name]:
        assert Draft202012Validator(schema["properties"][name]).is_valid(text), text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_seed_schema_matches_its_golden_file(lang: str) -> None:
    result = runner.invoke(app, ["schema", "--lang", lang, str(SEED_RUBRIC)])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{SEED_RUBRIC.stem}.schema.{lang}.json"
    if UPDATE_GOLDEN:
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert json.loads(result.stdout)["properties"]["satisfaction"]["anyOf"][0] == {
        "type": "number",
        "minimum": 0,
        "maximum": 1,
    }
