"""The rule table: unique stable codes and names, documented rules, generated docs that are up to date."""

from __future__ import annotations

import re
from pathlib import Path

from rubricdsl.lint import all_rules, find_rule
from rubricdsl.lint.docs import main as docs_main
from rubricdsl.lint.docs import pages, stale

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


def test_codes_and_names_are_unique_and_well_formed() -> None:
    rules = all_rules()
    assert len({rule.code for rule in rules}) == len({rule.name for rule in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(r"L\d{3}", rule.code), rule.code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
        assert find_rule(rule.name) is find_rule(rule.code) is rule


def test_every_docstring_has_the_sections_in_order() -> None:
    for rule in all_rules():
        doc = rule.documentation()
        positions = [doc.find(section) for section in SECTIONS]
        assert -1 not in positions and positions == sorted(positions), rule.name
        assert rule.summary and rule.summary[0].islower() and not rule.summary.endswith(".")


def test_rule_modules_are_one_per_rule() -> None:
    modules = {p.stem for p in (ROOT / "src/rubricdsl/lint/rules").glob("*.py") if p.stem != "__init__"}
    assert modules == {rule.name.replace("-", "_") for rule in all_rules()}


def test_generated_docs_are_up_to_date() -> None:
    assert stale(ROOT / "docs" / "rules") == [], "run `python -m rubricdsl.lint.docs` to regenerate"


def test_the_staleness_check_fails_on_an_edited_page(tmp_path: Path) -> None:
    assert docs_main([str(tmp_path)]) == 0
    assert docs_main(["--check", str(tmp_path)]) == 0
    page = tmp_path / "unused-fact.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    (tmp_path / "removed-rule.md").write_text("old\n", encoding="utf-8")
    assert stale(tmp_path) == ["removed-rule.md", "unused-fact.md"]
    assert docs_main(["--check", str(tmp_path)]) == 1


def test_index_lists_every_rule() -> None:
    index = pages()["index.md"]
    for rule in all_rules():
        assert f"[{rule.name}]({rule.name}.md)" in index
