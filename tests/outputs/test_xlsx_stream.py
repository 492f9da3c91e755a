"""The streamed 汇总 sheet (outputs/xlsx_stream.py) from Python values, as the SQL engine gives them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import rubricdsl
from tests.conftest import SEED_RUBRIC

openpyxl = pytest.importorskip("openpyxl")

from rubricdsl.outputs import xlsx_stream  # noqa: E402  (needs openpyxl)


def test_a_sheet_holds_excels_rows_less_the_title_header_and_footer() -> None:
    assert xlsx_stream.EXCEL_MAX_ROWS == 2**20
    assert xlsx_stream.most_projects() == 2**20 - 4
    assert xlsx_stream.SummaryStream(rubricdsl.load(SEED_RUBRIC), "id").limit == xlsx_stream.most_projects()


def test_rows_of_python_values_become_the_summary_sheet(tmp_path: Path) -> None:
    compiled = rubricdsl.load(SEED_RUBRIC)
    stream = xlsx_stream.SummaryStream(compiled, "project")
    ids = stream.indicators
    assert stream.columns == ("project", *ids, "total", "grade", "complete", "problems")
    scores = [Decimal("1.5000000000"), *(None for _ in ids[1:])]
    rows = iter(
        [
            ("=cmd", *scores, Decimal("96.6250000000"), "优", True, None),
            (7, *(Decimal(0) for _ in ids), Decimal("0E-10"), "差", False, "F401:budget_spent E301:budget_completion"),
            (None, *scores, None, None, False, ""),
        ]
    )
    stream.write(str(tmp_path / "s.xlsx"), rows)
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx")["汇总"]
    assert sheet.freeze_panes == "B3" and sheet.print_title_rows == "$2:$2"
    first, second, third = (list(row) for row in sheet.iter_rows(min_row=3, max_row=5))
    assert first[0].value == "=cmd" and first[0].data_type == "s" and first[0].quotePrefix  # text, never a formula
    assert (first[1].value, first[1].number_format, first[2].value) == (96.625, "0.000", "优")
    assert (first[3].value, first[4].value, first[5].value, first[5].number_format) == ("是", None, 1.5, "0.0")
    assert all(cell.value is None for cell in first[6:])
    assert [cell.value for cell in second[:5]] == [
        "7",
        0,
        None,
        "否（未完成）",
        "F401:budget_spent E301:budget_completion",
    ]
    assert [cell.value for cell in third[:4]] == [None, None, None, "否（未完成）"]
    assert all(cell.border.left.style == "thin" for cell in first)
    assert sheet.max_row == 5 + 2
