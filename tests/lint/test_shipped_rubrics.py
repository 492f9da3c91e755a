"""Every rubric shipped in ``rubrics/`` lints clean: no finding at warning or above."""

from __future__ import annotations

from pathlib import Path

import pytest

from rubricdsl.lint import LintConfig, lint_source
from rubricdsl.reading.rubric_file import read_rubric_text
from tests.conftest import RUBRICS

SHIPPED = sorted(RUBRICS.glob("*.rubric"))


def test_there_are_shipped_rubrics() -> None:
    assert SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_shipped_rubric_lints_clean(path: Path) -> None:
    config = LintConfig()
    report = lint_source(read_rubric_text(path), config)
    failing = [f"{f.code} {f.name}: {f.message.en}" for f in report.failing(config)]
    assert failing == []
