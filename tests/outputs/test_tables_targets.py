"""The 年度指标值 column (issue 12, from issue 10 form 7): in the blank 评价指标表 and the scored
指标完成情况表 of every format, beside the 实际完成值, when the rubric states targets — and not otherwise."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rubricdsl.cli import app
from tests.conftest import RUBRICS, SEED_RUBRIC

openpyxl = pytest.importorskip("openpyxl", reason="the [excel] extra is part of [dev]")
docx = pytest.importorskip("docx", reason="the [word] extra is part of [dev]")

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("RUBRIC_UPDATE_GOLDEN") == "1"
SELF = RUBRICS / "self-evaluation.rubric"
SELF_FACTS = RUBRICS / "self-evaluation.facts.yaml"


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; RUBRIC_UPDATE_GOLDEN=1 rewrites it"


def test_self_evaluation_table_markdown_is_golden() -> None:
    run = _run("table", str(SELF))
    assert run.exit_code == 0, run.stderr
    _golden("self-evaluation-table.md", run.stdout)
    header = next(line for line in run.stdout.splitlines() if line.startswith("| 一级指标"))
    assert header.endswith("| 评价标准 | 年度指标值 |")
    assert "| 按培训人次/500的比例计分，最高15分 | ≥500 |" in run.stdout


def test_self_evaluation_report_html_is_golden() -> None:
    run = _run("report", str(SELF), str(SELF_FACTS))
    assert run.exit_code == 0, run.stderr
    _golden("self-evaluation-report.html", run.stdout)
    assert "<th>评价标准</th>\n<th>年度指标值</th>\n<th>实际完成值</th>\n<th>得分</th>" in run.stdout


def test_a_rubric_without_targets_keeps_its_columns() -> None:
    run = _run("table", str(SEED_RUBRIC))
    assert run.exit_code == 0 and "年度指标值" not in run.stdout


def _sheet_rows(path: Path, sheet: str | None = None) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path)
    return list((book[sheet] if sheet else book.active).iter_rows(values_only=True))


def test_report_xlsx_has_target_and_actual_cells_as_numbers_or_stated_text(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    run = _run("report", str(SELF), str(SELF_FACTS), "-o", str(out))
    assert run.exit_code == 0, run.stderr
    book = openpyxl.load_workbook(out)
    sheet = book["指标完成情况表"]
    header = [cell.value for cell in sheet[3]]
    assert header[6:] == ["评价标准", "年度指标值", "实际完成值", "得分", "扣分原因"]
    target_column = header.index("年度指标值") + 1
    rows = {sheet.cell(r, 5).value or sheet.cell(r, 3).value: r for r in range(4, sheet.max_row + 1)}
    on_time = rows["补贴资金按时发放率"]
    cell = sheet.cell(on_time, target_column)
    assert cell.value == 1 and cell.number_format.endswith("%")  # `target 100%`: the share, shown as 100%
    assert sheet.cell(rows["培训人次"], target_column).value == "≥500"  # a comparison stays as stated
    assert sheet.cell(rows["人均培训成本"], target_column).value == "≤2000元"
    assert sheet.cell(rows["预算执行率"], target_column).value == "120万元"  # a target fact's value
    assert sheet.cell(rows["预算执行率"], target_column + 1).value == "114万元"
    assert sheet.cell(rows["培训人次"], target_column + 1).value == 520
    assert sheet.cell(rows["培训人次"], target_column + 2).value == 15
    total_row = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value == "合计")
    assert sheet.cell(total_row, target_column + 2).value == pytest.approx(94.59)  # 得分 shifted with the column


def test_table_docx_and_report_docx_have_the_column(tmp_path: Path) -> None:
    for command, args in (("table", []), ("report", [str(SELF_FACTS)])):
        out = tmp_path / f"{command}.docx"
        run = _run(command, str(SELF), *args, "-o", str(out))
        assert run.exit_code == 0, run.stderr
        (grid, *_) = docx.Document(str(out)).tables
        header = [cell.text for cell in grid.rows[0].cells]
        assert "年度指标值" in header
        column = header.index("年度指标值")
        texts = [row.cells[column].text for row in grid.rows[1:]]
        assert "≥90%" in texts and "达成年度指标" in texts
        if command == "report":
            assert header[column + 1 : column + 3] == ["实际完成值", "得分"]
            total = grid.rows[-1].cells
            assert total[column + 2].text == "94.59"


def test_report_with_the_target_column_fits_an_a4_page_in_chromium(tmp_path: Path) -> None:
    """The self-evaluation report (three levels plus 年度指标值 and 实际完成值: 11 columns) rendered by a real
    headless Chromium: not blank, nothing reaching the right edge, laid out no wider than A4, every row there."""
    from tests.outputs.test_browser import A4_HEIGHT, A4_WIDTH, ARTIFACTS, CHROMIUM, _chromium, _ink, _png_pixels

    if CHROMIUM is None:
        pytest.skip("no chromium here; run .ci/browser.sh to install it")  # CI has it (test_browser refuses else)
    page = tmp_path / "report.html"
    assert _run("report", str(SELF), str(SELF_FACTS), "-o", str(page)).exit_code == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "self-evaluation-targets.png"
    done = _chromium(tmp_path, f"--screenshot={shot}", page.as_uri())
    assert shot.is_file(), done.stderr[-2000:]
    width, channels, rows = _png_pixels(shot)
    assert width == A4_WIDTH and len(rows) == A4_HEIGHT
    inked = [row for row in rows if any(_ink(row[i : i + channels]) for i in range(0, len(row), channels))]
    assert len(inked) > A4_HEIGHT // 3, "the page is (nearly) blank"
    edge = [row[(width - 12) * channels :] for row in rows]
    assert not any(_ink(strip[i : i + channels]) for strip in edge for i in range(0, len(strip), channels))
    measured = tmp_path / "measured.html"
    probe = (
        "<script>document.addEventListener('DOMContentLoaded', () => {"
        "document.body.setAttribute('data-width', document.documentElement.scrollWidth);"
        "document.body.setAttribute('data-rows', document.querySelectorAll('tr[data-indicator]').length);"
        "document.body.setAttribute('data-th', [...document.querySelectorAll('th')].map(t => t.textContent)"
        ".join('|'));});</script></body>"
    )
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", probe), encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", measured.as_uri()).stdout
    found = re.search(r'data-width="(\d+)" data-rows="(\d+)" data-th="([^"]*)"', dom)
    assert found is not None
    assert int(found[1]) <= A4_WIDTH and int(found[2]) == 10
    assert "年度指标值|实际完成值|得分" in found[3]
