"""Hostile and clumsy batch files: one record in → exactly one row out, the run goes on, nothing crashes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.inputs.records import MAX_RECORD_BYTES
from rubricdsl.render.diagnostics import render_text
from rubricdsl.render.table import result_table

runner = CliRunner()

RUBRIC = """rubric demo "示例" 10
fact activities "活动次数": count
fact budget "预算": money
indicator events "活动" 6 {
  score activities: >= 12 -> 6; >= 6 -> 3; else 0
}
indicator spending "支出" 4 {
  score budget: > 0 -> 4; else 0
}
"""


@pytest.fixture()
def rubric(tmp_path: Path) -> Path:
    path = tmp_path / "demo.rubric"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def jsonl_rows(rubric: Path, path: Path) -> tuple[int, list[dict[str, object]], str]:
    before = path.read_bytes()
    code, out, err = run("eval", str(rubric), str(path), "-f", "jsonl")
    assert path.read_bytes() == before
    return code, [json.loads(line) for line in out.splitlines()], err


def csv_rows(rubric: Path, path: Path, *extra: str) -> tuple[int, list[dict[str, str]], str]:
    before = path.read_bytes()
    code, out, err = run("eval", str(rubric), str(path), "-f", "csv", *extra)
    assert path.read_bytes() == before
    return code, list(csv.DictReader(io.StringIO(out))), err


GOOD = '{"$id": "%s", "activities": 12, "budget": 5}'


# ---- class 2: one bad record is one row -------------------------------------------------------------------
def test_invalid_utf8_on_one_line_is_one_bad_row(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes((GOOD % "a").encode() + b"\n" + b'{"$id": "b\xff"}\n' + (GOOD % "c").encode() + b"\n")
    code, rows, err = jsonl_rows(rubric, path)
    assert code == 1
    assert [(row["id"], row["complete"], row["problems"]) for row in rows] == [
        ("a", True, []),
        ("2", False, ["F420"]),
        ("c", True, []),
    ]
    assert "F420" in err and "1 unreadable" in err


def test_lone_surrogates_in_id_and_value_do_not_crash(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    lines = [
        '{"$id": "\\ud800", "activities": 12, "budget": 5}',
        '{"$id": "x", "activities": "\\udc00", "budget": 5}',
        '{"\\ud800": 1, "activities": 12, "budget": 5}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, rows, _ = jsonl_rows(rubric, path)
    assert code == 1 and len(rows) == 3
    assert rows[0]["id"] == "\ud800" and rows[0]["complete"] is True  # JSONL is exact: the escape round-trips
    assert rows[1]["problems"] == ["F403", "E303"]
    assert rows[2]["problems"] == ["F402"]
    code, table, _ = csv_rows(rubric, path)
    assert [row["id"] for row in table] == ["\\ud800", "x", "3"]


def test_lone_surrogates_at_the_facts_boundary(rubric: Path, tmp_path: Path) -> None:
    compiled = rubricdsl.load(rubric)
    facts = {"activities": "\ud800", "budget": ["\udfff"], "not_applicable": ["\ud800"]}
    assert sorted(problem.code for problem in compiled.validate_facts(facts)) == ["F403", "F403", "F408"]
    result = compiled.evaluate(facts)
    assert not result.complete
    shown = "\n".join(render_text(problem, None, "en") for problem in result.fact_problems)
    assert "\\ud800" in shown and "\ud800" not in shown
    single = tmp_path / "one.json"
    single.write_text('{"activities": "\\ud800", "budget": 1, "$id": "\\udc00"}', encoding="utf-8")
    code, _, err = run("eval", str(rubric), str(single))
    assert code == 1 and "F403" in err


def test_a_list_inside_not_applicable_is_a_problem_not_a_crash(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"activities": 12, "budget": 5, "not_applicable": [["events"]]}\n', encoding="utf-8")
    code, rows, _ = jsonl_rows(rubric, path)
    assert code == 1 and rows[0]["problems"] == ["F408"]


def test_csv_field_over_the_default_limit_is_read(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,activities,budget,$note\nA1,12,5," + "x" * 200_000 + "\nA2,12,5,y\n", encoding="utf-8")
    code, rows, _ = csv_rows(rubric, path)
    assert code == 0 and [row["id"] for row in rows] == ["A1", "A2"]


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_every_line_end_gives_one_row_per_line(rubric: Path, tmp_path: Path, end: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        end.join(["id,activities,budget", "A1,12,5", "A2,6,5", "A3,1,5"]) + end, encoding="utf-8", newline=""
    )
    code, rows, _ = csv_rows(rubric, path)
    assert code == 0 and [(row["id"], row["total"]) for row in rows] == [("A1", "10"), ("A2", "7"), ("A3", "4")]
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text(end.join([GOOD % "a", GOOD % "b"]), encoding="utf-8", newline="")
    assert [row["id"] for row in jsonl_rows(rubric, jsonl)[1]] == ["a", "b"]


def test_a_stray_cr_in_an_unquoted_cell_is_one_bad_row(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"id,activities,budget\nA1,12\rX,5\nA2,12,5\n")
    code, rows, err = csv_rows(rubric, path)
    assert code == 1
    assert [(row["id"], row["problems"]) for row in rows] == [("A1", "F422"), ("A2", "")]
    assert "line 2, column 2" in err


# ---- class 3: CSV rows are never lost silently --------------------------------------------------------------
def test_an_unclosed_quote_costs_one_row_not_the_rest(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text('id,activities,budget\nA1,"12,5\nA2,12,5\nA3,12,5\nA4,12,5\n', encoding="utf-8")
    code, rows, err = csv_rows(rubric, path)
    assert code == 1
    assert [(row["id"], row["problems"]) for row in rows] == [("A1", "F422"), ("A2", ""), ("A3", ""), ("A4", "")]
    assert "line 2, column 2: a quoted cell is not closed" in err


def test_a_quoted_cell_may_still_hold_line_breaks(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text('id,activities,budget,$备注\nA1,12,5,"第一行\n第二行"\nA2,12,5,\n', encoding="utf-8")
    code, rows, _ = csv_rows(rubric, path)
    assert code == 0 and [row["id"] for row in rows] == ["A1", "A2"]


def test_extra_cells_are_reported_with_their_columns(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,budget,activities\nA1,1,500,12\nA2,5,12,,\n", encoding="utf-8")
    code, rows, err = csv_rows(rubric, path)
    assert code == 1
    assert [(row["id"], row["problems"]) for row in rows] == [("A1", "F423"), ("A2", "")]  # empty extras are harmless
    assert "line 2: column(s) 4 hold values" in err


def test_a_duplicated_column_is_reported(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,activities,budget,activities\nA1,12,5,6\nA2,12,5,12\nA3,,5,12\n", encoding="utf-8")
    code, rows, err = csv_rows(rubric, path)
    assert code == 1
    assert [(row["id"], row["problems"], row["total"]) for row in rows] == [
        ("A1", "F424", ""),
        ("A2", "", "10"),
        ("A3", "", "10"),
    ]
    assert "column `activities` appears more than once in the header (columns 2, 4)" in err


# ---- class 6: a record has a size cap -------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_record_over_the_cap_is_one_bad_row(rubric: Path, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"p{suffix}"
    huge = "x" * (MAX_RECORD_BYTES + 10)
    if suffix == ".jsonl":
        path.write_text(f'{{"$n": "{huge}"}}\n{GOOD % "b"}\n', encoding="utf-8")
    else:
        path.write_text(f"id,activities,budget\nA1,12,{huge}\nA2,12,5\n", encoding="utf-8")
    code, out, _ = run("eval", str(rubric), str(path), "-f", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and [row["problems"] for row in rows] == [["F421"], []]


# ---- class 14: CSV formula injection ------------------------------------------------------------------------
def test_formula_cells_are_neutralised_in_csv_and_exact_in_jsonl(rubric: Path, tmp_path: Path) -> None:
    ids = ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain"]
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps({"$id": ident, "activities": 12, "budget": 5}) + "\n" for ident in ids))
    _, rows, _ = csv_rows(rubric, path)
    assert [row["id"] for row in rows] == ["'" + ident for ident in ids[:-1]] + ["plain"]
    assert [row["id"] for row in jsonl_rows(rubric, path)[1]] == ids


# ---- class 17 and encodings -----------------------------------------------------------------------------------
def test_not_applicable_cells_are_split_and_stripped(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text('id,activities,budget,not_applicable\nA1,,5,"spending; events"\nA2,12,,spending、 \n')
    code, rows, _ = csv_rows(rubric, path)
    assert code == 1  # A1: both indicators marked, nothing left to score (E305); no F408 for " events"
    assert [(row["id"], row["problems"]) for row in rows] == [("A1", "E305"), ("A2", "")]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_gb18030_files_from_wps_are_read(rubric: Path, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"p{suffix}"
    text = (
        "id,activities,budget\n项目一,12,5\n项目二,6,5\n"
        if suffix == ".csv"
        else "\n".join(GOOD % ident for ident in ("项目一", "项目二")) + "\n"
    )
    path.write_bytes(text.encode("gb18030"))
    code, out, err = run("eval", str(rubric), str(path), "-f", "jsonl")
    assert code == 0 and [json.loads(line)["id"] for line in out.splitlines()] == ["项目一", "项目二"]
    assert "GB18030" in err


def test_a_utf8_file_with_one_bad_line_is_not_taken_for_gb18030(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes("id,activities,budget\n项目一,12,5\n".encode() + b"A\xe4\xb8,12,5\n")
    code, rows, _ = csv_rows(rubric, path)
    assert code == 1
    assert [(row["id"], row["problems"]) for row in rows] == [("项目一", ""), ("3", "F420")]


def test_utf8_with_bom_and_utf16_refused(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"\xef\xbb\xbfid,activities,budget\nA1,12,5\n")
    assert csv_rows(rubric, path)[1][0]["id"] == "A1"
    path.write_bytes("id,activities,budget\nA1,12,5\n".encode("utf-16"))
    code, out, err = run("eval", str(rubric), str(path))
    assert code == 1 and out == "" and "neither UTF-8 nor GB18030" in err and "UTF-16" in err


# ---- class 15: terminal escapes ------------------------------------------------------------------------------
def test_control_characters_from_facts_never_reach_the_terminal(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text(json.dumps({"activities": 12, "budget": 5, "\x1b]52;c;aGk=\x07\u202e": 1}), encoding="utf-8")
    code, out, err = run("eval", str(rubric), str(path))
    assert code == 1
    assert "\x1b" not in out + err and "\u202e" not in err and "\\x1b]52;c;aGk=\\x07\\u202e" in err


def test_control_characters_and_markup_in_rubric_labels_are_shown_as_written() -> None:
    compiled = rubricdsl.loads(RUBRIC.replace('"活动" 6', '"活动\u202e[bold]x[/]" 6'))
    from rich.console import Console

    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(result_table(compiled.evaluate({"activities": 12, "budget": 5}), "zh"))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\\u202e[bold]x[/]" in shown and "\u202e" not in shown


def test_a_header_that_is_no_row_refuses_the_file_and_writes_no_table(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text('id,"activities,budget\nA1,12,5\n', encoding="utf-8")
    code, out, err = run("eval", str(rubric), str(path), "-f", "csv")
    assert (code, out) == (1, "") and "header row (line 1) cannot be read" in err
    path.write_text("id,activities,budget\n", encoding="utf-8")
    code, out, _ = run("eval", str(rubric), str(path), "-f", "csv")  # no records: the header alone
    assert (code, out.splitlines()) == (0, ["id,complete,total,grade,note,problems,events,spending"])
