"""Every rule: its violating fixture is found, its clean fixture is clean, its rendering matches the snapshot.

Fixtures live in ``tests/lint/cases/<rule-name>.rubric`` and ``<rule-name>.clean.rubric``; the snapshot
``<rule-name>.snap`` holds the rule's findings on the violating fixture, rendered in English then Chinese.
Regenerate snapshots with ``RUBRIC_UPDATE_SNAPSHOTS=1 pytest tests/lint``.
"""

from __future__ import annotations

import pytest

from rubricdsl.diagnostics import Severity
from rubricdsl.lint import all_rules
from rubricdsl.lint.rule import LintRule
from tests.lint.helpers import CASES, UPDATE_SNAPSHOTS, lint_case, render

RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_violating_fixture_is_found_and_matches_snapshot(rule: type[LintRule]) -> None:
    report = lint_case(f"{rule.name}.rubric")
    assert report.checked is not None, "the fixture must be a valid rubric"
    found = [finding for finding in report.findings if finding.name == rule.name]
    assert found, f"{rule.name} finds nothing in its violating fixture"
    assert all(finding.code == rule.code and finding.span is not None for finding in found)
    snapshot = CASES / f"{rule.name}.snap"
    rendered = render(report, found)
    if UPDATE_SNAPSHOTS:
        snapshot.write_text(rendered, encoding="utf-8")
    assert snapshot.read_text(encoding="utf-8") == rendered


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_clean_fixture_has_no_findings(rule: type[LintRule]) -> None:
    report = lint_case(f"{rule.name}.clean.rubric")
    assert report.checked is not None
    assert [f.name for f in report.findings if f.severity is not Severity.INFO] == []
    assert [f for f in report.findings if f.name == rule.name] == []


def test_every_fixture_belongs_to_a_rule() -> None:
    known = {rule.name for rule in RULES}
    for path in CASES.glob("*.rubric"):
        assert path.name.removesuffix(".rubric").removesuffix(".clean") in known, path.name
    for path in CASES.glob("*.snap"):
        assert path.stem in known, path.name
