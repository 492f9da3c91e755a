"""The shapes of ``--format json`` and ``--format sarif``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from rubricdsl.cli import app
from rubricdsl.lint import all_rules
from tests.lint.helpers import CASES

runner = CliRunner()
FIXTURE = str(CASES / "overlapping-bands.rubric")


def test_json_is_a_list_of_flat_findings() -> None:
    result = runner.invoke(app, ["lint", "--format", "json", "--lang", "en", FIXTURE])
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)
    assert finding == {
        "code": "L102",
        "name": "overlapping-bands",
        "severity": "warning",
        "message": "`[90%, 100%] -> 10` overlaps `[80%, 90%] -> 6`: `rate` = 90% matches both",
        "file": FIXTURE,
        "line": 3,
        "column": 57,
        "end": {"line": 3, "column": 74},
        "help": "where they overlap (90%) the earlier band wins; make one end open with ( or )",
    }


def test_json_of_a_clean_rubric_is_an_empty_list() -> None:
    result = runner.invoke(app, ["lint", "--format", "json", str(CASES / "overlapping-bands.clean.rubric")])
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_sarif_has_the_rule_table_and_one_result_per_finding() -> None:
    result = runner.invoke(app, ["lint", "--format", "sarif", "--lang", "zh", FIXTURE])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in all_rules()]
    assert all(rule["fullDescription"]["text"].startswith("## What it does") for rule in driver["rules"])
    (item,) = run["results"]
    assert item["ruleId"] == "L102"
    assert item["level"] == "warning"
    assert item["message"]["text"].startswith("`[90%, 100%] -> 10` 与 `[80%, 90%] -> 6` 重叠")
    location = item["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == FIXTURE
    assert location["region"] == {"startLine": 3, "startColumn": 57, "endLine": 3, "endColumn": 74}


def test_sarif_maps_info_to_note() -> None:
    result = runner.invoke(app, ["lint", "--format", "sarif", str(CASES / "division-by-zero-risk.rubric")])
    levels = [item["level"] for item in json.loads(result.stdout)["runs"][0]["results"]]
    assert levels == ["warning", "note"]
