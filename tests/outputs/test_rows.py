"""outputs.rows: spreadsheet formulas from the data are made inert; our own numbers stay numbers."""

from __future__ import annotations

import io
from decimal import Decimal

import rubricdsl
from rubricdsl.outputs.rows import RowWriter, neutralise_formula, number_text

RUBRIC = """rubric demo "示例" 10
fact penalty "扣分": number
indicator a "扣分项" 10 {
  score penalty: > 0 -> 10; else 0
}
"""


def test_formula_starts_get_a_quote() -> None:
    for text in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx"):
        assert neutralise_formula(text) == "'" + text
    assert neutralise_formula("项目-01") == "项目-01" and neutralise_formula("") == ""


def test_scores_are_numbers_and_the_id_is_inert() -> None:
    compiled = rubricdsl.loads(RUBRIC)
    result = compiled.evaluate({"penalty": Decimal(1)})
    out = io.StringIO()
    writer = RowWriter(out, "csv", ("a",), "en")
    writer.row("=cmd|' /C calc'!A0", result, [])
    header, row = out.getvalue().splitlines()
    assert header == "id,complete,total,grade,note,problems,a"
    cells = row.split(",")
    assert cells[0] == "'=cmd|' /C calc'!A0"
    assert (cells[1], cells[2], cells[-1]) == ("true", "10", "10")
    assert number_text(Decimal("-5")) == "-5"  # our own numbers never pass through neutralise_formula
