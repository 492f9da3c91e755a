"""Dates in SQL: date facts as DATE columns (day numbers), comparisons, ``days_between``, date bounds and
defaults, and ``working_days_between`` on the calendar the Python path counts by (2004–2026; a day outside
it fails with F461) — every cell equal to the Python evaluator's in DuckDB, PostgreSQL and Spark; and CSV
text cells parsed as the facts layer parses them (DuckDB)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import rubricdsl
from rubricdsl.ir.calendar import covered_years
from rubricdsl.ir.lower import lower_program
from tests.evaluate.sql.engines import as_python_reads_csv, engine, score_csv  # noqa: F401  (engine: the fixture)
from tests.evaluate.sql.helpers import Engine, actual_row, assert_agree, expected_row, random_fact_sets

pytest.importorskip("duckdb")

DATED = """
rubric dated "按时完成" 30
fact due "截止日期": date
fact done "完成日期": date, >= 2004-01-01
fact checked "验收日期": date, in [2021-01-01, 2021-12-31), absent: not_applicable
fact reported "报告日期": date, default 2021-06-30
let late "逾期工作日" = working_days_between(due, done)
let span "历时" = days_between(due, done)
indicator info "基础信息更新" 10 {
  deduct late: base 10, -0.5 per 5 above 0, whole steps
}
indicator ontime "按时完成" 10 {
  when done <= due -> 10; done <= 2021年12月31日 -> 5; else 0
}
indicator accepted "验收及时" 5 {
  deduct days_between(done, checked): base 5, -1 per 7 above 0, started steps
}
indicator reporting "报告及时" 5 {
  deduct working_days_between(2021-06-01, reported): base 5, -1 per 3 above 0, whole steps
}
"""


def near_pairs(count: int, seed: int) -> list[dict[str, Any]]:
    """Deadlines across (and just beyond) the calendar's years, each done within weeks of it, before or after;
    the other facts sometimes absent, at a bound, or beside it."""
    rng = random.Random(seed)
    first, last = datetime.date(2003, 12, 1).toordinal(), datetime.date(2027, 1, 31).toordinal()
    sets = []
    for _ in range(count):
        due = datetime.date.fromordinal(rng.randint(first, last))
        facts: dict[str, Any] = {"due": due, "done": due + datetime.timedelta(rng.randint(-15, 45))}
        if rng.random() < 0.7:
            facts["checked"] = rng.choice(
                [datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)]
            ) + datetime.timedelta(rng.randint(-2, 2))
        if rng.random() < 0.5:
            facts["reported"] = datetime.date(2021, 6, 1) + datetime.timedelta(rng.randint(-10, 60))
        sets.append(facts)
    return sets


def test_dates_and_working_days_agree(engine: tuple[str, Engine]) -> None:  # noqa: F811
    dialect, run = engine
    rubric = rubricdsl.loads(DATED)
    sets = near_pairs(500, seed=17) + random_fact_sets(lower_program(rubric.checked), 300, seed=19)
    assert assert_agree(rubric, sets, run, dialect=dialect) == len(sets)


def test_the_sets_reach_every_outcome() -> None:
    """Not vacuous: on these sets Python reports F461 (a day beyond the calendar), F404 and F401, and scores
    the working-day deduction at more than one step."""
    rubric = rubricdsl.loads(DATED)
    program = lower_program(rubric.checked)
    results = [rubric.evaluate(facts) for facts in near_pairs(500, seed=17) + random_fact_sets(program, 300, 19)]
    codes = {d.code for result in results for d in (*result.fact_problems, *result.errors)}
    assert {"F461", "F404", "F401"} <= codes
    assert len({result.scores()["info"] for result in results} - {None}) >= 4


EVERY_DAY = """
rubric days "工作日" 1
fact start "开始": date
fact end "结束": date
let worked "工作日" = working_days_between(start, end)
indicator one "当日" 1 {
  when worked == 1 -> 1; worked == 0 -> 0; else 0
}
"""


def test_every_day_of_the_calendar_is_worked_or_not_as_in_python(engine: tuple[str, Engine]) -> None:  # noqa: F811
    """Each covered day, and the day before and after the covered years, from the day before it: the
    query's calendar is the Python path's, day for day (the ``arm`` column says which day was worked)."""
    dialect, run = engine
    first, last = covered_years()
    days = range(datetime.date(first, 1, 1).toordinal() - 1, datetime.date(last, 12, 31).toordinal() + 2)
    sets = [{"start": datetime.date.fromordinal(d - 1), "end": datetime.date.fromordinal(d)} for d in days]
    sets += [{"start": datetime.date.fromordinal(d), "end": datetime.date.fromordinal(d - 1)} for d in days[::7]]
    assert assert_agree(rubricdsl.loads(EVERY_DAY), sets, run, dialect=dialect) == len(sets)


SPELLINGS = [
    "2021-06-30",
    "2021-6-3",
    "2021/06/30",
    "2021.6.30",
    "2021-06/30",
    "2021年6月30日",
    "2021 年 6 月 30 日",
    "2021年\u30006月30日",
    "\u3000 2021-06-30\t",
    "2021-06-30T00:00:00",
    "2021-06-30 00:00",
    "2021-06-30 00:00:00.000",
    "2021-06-30T00:00:01",
    "2021-06-30T０0:00",
    "２０２１-０６-３０",
    "٢٠٢١-٠٦-٣٠",
    "2021-02-29",
    "2020-02-29",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "21-06-30",
    "20210630",
    "2021-006-30",
    "June 30, 2021",
    "2021-06-30" + " " * 31,
    "2021-06-30" + " " * 30,
    "",
    " ",
    "\u3000",
    "\x1c",
    "2021年6月30",
]


def test_csv_text_dates_are_read_as_the_facts_layer_reads_them(tmp_path: Path) -> None:
    """A CSV file's cells are text (DuckDB reads it ``all_varchar``): every spelling Python reads is the same
    day, every other is that row's F460, as the Python evaluator says for the same text."""
    from rubricdsl.evaluate.sql.build import compile_sql

    rubric = rubricdsl.loads(DATED)
    query = compile_sql(rubric, text_input=True)
    sets: list[dict[str, Any]] = [{"due": "2021-06-25", "done": text, "checked": text} for text in SPELLINGS]
    sets += [{"due": text, "done": "2021/07/09", "reported": text} for text in SPELLINGS]
    rows = score_csv(query, sets, tmp_path)
    read = 0
    for facts, row in zip(sets, rows, strict=True):
        expected = expected_row(rubric, as_python_reads_csv(facts), query.scale, query.boolean_traces)
        assert actual_row(query, row) == expected, facts
        read += not any(problem.startswith("F460:") for problem in expected["problems"])
    assert 0 < read < len(sets)  # some spellings are read, some are not


def test_a_date_column_must_be_a_date() -> None:
    from rubricdsl.evaluate.sql.build import compile_sql
    from rubricdsl.evaluate.sql.run import SourceError, score_rows

    query = compile_sql(rubricdsl.loads(DATED))
    table = pa.table(
        {
            "id": ["0"],
            "due": pa.array(["2021-06-30"]),
            "done": pa.array([datetime.date(2021, 7, 1)]),
            "checked": pa.array([None], pa.date32()),
            "reported": pa.array([None], pa.date32()),
        }
    )
    with pytest.raises(SourceError) as refused:
        score_rows(query, table)
    assert refused.value.diagnostic.code == "S604" and "`due`" in refused.value.diagnostic.message.en


def test_the_day_numbers_are_python_s_ordinals_in_every_dialect() -> None:
    from rubricdsl.evaluate.sql.build import compile_sql

    for dialect in ("duckdb", "postgres", "spark"):
        sql = compile_sql(rubricdsl.loads(DATED), dialect=dialect).sql
        assert f"+ {datetime.date(1970, 1, 1).toordinal()})" in sql
    assert Decimal(datetime.date(1970, 1, 1).toordinal()) == Decimal(719163)


def test_a_timestamp_column_is_a_date_at_midnight() -> None:
    """A data frame's datetime64 column is a TIMESTAMP (DuckDB): at midnight it is that day, as parse_date
    takes a datetime; at any other time (a microsecond past) it is F460, as Python says for the datetime."""
    from rubricdsl.evaluate.sql.build import compile_sql
    from rubricdsl.evaluate.sql.run import score_rows

    rubric = rubricdsl.loads(DATED)
    midnight = datetime.datetime(2021, 7, 5)
    times = [midnight, midnight + datetime.timedelta(microseconds=1), midnight + datetime.timedelta(hours=23), None]
    sets = [{"due": datetime.datetime(2021, 6, 30), "done": done, "checked": done} for done in times]
    query = compile_sql(rubric)
    columns: dict[str, Any] = {"id": [str(position) for position in range(len(sets))]}
    for fact in query.facts:
        columns[fact.name] = pa.array([facts.get(fact.name) for facts in sets], pa.timestamp("us"))
    rows = sorted(score_rows(query, pa.table(columns)), key=lambda row: int(row["id"]))
    found = [actual_row(query, row) for row in rows]
    python = [{name: value for name, value in facts.items() if value is not None} for facts in sets]
    assert found == [expected_row(rubric, facts, query.scale, query.boolean_traces) for facts in python]
    assert [any(p.startswith("F460:done") for p in row["problems"]) for row in found] == [False, True, True, False]
