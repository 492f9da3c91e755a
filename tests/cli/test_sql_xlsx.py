"""``rubric eval R facts --engine sql -o scores.xlsx``: the Python path's 汇总 sheet, streamed from DuckDB.

Every cell is held to the same run's Parquet and CSV outputs (the differential: one row per project, the key,
total, grade, complete, problems and every score, each number exact through its cell's value or comment), the
sheet to the Python engine's own 汇总 sheet where both engines' values are exact, the row limit to a refusal
before anything is written, and a failed run to the old file left whole."""

from __future__ import annotations

import csv
import errno
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
from openpyxl.worksheet._writer import ALL_TEMP_FILES
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.ir.lower import lower_program
from rubricdsl.outputs import xlsx, xlsx_stream
from rubricdsl.outputs.xlsx import number_format_for
from rubricdsl.syntax.nodes import IndicatorKind
from tests.cli.test_sql_cmd import write_sources
from tests.conftest import RUBRICS, SEED_RUBRIC
from tests.evaluate.sql.helpers import random_fact_sets

runner = CliRunner()


def _eval(rubric: Path, source: str, output: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["eval", str(rubric), source, "--engine", "sql", "-o", str(output), *extra])
    return result.exit_code, result.stderr


def exact(cell: Any) -> Decimal | None:
    """The number a cell stands for: its exact value from the comment where the double is not it, else its value;
    the display format must show the value's own digits."""
    if cell.value is None:
        return None
    value = Decimal(cell.comment.text.rpartition(": ")[2]) if cell.comment else Decimal(repr(cell.value))
    assert cell.number_format == number_format_for(value), (cell.coordinate, cell.number_format, value)
    return value


def sheet_rows(path: Path) -> tuple[list[Any], list[list[Any]], list[Any]]:
    """(the header's values, the project rows' cells, the footer's values) of the 汇总 sheet."""
    sheet = openpyxl.load_workbook(path)["汇总"]
    rows = list(sheet.iter_rows())
    header, body, blank, footer = rows[1], rows[2:-2], rows[-2], rows[-1]
    assert all(cell.value is None for cell in blank)
    return [cell.value for cell in header], [list(row) for row in body], [cell.value for cell in footer]


def assert_sheet_is_the_table(
    compiled: rubricdsl.CompiledRubric, workbook: Path, table: list[dict[str, Any]], key: str = "id"
) -> None:
    """The 汇总 sheet holds, row for row, what the Parquet/CSV output holds (``table``: its rows as text)."""
    infos = compiled.checked.indicators
    header, body, footer = sheet_rows(workbook)
    assert header == [
        "项目",
        "合计得分",
        "等级",
        "是否完成",
        "问题",
        *(info.node.label or info.node.id for info in infos),
    ]
    assert footer[0] == f"评分规则 {compiled.id}，内容哈希 SHA-256 {compiled.sha256}"
    assert len(body) == len(table)
    for cells, row in zip(body, table, strict=True):
        complete = row["complete"].lower() == "true"
        assert cells[0].value == row[key]
        assert exact(cells[1]) == Decimal(row["total"])
        assert cells[2].value == (row["grade"] or None if complete else None)
        assert cells[3].value == ("是" if complete else "否（未完成）")
        assert cells[4].value == (row["problems"] or None)
        for cell, info in zip(cells[5:], infos, strict=True):
            text = row[info.node.id]
            wanted = Decimal(text) if text else None
            if wanted and info.node.kind is IndicatorKind.PENALTY:
                wanted = -wanted  # the points it takes off, as the Python path's sheet shows a penalty
            assert exact(cell) == wanted, (row[key], info.node.id)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return format(value, "f") if isinstance(value, Decimal) else str(value)


@pytest.mark.parametrize("kind", ["parquet", "csv", "duckdb"])
def test_the_sheet_holds_what_the_parquet_and_csv_outputs_hold(tmp_path: Path, kind: str) -> None:
    seed = rubricdsl.load(SEED_RUBRIC)
    projects = random_fact_sets(lower_program(seed.checked), 150, seed=23)
    source = write_sources(tmp_path, seed, projects)[kind]
    codes = set()
    for suffix in (".xlsx", ".parquet", ".csv"):
        code, err = _eval(SEED_RUBRIC, source, tmp_path / f"scores{suffix}", "--lang", "en")
        codes.add(code)
        assert f"{len(projects)} project(s) scored in SQL (duckdb)" in err
    assert codes == {1}  # the generated projects include incomplete ones
    with (tmp_path / "scores.csv").open(encoding="utf-8", newline="") as handle:
        from_csv = list(csv.DictReader(handle))
    parquet = duckdb.connect().sql(f"SELECT * FROM read_parquet('{tmp_path / 'scores.parquet'}')")
    from_parquet = [dict(zip(parquet.columns, map(_as_text, row), strict=True)) for row in parquet.fetchall()]
    assert any(row["problems"] for row in from_csv) and any(not row["problems"] for row in from_csv)
    assert_sheet_is_the_table(seed, tmp_path / "scores.xlsx", from_csv)
    assert_sheet_is_the_table(seed, tmp_path / "scores.xlsx", from_parquet)


def test_a_penalty_sheet_is_the_python_engines_sheet(tmp_path: Path) -> None:
    """Where every score is exact in both engines, the two 汇总 sheets are equal cell for cell (a penalty's
    column negated in both), title and footer included."""
    from tests.outputs.test_rows import PENALTY_FACTS, PENALTY_RUBRIC

    rubric = tmp_path / "pen.rubric"
    rubric.write_text(PENALTY_RUBRIC, encoding="utf-8")
    facts = tmp_path / "pen.csv"
    facts.write_text(PENALTY_FACTS, encoding="utf-8")
    python = runner.invoke(app, ["eval", str(rubric), str(facts), "-o", str(tmp_path / "py.xlsx")])
    assert python.exit_code == 0, python.stderr
    code, err = _eval(rubric, str(facts), tmp_path / "sql.xlsx")
    assert code == 0, err

    def cells(path: Path) -> list[list[tuple[Any, str, str | None]]]:
        sheet = openpyxl.load_workbook(path)["汇总"]
        return [
            [(cell.value, cell.number_format, cell.comment.text if cell.comment else None) for cell in row]
            for row in sheet.iter_rows()
        ]

    assert cells(tmp_path / "sql.xlsx") == cells(tmp_path / "py.xlsx")
    assert any(row[6][0] == -2 for row in cells(tmp_path / "sql.xlsx"))  # the penalty, as the points taken off


def test_a_score_with_more_digits_than_a_double_is_exact_in_its_comment(tmp_path: Path) -> None:
    rubric = tmp_path / "third.rubric"
    rubric.write_text(
        'rubric third "三分之一" 10000000\nrounding indicators 10\nfact spent: money 元\nfact planned: money 元\n'
        'indicator share "比例" 10000000 { formula 10000000 * spent / planned }\n',
        encoding="utf-8",
    )
    compiled = rubricdsl.load(rubric)
    facts = tmp_path / "facts.csv"
    facts.write_text("id,spent,planned\na,1,3\nb,12345678.9999,12345679\nc,1,2\n", encoding="utf-8")
    for suffix in (".xlsx", ".csv"):
        code, err = _eval(rubric, str(facts), tmp_path / f"s{suffix}")
        assert code == 0, err
    with (tmp_path / "s.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert_sheet_is_the_table(compiled, tmp_path / "s.xlsx", table)
    _, body, _ = sheet_rows(tmp_path / "s.xlsx")
    third = body[0][5]  # 3333333.3333333333: 17 digits, which the sheet's text of a double cuts to 16
    assert third.comment is not None and third.comment.text.endswith(": 3333333.3333333333")
    assert body[2][5].comment is None and body[2][5].value == 5000000


def test_more_rows_than_a_sheet_holds_are_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = rubricdsl.load(SEED_RUBRIC)
    projects = random_fact_sets(lower_program(seed.checked), 6, seed=5)
    source = write_sources(tmp_path, seed, projects)["csv"]
    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 4 + 5)  # title, header, blank and footer, 5 projects
    output = tmp_path / "scores.xlsx"
    output.write_bytes(b"the workbook of the last run")
    for lang, words in (
        ("en", f"refusing to write `{output}`: the input has 6 projects and one sheet holds at most 5"),
        ("zh", f"拒绝写入 `{output}`：输入有 6 个项目，而一个工作表最多容纳 5 个项目"),
    ):
        code, err = _eval(SEED_RUBRIC, source, output, "--lang", lang)
        assert code == 2 and words in err, err
        assert "1,048,576" in err
    assert output.read_bytes() == b"the workbook of the last run"
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".scores.xlsx")]
    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 4 + 6)  # exactly full: written
    code, err = _eval(SEED_RUBRIC, source, output)
    assert code in (0, 1), err
    assert openpyxl.load_workbook(output)["汇总"].max_row == 10


def test_a_run_that_fails_while_writing_leaves_the_old_workbook_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = rubricdsl.load(SEED_RUBRIC)
    source = write_sources(tmp_path, seed, random_fact_sets(lower_program(seed.checked), 30, seed=9))["parquet"]
    output = tmp_path / "scores.xlsx"
    output.write_bytes(b"the workbook of the last run")
    real = xlsx_stream.summary_row
    written = []

    def disk_full_at_the_tenth_row(*args: Any) -> None:
        written.append(args[1])
        if len(written) == 10:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(*args)

    monkeypatch.setattr(xlsx_stream, "summary_row", disk_full_at_the_tenth_row)
    openpyxl_temporaries = list(ALL_TEMP_FILES)
    code, err = _eval(SEED_RUBRIC, source, output, "--lang", "en")
    assert code == 2 and f"cannot write `{output}`: the disk is full; nothing was changed" in err, err
    assert len(written) == 10
    assert output.read_bytes() == b"the workbook of the last run"
    assert sorted(path.name for path in tmp_path.iterdir() if "scores" in path.name) == ["scores.xlsx"]
    assert openpyxl_temporaries == ALL_TEMP_FILES  # the sheet's own temporary file (its rows so far) is gone too


def test_the_excel_row_limit_is_excels() -> None:
    assert xlsx_stream.EXCEL_MAX_ROWS == 2**20 == 1_048_576
    assert xlsx_stream.most_projects() == 2**20 - 4  # less the title, header, blank and footer rows
    help_text = runner.invoke(app, ["eval", "--help"], terminal_width=400).stdout
    assert ".xlsx" in help_text and f"{xlsx_stream.most_projects():,}" in " ".join(help_text.split())


def test_an_output_that_is_the_input_is_refused(tmp_path: Path) -> None:
    rubric = RUBRICS / "self-evaluation.rubric"
    facts = tmp_path / "facts.csv"
    facts.write_text("id\n", encoding="utf-8")
    code, err = _eval(rubric, str(facts), facts, "--lang", "en")
    assert code == 2 and "it is the input file" in err
    assert facts.read_text(encoding="utf-8") == "id\n"


def test_without_openpyxl_the_workbook_is_refused_with_e501_before_scoring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rubricdsl.inputs.spreadsheet import MissingExtra

    def missing() -> None:
        raise MissingExtra("excel")

    monkeypatch.setattr(xlsx_stream, "require_openpyxl", missing)
    facts = tmp_path / "facts.csv"
    facts.write_text("id\n", encoding="utf-8")
    code, err = _eval(RUBRICS / "self-evaluation.rubric", str(facts), tmp_path / "s.xlsx", "--lang", "en")
    assert code == 2 and "E501" in err and "rubricdsl[excel]" in err, err
    assert not (tmp_path / "s.xlsx").exists()
