"""``rubric eval … -o results.xlsx`` on the Python engine: more projects than one 汇总 sheet holds are refused
before anything is scored or written, as ``--engine sql`` refuses them (tests/cli/test_sql_xlsx.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from rubricdsl.cli import app
from rubricdsl.outputs import xlsx
from tests.conftest import SEED_FACTS, SEED_RUBRIC


def _seed_csv(path: Path, projects: int) -> Path:
    facts = {k: v for k, v in json.loads(SEED_FACTS.read_text(encoding="utf-8")).items() if not k.startswith("$")}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *facts])
        for number in range(projects):
            writer.writerow([f"p{number}", *(str(v).lower() if isinstance(v, bool) else v for v in facts.values())])
    return path


def _eval(source: Path, output: Path, *extra: str) -> tuple[int, str]:
    run = CliRunner().invoke(app, ["eval", str(SEED_RUBRIC), str(source), "-o", str(output), *extra])
    return run.exit_code, run.stderr


def test_more_projects_than_a_sheet_holds_are_refused_and_the_old_file_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _seed_csv(tmp_path / "projects.csv", 6)
    output = tmp_path / "results.xlsx"
    output.write_bytes(b"the workbook of the last run")
    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 4 + 5)  # title, header, blank and footer rows: 5 projects
    for lang, words in (
        ("en", f"refusing to write `{output}`: the input has 6 projects and one sheet holds at most 5"),
        ("zh", f"拒绝写入 `{output}`：输入有 6 个项目，而一个工作表最多容纳 5 个项目"),
    ):
        code, err = _eval(source, output, "--lang", lang)
        assert code == 2 and words in " ".join(err.split()), err
    assert output.read_bytes() == b"the workbook of the last run"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["projects.csv", "results.xlsx"]


def test_a_sheet_exactly_full_is_written_with_its_footer_on_the_last_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _seed_csv(tmp_path / "projects.csv", 6)
    output = tmp_path / "results.xlsx"
    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 4 + 6)
    monkeypatch.setattr(xlsx, "MAX_PROJECT_SHEETS", 2)  # so the note that sheets were left out is written too
    code, err = _eval(source, output)
    assert code == 0, err
    sheet = openpyxl.load_workbook(output)["汇总"]
    assert sheet.max_row == 10
    assert [sheet.cell(row, 1).value for row in range(3, 9)] == [f"p{n}" for n in range(6)]
    assert "超过 2 个" in str(sheet.cell(9, 1).value)  # the note, on the row between the table and the footer
    assert str(sheet.cell(10, 1).value).startswith("评分规则 ")
