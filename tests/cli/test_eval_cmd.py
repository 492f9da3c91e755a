"""`rubric eval` and `rubric check` through typer's runner: output shapes and documented exit codes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from rubricdsl.cli import app
from tests.conftest import RUBRICS, SEED_FACTS, SEED_RUBRIC

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_eval_json_has_the_documented_fields() -> None:
    code, out, _ = run("eval", str(SEED_RUBRIC), str(SEED_FACTS), "--format", "json")
    assert code == 0
    data = json.loads(out, parse_float=Decimal)
    assert (data["total"], data["max"], data["grade"], data["complete"]) == (100, 100, "优", True)
    assert data["rubric_hash"].startswith("sha256:") and len(data["rubric_hash"]) == 7 + 64
    assert len(data["indicators"]) == 21
    first = data["indicators"][0]
    assert {"id", "label", "path", "score", "points", "reason", "branch", "line", "reads"} <= set(first)
    assert first["path"] == ["decision", "goals", "goal_content"]
    budget = next(item for item in data["indicators"] if item["id"] == "budget_completion")
    assert budget["branch"] == ">=90% -> 5" and budget["reads"]["budget_rate"] == 1


def test_eval_json_numbers_are_exact(tmp_path: Path) -> None:
    facts = json.loads(SEED_FACTS.read_text(encoding="utf-8"))
    facts["admin_expense"] = 32500  # 6.5% → 1.625
    del facts["$expect"]  # the seed's claims are about its own facts, and eval checks them
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    code, out, _ = run("eval", str(SEED_RUBRIC), str(path), "--format", "json")
    assert code == 0
    assert '"total": 99.625' in out
    assert json.loads(out, parse_float=Decimal)["total"] == Decimal("99.625")


def test_eval_text_is_a_table_in_chinese() -> None:
    code, out, _ = run("eval", str(SEED_RUBRIC), str(SEED_FACTS), "--lang", "zh", "--explain")
    assert code == 0
    for expected in ("一级指标", "分值", "得分", "预算完成率", "合计", "等级：优", ">=90% -> 5"):
        assert expected in out


def test_eval_reads_yaml_facts_and_shows_the_rescale_step() -> None:
    code, out, _ = run("eval", str(RUBRICS / "self-evaluation.rubric"), str(RUBRICS / "self-evaluation.facts.yaml"))
    assert code == 0
    assert "94.59" in out and "rescaled" in out


def test_invalid_facts_exit_1_and_list_every_problem(tmp_path: Path) -> None:
    facts = json.loads(SEED_FACTS.read_text(encoding="utf-8"))
    facts["satisfaction"] = 96
    facts["activities"] = -1
    del facts["goal_set"]
    facts["goal_sett"] = True
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("eval", str(SEED_RUBRIC), str(path), "--lang", "en")
    assert code == 1
    assert "4 problem(s)" in err
    for fragment in ("satisfaction", "activities", "goal_set", "did you mean `goal_set`?", "whole percent"):
        assert fragment in err
    assert "Total" in out  # the rest is still scored


def test_invalid_rubric_exits_2_with_a_caret(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rubric"
    bad.write_text('rubric t "t" 5\nfact x: percent\nindicator i "i" 5 { score y: >=90% -> 5; else 0 }\n', "utf-8")
    code, _, err = run("eval", str(bad), str(SEED_FACTS), "--lang", "en")
    assert code == 2
    assert f"{bad}:3:27" in err
    assert "unknown name `y`" in err
    assert "^" in err


def test_missing_files_are_usage_errors() -> None:
    assert run("eval", "nope.rubric", str(SEED_FACTS))[0] == 2
    assert run("eval", str(SEED_RUBRIC), "nope.json")[0] == 2
    assert run("check", "nope.rubric")[0] == 2


def test_unreadable_facts_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text("{not json", encoding="utf-8")
    code, _, err = run("eval", str(SEED_RUBRIC), str(path), "--lang", "en")
    assert code == 1
    assert "invalid JSON" in err


def test_check_reports_ok_and_errors(tmp_path: Path) -> None:
    code, out, _ = run("check", str(SEED_RUBRIC), "--lang", "en")
    assert code == 0 and "ok (21 indicators" in out
    bad = tmp_path / "bad.rubric"
    bad.write_text('rubric t "t" 10\nsection s "s" 10 {\n  indicator i "i" 5 { formula 5 }\n}\n', "utf-8")
    code, _, err = run("check", str(bad), "--lang", "zh")
    assert code == 2
    assert "各项分值合计 5 分，与其分值 10 分不符" in err


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("rubric ")


def test_schema_describes_the_facts_file() -> None:
    code, out, _ = run("schema", str(SEED_RUBRIC))
    assert code == 0
    schema = json.loads(out)
    assert schema["properties"]["budget_planned"]["title"] == "预算资金计划投入金额"
    assert "goal_set" in schema["required"]
    assert schema["properties"]["not_applicable"]["anyOf"][1]["items"]["enum"][0] == "admin_expense_rate"
    assert schema["additionalProperties"] is False
    assert "^\\$" in schema["patternProperties"]  # the seed's `$notes` is allowed


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    completed = subprocess.run([sys.executable, "-m", "rubricdsl", "--version"], capture_output=True, text=True)
    assert completed.returncode == 0 and completed.stdout.startswith("rubric ")


def test_json_keeps_all_fifty_digits() -> None:
    from rubricdsl.render.json import dumps, number

    value = Decimal("99.749946999893999787999575999151998303996607993216")
    assert (
        dumps({"total": number(value)}, indent=None) == '{"total": 99.749946999893999787999575999151998303996607993216}'
    )
    assert dumps({"a": number(Decimal("5.500")), "b": number(Decimal("100.0"))}, indent=None) == '{"a": 5.5, "b": 100}'
