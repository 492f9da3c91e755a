"""`rubric test` through typer's runner: the report against golden files, exit codes, the shipped rubrics and
the docs' examples as suites, coverage and suggestions.

Golden files are in tests/cli/golden/; after a deliberate change, regenerate with
``UPDATE_GOLDEN=1 pytest tests/cli/test_test_cmd.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rubricdsl.cli import app
from tests.conftest import ROOT, RUBRICS, SEED_FACTS, SEED_RUBRIC
from tests.docs.test_doc_examples import FACT_PAIRS

HERE = Path(__file__).parent
SUITE = HERE / "cases" / "suite"
GOLDEN = HERE / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def in_suite(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(SUITE)
    return run("test", *args)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {name}; run with UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_report_matches_the_golden_file(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    code, out, _ = in_suite(monkeypatch, "--lang", lang)
    assert code == 1
    assert out.rstrip("\n").split("\n")[-1] == "3 passed, 4 failed"
    golden(f"suite.{lang}.txt", out)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_coverage_report_matches_the_golden_file(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    code, out, _ = in_suite(monkeypatch, "budget.rubric", "budget.facts.json", "--coverage", "--lang", lang)
    assert code == 0
    golden(f"coverage.{lang}.txt", out)


def test_the_whole_suite_covers_every_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = in_suite(monkeypatch, "--coverage", "--lang", "en")
    assert code == 1
    assert "coverage: 7/7 (100%)" in out


def test_junit_report_matches_the_golden_file_and_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = in_suite(monkeypatch, "--format", "junit", "--lang", "en")
    assert code == 1
    golden("suite.junit.xml", out)
    root = ET.fromstring(out.encode("utf-8"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "3", "1")
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert len(cases) == 7
    escaped = cases["budget-escape.facts.json"].find("failure")
    assert escaped is not None and escaped.get("message") == 'grade: expected <优 & "甲">, got 优'
    broken = cases["budget-broken.facts.json"].find("error")
    assert broken is not None and broken.get("type") == "F407"
    assert cases["budget.facts.json"].find("failure") is None


def test_json_report_has_cases_counts_and_coverage(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = in_suite(monkeypatch, "--format", "json")
    assert code == 1
    data = json.loads(out, parse_float=Decimal)
    assert (data["passed"], data["failed"], data["without_expect"]) == (3, 4, 1)
    wrong = next(case for case in data["cases"] if case["name"] == "budget-wrong.facts.json")
    assert wrong["total"] == 6 and not wrong["passed"]
    assert [f["subject"] for f in wrong["failures"]] == ["total", "grade", "scores.execution"]
    coverage = data["coverage"]
    assert coverage["total"] == 7  # 3 bands, 2 deduction sides, 2 checklist items
    assert 0 < coverage["covered"] <= coverage["total"] and coverage["unattributed"] == 0
    assert coverage["rubrics"][0]["rubric"] == "budget.rubric"


def test_a_facts_file_found_by_its_rubric_key_compares_decimals_by_value(monkeypatch: pytest.MonkeyPatch) -> None:
    # sub/named.facts.json says total 8.00 and execution 3.0; the result is 8 and 3: the same values.
    code, out, _ = in_suite(monkeypatch, "budget.rubric", "sub/named.facts.json")
    assert (code, out) == (0, "PASS sub/named.facts.json\n\n1 passed, 0 failed\n")


def test_a_deliberately_wrong_expect_exits_1_in_eval_and_in_test(tmp_path: Path) -> None:
    facts = json.loads(SEED_FACTS.read_text(encoding="utf-8"))
    facts["$expect"]["total"] = 99
    wrong = tmp_path / "seed.facts.json"
    wrong.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("eval", str(SEED_RUBRIC), str(wrong), "--lang", "en")
    assert code == 1
    assert "error[T501]: total: expected 99, got 100" in err
    code, out, _ = run("test", str(SEED_RUBRIC), str(wrong), "--lang", "en")
    assert code == 1
    assert out.endswith("0 passed, 1 failed\n") and "total: expected 99, got 100" in out


def test_eval_output_is_the_same_with_a_true_expect(tmp_path: Path) -> None:
    facts = json.loads(SEED_FACTS.read_text(encoding="utf-8"))
    assert "$expect" in facts
    code, with_expect, err = run("eval", str(SEED_RUBRIC), str(SEED_FACTS), "--lang", "en")
    assert (code, err) == (0, "")
    del facts["$expect"]
    plain = tmp_path / "plain.facts.json"
    plain.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    assert run("eval", str(SEED_RUBRIC), str(plain), "--lang", "en")[1] == with_expect


def test_the_shipped_rubrics_pass() -> None:
    code, out, err = run("test", str(RUBRICS), "--lang", "en")
    assert (code, err) == (0, "")
    assert out.endswith("2 passed, 0 failed\n")
    assert "no $expect" not in out  # both state what they score


def test_the_docs_examples_pass_rubric_test(tmp_path: Path) -> None:
    """Every facts block of the docs, saved beside its rubric block, is a passing case."""
    for number, (rubric, facts) in enumerate(FACT_PAIRS):
        (tmp_path / f"example{number:03}.rubric").write_text(rubric.text, encoding="utf-8")
        suffix = ".json" if facts.text.lstrip().startswith("{") else ".yaml"
        (tmp_path / f"example{number:03}.facts{suffix}").write_text(facts.text, encoding="utf-8")
    code, out, err = run("test", str(tmp_path), "--lang", "en")
    assert (code, err) == (0, ""), out
    assert out.endswith(f"{len(FACT_PAIRS)} passed, 0 failed\n")


def test_an_invalid_rubric_exits_2_and_shows_its_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.rubric").write_text('rubric t "t" 5\nindicator a "a" 4 { judged x }\n', encoding="utf-8")
    (tmp_path / "bad.facts.json").write_text('{"$expect": {"total": 0}}', encoding="utf-8")
    code, out, _ = run("test", str(tmp_path), "--lang", "en")
    assert code == 2
    assert "error[E" in out and "FAIL " in out and out.endswith("0 passed, 1 failed\n")


@pytest.mark.parametrize(
    ("files", "args", "code"),
    [
        ({}, ["missing-folder"], 2),
        ({"x.rubric": 'rubric t "t" 5\n'}, ["."], 2),  # no cases
        ({"a.facts.json": '{"$rubric": "nowhere.rubric"}'}, ["."], 2),
        ({}, [".", "--min-coverage", "abc"], 2),
        ({}, [".", "--min-coverage", "101"], 2),
    ],
)
def test_usage_problems_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], args: list[str], code: int
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("test", *args)[0] == code


def test_min_coverage_fails_below_and_passes_at_the_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SUITE)
    # budget.facts.json alone reaches 4 of the 7 outcomes: >=90%, no deduction and both checklist items.
    code, out, err = run("test", "budget.rubric", "budget.facts.json", "--min-coverage", "57.2", "--lang", "en")
    assert code == 1 and "error[T506]: coverage ≈57.1% is below the minimum 57.2%" in err
    assert "coverage: 4/7 (≈57.1%)" in out
    assert run("test", "budget.rubric", "budget.facts.json", "--min-coverage", "57.1")[0] == 0


def test_suggestions_reach_every_uncovered_outcome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved as suggested, the suggestions bring coverage to 100%: each reached the outcome it names."""
    shutil.copy(SUITE / "budget.rubric", tmp_path / "budget.rubric")
    shutil.copy(SUITE / "budget.facts.json", tmp_path / "budget.facts.json")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("test", "--suggest", "--format", "json")
    assert code == 0
    suggestions = json.loads(out, parse_float=Decimal)["suggestions"]
    assert len(suggestions) == 3 and all(entry["facts"] is not None for entry in suggestions)
    for entry in suggestions:
        Path(entry["file"]).write_text(json.dumps(entry["facts"], default=str, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run("test", "--coverage", "--min-coverage", "100", "--lang", "en")
    assert code == 0, out
    assert "coverage: 7/7 (100%)" in out and out.endswith("4 passed, 0 failed\n")


def test_suggest_text_prints_json_ready_to_save(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SUITE)
    code, out, _ = run("test", "budget.rubric", "budget.facts.json", "--suggest", "--lang", "en")
    assert code == 0
    blocks = out.split("\n# ")[1:]
    assert len(blocks) == 3
    for block in blocks:
        head, _, body = block.partition("\n")
        assert "save as budget-" in head
        facts = json.loads(body.split("\n\n")[0], parse_float=Decimal)
        assert "$expect" not in facts and "$notes" in facts


def test_the_repository_root_is_not_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "rubrics")
    code, out, _ = run("test")
    assert code == 0 and out.endswith("2 passed, 0 failed\n")


def test_suggested_names_never_overwrite_a_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SUITE / "budget.rubric", tmp_path / "budget.rubric")
    shutil.copy(SUITE / "budget.facts.json", tmp_path / "budget-execution-1.facts.json")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("test", "--suggest", "--format", "json")
    assert code == 0
    files = [entry["file"] for entry in json.loads(out)["suggestions"]]
    assert files == ["budget-execution-2.facts.json", "budget-execution-3.facts.json", "budget-activity-1.facts.json"]
