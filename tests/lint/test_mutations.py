"""The issue's acceptance check: each mutation of the seed gives exit 1 and a finding on the mutated line.

Run through the real command line (``--format json``), exactly as the held-out check does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rubricdsl.cli import app
from tests.conftest import SEED_RUBRIC

SEED = SEED_RUBRIC.read_text(encoding="utf-8")
runner = CliRunner()

# name: (text in the seed, replacement); each original text occurs exactly once
MUTATIONS = {
    "reordered bands": (">=90% -> 5; >=80% -> 3;", ">=80% -> 3; >=90% -> 5;"),
    "band above the points": (">=90% -> 5;", ">=90% -> 6;"),
    "misspelled name": ("score budget_rate:", "score budget_rat:"),
    "misspelled fact in a checklist": ("goal_specific -> 3", "goal_specfic -> 3"),
    "removed else in a score rule": (">=60% -> 1; else 0", ">=60% -> 1"),
    "removed else in a when rule": ("when open_application -> 1; else 0", "when open_application -> 1"),
    "base above the points": ("base 2,", "base 3,"),
    "base below the points": ("base 15,", "base 14,"),
    "percent threshold on a count": (">=120 -> 15", ">=120% -> 15"),
    "percent threshold beyond 100% on a share": (">=95% -> 10", ">=950% -> 10"),
    "grades out of order": ("优 >= 90; 良 >= 80", "良 >= 80; 优 >= 90"),
    "step mode dropped": ("5%, pro rata", "5%"),
    "non-monotone ladder": (">=70% -> 2;", ">=70% -> 4;"),
    "section points that do not add up": ('section funds "资金管理" 20', 'section funds "资金管理" 21'),
    "duplicate id": ('indicator review "项目审核"', 'indicator application "项目审核"'),
    "money compared with a plain number": ("score 专款专用率: ==100%", "score budget_spent: ==100"),
}


def lint_json(path: Path) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(app, ["lint", "--format", "json", str(path)])
    return result.exit_code, json.loads(result.stdout)


def test_the_unmodified_seed_lints_clean(tmp_path: Path) -> None:
    path = tmp_path / "seed.rubric"
    path.write_text(SEED, encoding="utf-8")
    code, findings = lint_json(path)
    assert code == 0
    assert all(finding["severity"] == "info" for finding in findings)


@pytest.mark.parametrize("name", MUTATIONS)
def test_mutation_gives_exit_1_and_a_finding_on_the_mutated_line(name: str, tmp_path: Path) -> None:
    original, replacement = MUTATIONS[name]
    assert SEED.count(original) == 1, f"{name}: the seed changed; update the mutation"
    mutated_line = SEED[: SEED.index(original)].count("\n") + 1
    path = tmp_path / "mutated.rubric"
    path.write_text(SEED.replace(original, replacement), encoding="utf-8")
    code, findings = lint_json(path)
    assert code == 1
    on_line = [f for f in findings if f["line"] == mutated_line and f["severity"] != "info"]
    assert on_line, f"{name}: no finding on line {mutated_line}: {findings}"
