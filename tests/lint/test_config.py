"""Configuration: select, ignore, per-rule severity, fail-on; discovery of pyproject.toml and rubric.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rubricdsl.cli import app
from rubricdsl.diagnostics import Severity
from rubricdsl.lint import ConfigError, LintConfig, load_config
from rubricdsl.lint.config import from_table
from tests.conftest import ROOT
from tests.lint.helpers import CASES, lint_case, names

runner = CliRunner()
TWO_RULES = "unreachable-band.rubric"  # finds unreachable-band, full-marks-unreachable and a percent threshold


def test_defaults_run_every_rule() -> None:
    found = set(names(lint_case(TWO_RULES).findings))
    assert {"unreachable-band", "full-marks-unreachable", "percent-threshold-out-of-range"} <= found


def test_select_by_name_code_prefix_and_category() -> None:
    assert set(names(lint_case(TWO_RULES, from_table({"select": ["unreachable-band"]})).findings)) == {
        "unreachable-band"
    }
    assert set(names(lint_case(TWO_RULES, from_table({"select": ["L106"]})).findings)) == {"full-marks-unreachable"}
    assert set(names(lint_case(TWO_RULES, from_table({"select": ["L3"]})).findings)) == {
        "percent-threshold-out-of-range"
    }
    assert set(names(lint_case(TWO_RULES, from_table({"select": ["design"]})).findings)) == {"full-marks-unreachable"}


def test_ignore_wins_over_select() -> None:
    config = from_table({"select": ["ALL"], "ignore": ["unreachable-band", "L3"]})
    assert set(names(lint_case(TWO_RULES, config).findings)) == {"full-marks-unreachable"}


def test_severity_per_rule_and_fail_on() -> None:
    config = from_table({"severity": {"full-marks-unreachable": "error", "L101": "info"}, "fail-on": "error"})
    report = lint_case(TWO_RULES, config)
    levels = {finding.name: finding.severity for finding in report.findings}
    assert levels["full-marks-unreachable"] is Severity.ERROR
    assert levels["unreachable-band"] is Severity.INFO
    assert [finding.name for finding in report.failing(config)] == ["full-marks-unreachable"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selekt": ["ALL"]}, "unknown key"),
        ({"select": ["no-such-rule"]}, "unknown rule `no-such-rule`"),
        ({"select": "ALL"}, "must be a list"),
        ({"severity": {"unreachable-band": "fatal"}}, "severity must be"),
        ({"severity": {"nope": "error"}}, "unknown rule `nope`"),
    ],
)
def test_bad_configuration_is_refused(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        from_table(table)


def test_pyproject_is_found_from_the_rubric_directory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.rubricdsl.lint]\nignore = ["unused-fact"]\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    config = load_config(None, tmp_path / "sub" / "x.rubric")
    assert config.ignore == ("unused-fact",)
    assert config.path == tmp_path / "pyproject.toml"


def test_rubric_toml_is_preferred_and_a_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    assert load_config(None, tmp_path / "a.rubric") == LintConfig()
    (tmp_path / "rubric.toml").write_text('[lint]\nfail-on = "error"\n', encoding="utf-8")
    assert load_config(None, tmp_path / "a.rubric").fail_on is Severity.ERROR


def test_cli_config_option_changes_the_exit_code(tmp_path: Path) -> None:
    rubric = tmp_path / "unused.rubric"
    rubric.write_text((CASES / "unused-fact.rubric").read_text(encoding="utf-8"), encoding="utf-8")
    assert runner.invoke(app, ["lint", str(rubric)]).exit_code == 1
    settings = tmp_path / "lint.toml"
    settings.write_text('[lint]\nignore = ["unused-fact"]\n', encoding="utf-8")
    assert runner.invoke(app, ["lint", "--config", str(settings), str(rubric)]).exit_code == 0


def test_cli_bad_configuration_exits_2(tmp_path: Path) -> None:
    settings = tmp_path / "rubric.toml"
    settings.write_text("[lint\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", "--config", str(settings), str(CASES / "unused-fact.rubric")])
    assert result.exit_code == 2
    missing = runner.invoke(app, ["lint", "--config", str(tmp_path / "none.toml"), str(CASES / "unused-fact.rubric")])
    assert missing.exit_code == 2


def test_the_documented_configuration_example_is_valid() -> None:
    index = (ROOT / "docs" / "rules" / "index.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```toml\n(.*?)```", index, re.S)
    config = from_table(tomllib.loads(block)["tool"]["rubricdsl"]["lint"])
    assert config.ignore == ("missing-chinese-label",)
    assert config.severity == {"unused-fact": Severity.ERROR}


ABSENT = "absent-fact-removes-points.rubric"  # one absent fact removes 90 of 100 points


@pytest.mark.parametrize(("value", "found"), [("20%", True), (0.5, True), ("90%", False), (1, False), ("89.9%", True)])
def test_max_absent_share_sets_what_one_absent_fact_may_remove(value: object, found: bool) -> None:
    config = from_table({"max-absent-share": value})
    assert ("absent-fact-removes-points" in names(lint_case(ABSENT, config).findings)) is found


@pytest.mark.parametrize("value", ["lots", "120%", -0.1, True, "nan"])
def test_a_max_absent_share_that_is_not_a_share_is_a_configuration_error(value: object) -> None:
    with pytest.raises(ConfigError, match="max-absent-share"):
        from_table({"max-absent-share": value})
