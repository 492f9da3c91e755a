"""`rubric eval`, `check`, `fmt --check` and `sql` on a rubric with a penalty, a bonus, moved points and a
grade cap, end to end: exact numbers in the JSON document, documented exit codes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from rubricdsl.cli import app

CASE = Path(__file__).resolve().parent / "cases" / "sections"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_eval_json_shows_base_bonus_penalty_final_and_the_cap() -> None:
    code, out, _ = run("eval", str(CASE / "held.rubric"), str(CASE / "facts.yaml"), "--format", "json")
    assert code == 0
    data = json.loads(out, parse_float=Decimal)
    assert (data["total"], data["grade"], data["complete"]) == (98, "良", True)
    assert data["adjusted"] == {"base": 93, "bonus": 5, "penalty": 0, "final": 98}
    (manage,) = data["sections"]
    assert (manage["base"], manage["penalty"], manage["score"], manage["applicable_points"]) == (38, 5, 33, 40)
    kinds = {item["id"]: item.get("kind") for item in data["indicators"]}
    assert kinds == {"budget": None, "second": None, "violations": "penalty", "output": None, "innovation": "bonus"}
    assert [step["kind"] for step in data["steps"]] == ["redistribute", "adjust", "adjust", "grade_cap"]
    assert data["grade_caps"] == [
        {"grade": "良", "uncapped_grade": "优", "reason": "存在严重问题不得评优", "lowered": True}
    ]


def test_a_missing_fact_of_a_penalty_makes_the_result_incomplete(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text('{"rate": "95%", "has_award": false, "serious": false}', encoding="utf-8")
    code, out, _ = run("eval", str(CASE / "held.rubric"), str(facts), "--format", "json")
    assert code == 1
    data = json.loads(out, parse_float=Decimal)
    assert not data["complete"] and data["total"] == 98  # 38 + 60, nothing taken: a failed penalty changes nothing
    assert data["grade"] == "优"


def test_check_fmt_and_sql() -> None:
    assert run("check", str(CASE / "held.rubric"))[0] == 0
    assert run("fmt", "--check", str(CASE / "held.formatted.rubric"))[0] == 0
    code, out, _ = run("sql", str(CASE / "held.rubric"))
    assert code == 0 and out.startswith("WITH")  # its penalty, grade cap and moved points are all scored
