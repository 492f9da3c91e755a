"""`rubric import` reads a 年度指标值 column into `target` (inputs/table_import.py, inputs/table_draft.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.inputs.table_draft import target_line
from tests.conftest import RUBRICS

openpyxl = pytest.importorskip("openpyxl", reason="the [excel] extra is part of [dev]")


@pytest.mark.parametrize(
    ("cell", "line"),
    [
        ("≥90%", "target >= 90%"),
        ("≥ 90％", "target >= 90%"),
        ("<=2000元", "target <= 2000元"),
        ("500", "target 500"),
        ("=100%", "target 100%"),
        ("50万元", "target 50万元"),
        ("500人次", "target 500  # 人次"),
        ("≥20期", "target >= 20  # 期"),
        ("约500人", 'target "约500人"'),
        ("有效提升", 'target "有效提升"'),
    ],
)
def test_a_target_cell_becomes_a_target_line(cell: str, line: str) -> None:
    assert target_line(cell) == line


def test_round_trip_of_the_self_evaluation_table_keeps_every_target(tmp_path: Path) -> None:
    table = tmp_path / "table.xlsx"
    runner = CliRunner()
    assert runner.invoke(app, ["table", str(RUBRICS / "self-evaluation.rubric"), "-o", str(table)]).exit_code == 0
    draft = tmp_path / "draft.rubric"
    run = runner.invoke(app, ["import", str(table), "-o", str(draft)])
    assert run.exit_code == 0, run.output
    text = draft.read_text(encoding="utf-8")
    for line in ("target >= 500", "target >= 20", "target >= 90%", "target 100%", "target <= 2000元"):
        assert line in text
    assert "target >= 70%" in text and 'target "达成年度指标"' in text
    assert 'target "全年预算数（A）"' in text  # a target fact's label: descriptive in a draft
    rubricdsl.load(draft)  # the draft compiles


def test_a_hand_made_table_with_a_target_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["一级指标", "分值", "三级指标", "分值", "年度指标值", "评价标准"])
    sheet.append(["产出指标", 20, "培训人次", 10, "≥500人次", "按完成比例计分"])
    sheet.append(["产出指标", 20, "合格率", 10, 0.9, "合格率≥90%，计10分；否则计0分"])
    sheet["E3"].number_format = "0%"
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    path = tmp_path / "t.xlsx"
    book.save(path)
    out = tmp_path / "d.rubric"
    assert CliRunner().invoke(app, ["import", str(path), "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "target >= 500  # 人次" in text
    assert "target 90%" in text  # a cell formatted as a percent is that percent, not 0.9
    rubricdsl.load(out)
