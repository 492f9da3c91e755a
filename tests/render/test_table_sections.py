"""The text table of a result with a penalty, a bonus, moved points and a grade cap: penalties and bonuses as
signed rows, and every step (who got which points, base ± adjustments, the cap and its reason) under it."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

import rubricdsl
from rubricdsl.inputs.files import read_facts_file
from rubricdsl.render.table import print_result

CASE = Path(__file__).resolve().parents[1] / "cli" / "cases" / "sections"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_table_matches_the_golden_text(lang: str) -> None:
    result = rubricdsl.load(CASE / "held.rubric").evaluate(read_facts_file(CASE / "facts.yaml"))
    out = io.StringIO()
    print_result(result, Console(file=out, width=160, color_system=None), lang, False)
    golden = GOLDEN / f"sections.{lang}.txt"
    if UPDATE:
        golden.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue() == golden.read_text(encoding="utf-8")
