"""`rubric eval RUBRIC many.jsonl|many.csv`: one row per project, streamed, exact, with documented exits."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.cli.batch import output_format
from rubricdsl.inputs.records import Line, read_jsonl
from tests.conftest import SEED_FACTS, SEED_RUBRIC

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def plain_facts() -> dict[str, Any]:
    facts: dict[str, Any] = json.loads(SEED_FACTS.read_text(encoding="utf-8"))
    del facts["$notes"]
    return facts


def write_jsonl(path: Path, records: list[Any], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return path


def test_jsonl_gives_one_row_per_project_with_ids_and_exact_scores(tmp_path: Path) -> None:
    first = {"$id": "湘潭-001", **plain_facts()}
    second = {**plain_facts(), "admin_expense": 32500}  # 6.5% → 2 − 0.375 = 1.625; no id: line 2
    path = write_jsonl(tmp_path / "projects.jsonl", [first, second])
    code, out, err = run("eval", str(SEED_RUBRIC), str(path))
    assert (code, err) == (0, "")
    rows = [json.loads(line, parse_float=Decimal) for line in out.splitlines()]
    assert [row["id"] for row in rows] == ["湘潭-001", "2"]
    assert rows[0]["total"] == 100 and rows[0]["grade"] == "优" and rows[0]["complete"] is True
    assert rows[1]["scores"]["admin_expense_rate"] == Decimal("1.625")
    assert rows[1]["total"] == Decimal("99.625")
    assert len(rows[0]["scores"]) == 21


def test_unreadable_lines_become_incomplete_rows_and_exit_1(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "projects.jsonl", [plain_facts()], ("{not json", "[1, 2]", ""))
    code, out, _ = run("eval", str(SEED_RUBRIC), str(path))
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(row["id"], row["complete"], row["problems"]) for row in rows] == [
        ("1", True, []),
        ("2", False, ["F407"]),
        ("3", False, ["F406"]),
    ]
    assert rows[1]["total"] is None and rows[1]["grade"] is None


def test_csv_cells_are_read_as_text_facts(tmp_path: Path) -> None:
    facts = plain_facts()
    header = ["id", *facts]
    yes_no = {True: "是", False: "否"}
    row = ["A1", *(yes_no[value] if isinstance(value, bool) else str(value) for value in facts.values())]
    shares = dict(row=row)
    second = list(row)
    second[0] = "A2"
    second[header.index("satisfaction")] = "0.949"  # a share, not a percent string: below 95%
    second[header.index("goal_set")] = "false"
    third = list(row)
    third[0] = "A3"
    third[header.index("activities")] = ""  # an empty cell is a missing fact
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, shares["row"], second, third])
    path = tmp_path / "projects.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    code, out, _ = run("eval", str(SEED_RUBRIC), str(path))
    assert code == 1
    table = list(csv.DictReader(io.StringIO(out)))
    assert [record["id"] for record in table] == ["A1", "A2", "A3"]
    assert table[0]["total"] == "100" and table[0]["complete"] == "true"
    assert (table[1]["satisfaction_rate"], table[1]["goal_content"], table[1]["total"]) == ("0", "15", "85")
    assert table[2]["complete"] == "false" and "F401" in table[2]["problems"].split()
    assert table[2]["public_activities"] == ""


def test_rows_match_evaluate_on_the_same_facts(tmp_path: Path) -> None:
    rubric = rubricdsl.load(SEED_RUBRIC)
    projects = [{**plain_facts(), "budget_spent": spent} for spent in (300000, 449999, 450000, 500000)]
    path = write_jsonl(tmp_path / "projects.jsonl", projects)
    _, out, _ = run("eval", str(SEED_RUBRIC), str(path))
    for line, facts in zip(out.splitlines(), projects, strict=True):
        row = json.loads(line, parse_float=Decimal)
        expected = rubric.evaluate(facts)
        assert row["total"] == expected.total and row["grade"] == expected.grade
        assert row["scores"] == {key: value for key, value in expected.scores().items()}


@pytest.mark.parametrize(
    ("requested", "facts", "output", "expected"),
    [
        ("csv", "a.jsonl", None, "csv"),
        ("json", "a.csv", None, "jsonl"),
        (None, "a.jsonl", "out.csv", "csv"),
        (None, "a.csv", "out.jsonl", "jsonl"),
        (None, "a.csv", None, "csv"),
        (None, "a.jsonl", "out.txt", "jsonl"),
    ],
)
def test_output_format_is_asked_or_follows_the_files(
    requested: str | None, facts: str, output: str | None, expected: str
) -> None:
    assert output_format(requested, Path(facts), Path(output) if output else None) == expected


def test_output_file_and_format_option(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "projects.jsonl", [plain_facts()])
    target = tmp_path / "results.csv"
    code, out, _ = run("eval", str(SEED_RUBRIC), str(path), "--output", str(target))
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8").splitlines()[0].startswith("id,complete,total,grade,note,problems,")


def test_batch_options_need_a_batch_file() -> None:
    code, _, err = run("eval", str(SEED_RUBRIC), str(SEED_FACTS), "--format", "csv")
    assert code == 2 and "--format csv/jsonl" in err


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "projects.jsonl", [plain_facts()] * 3)
    _, _, err = run("eval", str(SEED_RUBRIC), str(path))
    assert err == ""


def _endless(facts: dict[str, Any]) -> Iterator[Line]:
    line = json.dumps(facts) + "\n"
    for number in itertools.count(1):
        yield Line(number, line)


def test_reading_streams_one_record_at_a_time() -> None:
    records = read_jsonl(_endless(plain_facts()), frozenset())
    assert len(list(itertools.islice(records, 5))) == 5  # an endless input: only what is asked is read


def test_evaluate_many_streams() -> None:
    rubric = rubricdsl.load(SEED_RUBRIC)
    facts = plain_facts()
    results = rubric.evaluate_many(itertools.repeat(facts))  # endless: must not be consumed eagerly
    assert [result.total for result in itertools.islice(results, 3)] == [Decimal(100)] * 3
