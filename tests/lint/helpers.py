"""Shared helpers for the lint tests: lint a file or text, render findings the way users see them."""

from __future__ import annotations

import os
from pathlib import Path

from rubricdsl.diagnostics import Diagnostic
from rubricdsl.lint import LintConfig, LintReport, lint_source
from rubricdsl.reading.source import SourceFile
from rubricdsl.render.diagnostics import render_text

CASES = Path(__file__).resolve().parent / "cases"
UPDATE_SNAPSHOTS = os.environ.get("RUBRIC_UPDATE_SNAPSHOTS") == "1"


def lint_text(text: str, name: str = "test.rubric", config: LintConfig | None = None) -> LintReport:
    return lint_source(SourceFile(name, text), config)


def lint_case(file_name: str, config: LintConfig | None = None) -> LintReport:
    path = CASES / file_name
    # the name is relative, so snapshots do not depend on where the repository lives
    return lint_source(SourceFile(f"cases/{file_name}", path.read_text(encoding="utf-8")), config)


def names(findings: tuple[Diagnostic, ...] | list[Diagnostic]) -> list[str]:
    return [finding.name for finding in findings]


def render(report: LintReport, findings: list[Diagnostic]) -> str:
    blocks = []
    for lang in ("en", "zh"):
        blocks += [render_text(finding, report.source, lang) for finding in findings]
    return "\n\n".join(blocks) + "\n"


def line_of(report: LintReport, finding: Diagnostic) -> int:
    assert finding.span is not None
    return report.source.position(finding.span.start).line
