"""``rubric lint`` and ``rubric rule`` through typer's runner: exit codes, formats, languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from rubricdsl.cli import app
from tests.conftest import ROOT, SEED_RUBRIC
from tests.lint.helpers import CASES

runner = CliRunner()


def test_seed_text_output_and_exit_0() -> None:
    result = runner.invoke(app, ["lint", "--lang", "en", str(SEED_RUBRIC)])
    assert result.exit_code == 0
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_findings_exit_1_with_file_line_column_caret_and_help() -> None:
    result = runner.invoke(app, ["lint", "--lang", "en", str(CASES / "non-monotone-ladder.rubric")])
    assert result.exit_code == 1
    assert "warning[L104]: `rate` = 80% scores 7, less than the 8 points of `rate` = 70%" in result.stdout
    assert "non-monotone-ladder.rubric:3:" in result.stdout
    assert "^^^" in result.stdout
    assert "= help:" in result.stdout


def test_chinese_output() -> None:
    result = runner.invoke(app, ["lint", "--lang", "zh", str(CASES / "non-monotone-ladder.rubric")])
    assert "警告[L104]" in result.stdout
    assert "反而低于" in result.stdout
    assert "发现 1 个问题" in result.stdout


def test_several_files_in_one_run() -> None:
    files = [str(CASES / "unused-fact.rubric"), str(CASES / "unused-value.rubric"), str(SEED_RUBRIC)]
    result = runner.invoke(app, ["lint", "--format", "json", *files])
    assert result.exit_code == 1
    assert {Path(f["file"]).name for f in json.loads(result.stdout) if f["severity"] == "warning"} == {
        "unused-fact.rubric",
        "unused-value.rubric",
    }


def test_missing_file_exits_2() -> None:
    result = runner.invoke(app, ["lint", "no/such.rubric"])
    assert result.exit_code == 2
    assert "no such rubric file" in result.stderr


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "gbk.rubric"
    path.write_bytes('rubric demo "示例" 10\n'.encode("gb18030"))
    result = runner.invoke(app, ["lint", str(path)])
    assert result.exit_code == 2
    assert "E110" in result.stderr


def test_syntax_error_is_a_finding_on_its_line_with_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "broken.rubric"
    path.write_text('rubric demo "示例" 10\nfact rate "完成率": percent,\n', encoding="utf-8")
    result = runner.invoke(app, ["lint", "--format", "json", str(path)])
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)
    assert finding["code"].startswith("E1")
    assert finding["severity"] == "error"


def test_check_errors_are_findings_with_did_you_mean(tmp_path: Path) -> None:
    text = SEED_RUBRIC.read_text(encoding="utf-8").replace("score budget_rate:", "score budget_rte:")
    path = tmp_path / "typo.rubric"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["lint", "--format", "json", "--lang", "en", str(path)])
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)
    assert (finding["code"], finding["name"]) == ("E201", "unknown-name")
    assert finding["help"] == "did you mean `budget_rate`?"


def test_ranges_prints_the_tree() -> None:
    result = runner.invoke(app, ["lint", "--ranges", "--lang", "en", str(SEED_RUBRIC)])
    assert result.exit_code == 0
    out = result.stdout
    assert "xiangtan_sme_2021 2021年湘潭县中小企业服务体系经费项目支出绩效评价 100: [3, 100]" in out
    assert "    satisfaction: [0%, 100%]" in out
    assert "public_activities 开展丰富多样的公益服务活动 15: [3, 15]" in out
    assert "`>=80% -> 3`: fires for [80%, 90%), {3}" in out
    assert "`else`: fires for [0%, 60%), {0}" in out


def test_rule_prints_documentation_by_name_or_code() -> None:
    by_name = runner.invoke(app, ["rule", "unreachable-band"])
    by_code = runner.invoke(app, ["rule", "l101"])
    assert by_name.exit_code == by_code.exit_code == 0
    assert by_name.stdout == by_code.stdout
    assert "## What it does" in by_name.stdout and "## Use instead" in by_name.stdout


def test_rule_lists_every_rule_without_a_name() -> None:
    result = runner.invoke(app, ["rule"])
    assert result.exit_code == 0
    assert "L101  unreachable-band" in result.stdout


def test_unknown_rule_exits_2_with_a_suggestion() -> None:
    result = runner.invoke(app, ["rule", "unreachable-bands"])
    assert result.exit_code == 2
    assert "did you mean `unreachable-band`?" in result.stderr


def test_pre_commit_hook_runs_rubric_lint_on_rubric_files() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [hook for hook in hooks if hook["id"] == "rubric-lint"]
    assert hook["id"] == "rubric-lint" and hook["entry"] == "rubric lint" and hook["language"] == "python"
    assert re.search(hook["files"], "rubrics/xiangtan-sme-2021.rubric")
    # pre-commit appends the changed files to the entry
    result = runner.invoke(app, [*hook["entry"].split()[1:], str(SEED_RUBRIC), str(SEED_RUBRIC)])
    assert result.exit_code == 0
