"""`date` facts (issue 11 §2): read from every facts source as the day they write, compared with each other and
with date literals, refused with F460 when they write no day, and shown as the day (never its day number)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import rubricdsl
from rubricdsl.evaluate.reference import covers
from rubricdsl.inputs.facts import parse_date
from rubricdsl.ir.codegen import GeneratedInterpreter
from rubricdsl.ir.interpret import Interpreter
from rubricdsl.ir.lower import lower_program
from rubricdsl.syntax.dates import day_number, day_of, day_text, parse_day

RUBRIC = """\
rubric update "基础信息更新" 10
fact due "截止日期": date
fact done "完成日期": date, >= 2021-01-01
fact note_by "备案日期": date, optional, absent: not_applicable
indicator ontime "按时完成" 6 {
  when done <= due -> 6; done <= 2021年12月31日 -> 3; else 0
}
indicator filed "按时备案" 4 {
  when note_by < 2021-7-1 -> 4; else 0
}
"""


@pytest.fixture(scope="module")
def rubric() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(RUBRIC, name="update.rubric")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2021-12-31", datetime.date(2021, 12, 31)),
        ("2021-1-5", datetime.date(2021, 1, 5)),
        ("2021/01/05", datetime.date(2021, 1, 5)),
        ("2021.1.5", datetime.date(2021, 1, 5)),
        ("2021年12月31日", datetime.date(2021, 12, 31)),
        ("2021 年 1 月 5 日", datetime.date(2021, 1, 5)),
        (" 2021-12-31T00:00:00 ", datetime.date(2021, 12, 31)),
        ("2021-02-30", None),
        ("2021-13-01", None),
        ("2021-12", None),
        ("2021/12-31", None),  # mixed separators: no spelling a person uses
        ("2021-12-31T08:00", None),  # a time of day is not a day
        ("20211231", None),
        ("明天", None),
    ],
)
def test_date_text(text: str, day: datetime.date | None) -> None:
    assert parse_day(text) == day


def test_day_numbers_round_trip_and_order_like_the_calendar() -> None:
    first, second = datetime.date(2020, 12, 31), datetime.date(2021, 1, 1)
    assert day_number(second) - day_number(first) == 1
    assert day_of(day_number(first)) == first and day_text(day_number(second)) == "2021-01-01"
    assert day_of(Decimal("1.5")) is None and day_of(Decimal(0)) is None


@pytest.mark.parametrize(
    "value",
    ["2021-06-30", "2021年6月30日", datetime.date(2021, 6, 30), datetime.datetime(2021, 6, 30)],
)
def test_every_spelling_of_one_day_is_that_day(value: Any) -> None:
    assert parse_date(value) == day_number(datetime.date(2021, 6, 30))


def test_scores_compare_dates_with_dates_and_with_literals(rubric: rubricdsl.CompiledRubric) -> None:
    on_time = rubric.evaluate({"due": "2021-06-30", "done": "2021年6月30日", "note_by": "2021-06-30"})
    assert on_time.scores() == {"ontime": Decimal(6), "filed": Decimal(4)}
    late = rubric.evaluate({"due": "2021-06-30", "done": "2021-07-01", "note_by": "2021-07-01"})
    assert late.scores() == {"ontime": Decimal(3), "filed": Decimal(0)}
    very_late = rubric.evaluate({"due": "2021-06-30", "done": "2022-01-01"})
    assert very_late.scores()["ontime"] == Decimal(0)
    assert very_late.indicators[1].status == "not_applicable"


def test_dates_are_shown_as_days_everywhere(rubric: rubricdsl.CompiledRubric) -> None:
    result = rubric.evaluate({"due": "2021-06-30", "done": "2021年7月2日", "note_by": datetime.date(2021, 6, 1)})
    ontime = result.indicators[0]
    reads = {read.name: read for read in ontime.reads}
    assert reads["done"].value == datetime.date(2021, 7, 2) and reads["done"].shown == "2021-07-02"
    assert "2021-07-02" in ontime.reason.zh and "738" not in ontime.reason.zh
    document = json.loads(result.to_json(numbers="string"))
    assert document["indicators"][0]["reads"] == {"due": "2021-06-30", "done": "2021-07-02"}


def test_yaml_and_json_facts_files(rubric: rubricdsl.CompiledRubric, tmp_path: Path) -> None:
    from rubricdsl.inputs.files import read_facts_file as read_facts

    yaml_file = tmp_path / "f.yaml"
    yaml_file.write_text("due: 2021-06-30\ndone: 2021年6月29日\nnote_by: '2021-06-01'\n", encoding="utf-8")
    json_file = tmp_path / "f.json"
    json_file.write_text('{"due": "2021-06-30", "done": "2021-06-29", "note_by": "2021/6/1"}', encoding="utf-8")
    for path in (yaml_file, json_file):
        assert rubric.evaluate(read_facts(path)).total == Decimal(10)


def test_an_xlsx_date_cell_is_its_day(rubric: rubricdsl.CompiledRubric, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="the [excel] extra is part of [dev]")
    from rubricdsl.inputs.spreadsheet import read_spreadsheet

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["截止日期", datetime.date(2021, 6, 30)], ["完成日期", datetime.datetime(2021, 7, 1)]):
        sheet.append(row)
    path = tmp_path / "form.xlsx"
    workbook.save(path)
    (project,) = read_spreadsheet(path, rubric.schema).projects
    assert rubric.evaluate(project.facts).scores()["ontime"] == Decimal(3)


def test_a_csv_row_gives_dates_as_text(tmp_path: Path) -> None:
    import csv
    import io

    from typer.testing import CliRunner

    from rubricdsl.cli import app

    (tmp_path / "update.rubric").write_text(RUBRIC, encoding="utf-8")
    path = tmp_path / "p.csv"
    path.write_text("id,due,done\np1,2021-06-30,2021年6月30日\np2,2021-06-30,2021-07-15\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "update.rubric"), str(path)])
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["id"], row["ontime"]) for row in table] == [("p1", "6"), ("p2", "3")]


def test_every_problem_with_dates_is_listed_at_once(rubric: rubricdsl.CompiledRubric) -> None:
    result = rubric.evaluate({"due": "2021-02-30", "done": 44561, "note_by": "2020-12-31"})
    codes = {(problem.code, problem.subject) for problem in result.fact_problems}
    assert codes == {("F460", "due"), ("F460", "done")}
    bounded = rubric.evaluate({"due": "2021-06-30", "done": "2020-12-31"})
    (problem,) = bounded.fact_problems
    assert (problem.code, problem.subject) == ("F404", "done")
    assert "2021-01-01" in problem.message.zh


def test_the_fast_path_takes_date_objects_and_agrees_with_the_authority(rubric: rubricdsl.CompiledRubric) -> None:
    typed = {"due": datetime.date(2021, 6, 30), "done": datetime.date(2021, 6, 1)}
    fast = rubric.schema.convert(typed)
    slow = rubric.schema.validate(typed)
    assert fast == slow and fast[0]["due"] == day_number(datetime.date(2021, 6, 30))
    assert rubric.schema.convert({"due": datetime.date(2021, 6, 30), "done": datetime.date(2020, 1, 1)})[2]


def test_a_rubric_with_dates_is_scored_by_the_ir_alone(rubric: rubricdsl.CompiledRubric) -> None:
    assert not covers(rubric.checked)
    literal_only = rubricdsl.loads(
        'rubric r "r" 5\nfact n "n": count\nindicator a "a" 5 { when 2021-01-01 < 2021-01-02 -> 5; else 0 }\n'
    )
    assert not covers(literal_only.checked)


@pytest.mark.parametrize(
    "facts",
    [
        {"due": "2021-06-30", "done": "2021-06-30", "note_by": "2021-06-30"},
        {"due": "2021-06-30", "done": "2021-07-01"},
        {"due": "2021-06-30", "done": "2022-07-01", "note_by": "2021-07-01"},
        {"due": "bad", "done": "2022-07-01"},
        {"done": "2021-01-01"},
    ],
)
def test_interpreter_and_generated_code_agree_on_dates(rubric: rubricdsl.CompiledRubric, facts: Any) -> None:
    program = lower_program(rubric.checked)
    values, not_applicable, problems = rubric.schema.convert(facts)
    invalid = frozenset(p.subject for p in problems if p.code != "F401" and p.subject)
    expected = Interpreter(program).run(values, not_applicable, invalid)
    found = GeneratedInterpreter(program).run(values, not_applicable, invalid)
    assert (found.scores, found.traces, found.status) == (expected.scores, expected.traces, expected.status)
