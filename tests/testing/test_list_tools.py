"""`rubric test` coverage and suggestions run on a rubric with list and text facts (they do not crash, and
coverage attributes results to the branch the IR took)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rubricdsl.cli.app import app

RUBRIC = """rubric r "r" 10
fact project "项目名称": text, record
fact funds "专项资金": list of { name: text, planned: money 万元, paid: money 万元 }, >= 1
indicator full "全部拨付" 10 { when all(funds where paid >= planned) -> 10; count(funds where paid < planned) == 1 -> 5; else 0 }
"""


def test_coverage_and_suggestions_over_list_facts(tmp_path: Path) -> None:
    (tmp_path / "r.rubric").write_text(RUBRIC, encoding="utf-8")
    case = {
        "$rubric": "r.rubric",
        "project": "p",
        "funds": [{"name": "A", "planned": 1, "paid": 1}, {"name": "B", "planned": 2, "paid": 1}],
        "$expect": {"total": 5},
    }
    (tmp_path / "r.case.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    out = CliRunner().invoke(
        app, ["test", "--coverage", "--suggest", str(tmp_path / "r.rubric"), str(tmp_path / "r.case.json")]
    )
    assert out.exit_code == 0, out.output
    assert "1 passed" in out.output and "1/3" in out.output
