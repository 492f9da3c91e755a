"""The pydantic model of a result: the CLI's document, exact decimals, a JSON Schema that holds (issue 13 §2)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli.app import app
from rubricdsl.inputs.files import read_facts_file
from rubricdsl.results.schema import ResultModel, result_json_schema

RUBRICS = Path(__file__).parents[2] / "rubrics"
SHIPPED = [(path, next(RUBRICS.glob(path.stem + ".facts.*"))) for path in sorted(RUBRICS.glob("*.rubric"))]


def shipped_results() -> list[rubricdsl.EvaluationResult]:
    results = []
    for rubric_path, facts_path in SHIPPED:
        rubric = rubricdsl.load(rubric_path)
        results.append(rubric.evaluate(read_facts_file(facts_path)))
        results.append(rubric.evaluate({"not_a_fact": 1}))  # every fact problem, every indicator failed
    return results


@pytest.mark.parametrize("explain", [True, False])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_model_holds_exactly_the_document(lang: str, explain: bool) -> None:
    for result in shipped_results():
        model = ResultModel.from_result(result, lang=lang, explain=explain)
        expected = result.to_dict(numbers="string", lang=lang, explain=explain)
        assert model.model_dump(mode="json", exclude_unset=True) == expected
        assert json.loads(model.model_dump_json(exclude_unset=True)) == expected
        assert ResultModel.model_validate_json(model.model_dump_json()) == model


def test_incomplete_results_have_problems_and_errors_in_the_model() -> None:
    incomplete = [result for result in shipped_results() if not result.complete]
    assert incomplete
    for result in incomplete:
        model = ResultModel.from_result(result)
        assert model.fact_problems and not model.complete
        assert {problem.code for problem in model.fact_problems} >= {"F401", "F402"}


def test_no_private_attribute_reaches_the_model() -> None:
    model = ResultModel.from_result(shipped_results()[0])
    dumped = model.model_dump()

    def keys(value: Any) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {key for inner in value.values() for key in keys(inner)}
        if isinstance(value, list):
            return {key for inner in value for key in keys(inner)}
        return set()

    assert not [key for key in keys(dumped) if key.startswith("_")]
    assert "rubric_source" not in dumped


@pytest.mark.parametrize(
    "value", ["98.375", "1000000000000000000000000000000", "1E+30", "0.000000000000000000000000000001", "0.1"]
)
def test_json_keeps_every_digit(value: str) -> None:
    big = "1" + "0" * 35
    rubric = rubricdsl.loads(f'rubric t "T" {big}\nfact a "甲": number\nindicator i "乙" {big} {{ formula a }}\n')
    model = ResultModel.from_result(rubric.evaluate({"a": Decimal(value)}))
    assert model.total == Decimal(value) and isinstance(model.total, Decimal)
    written = json.loads(model.model_dump_json())
    assert written["total"] == format(Decimal(value), "f")  # text of the exact digits, no exponent, no float
    assert written["indicators"][0]["score"] == written["total"]
    assert Decimal(written["indicators"][0]["reads"]["a"]) == Decimal(value)


def test_the_schema_validates_the_cli_output_and_the_model_output() -> None:
    schema = result_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for rubric_path, facts_path in SHIPPED:
        for lang in ("en", "zh"):
            printed = CliRunner().invoke(
                app, ["eval", str(rubric_path), str(facts_path), "--format", "json", "--lang", lang]
            )
            document = json.loads(printed.stdout)
            jsonschema.validate(document, schema)
    for result in shipped_results():
        jsonschema.validate(json.loads(result.to_json(numbers="json")), schema)
        jsonschema.validate(json.loads(result.to_json(numbers="string")), schema)
        jsonschema.validate(json.loads(ResultModel.from_result(result).model_dump_json()), schema)


def test_the_schema_rejects_what_is_not_a_result() -> None:
    schema = result_json_schema()
    document = json.loads(shipped_results()[0].to_json(numbers="json"))
    for broken in ({**document, "total": "ninety"}, {**document, "surprise": 1}, {"complete": True}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
