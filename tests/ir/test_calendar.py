"""`days_between` and `working_days_between` (issue 11 §2), against days counted by hand on the 2021 calendar.

2021 春节: 2月11日–17日 off, 2月7日 (Sunday) and 2月20日 (Saturday) worked (调休).  2021 国庆: 10月1日–7日 off,
9月26日 (Sunday) and 10月9日 (Saturday) worked.  2021 元旦: 1月1日–3日 off.  A count runs from the day after the
first date through the second: 逾期N个工作日 from a deadline to the day the work was done.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.evaluate.failures import EvalFailure
from rubricdsl.evaluate.reference import covers
from rubricdsl.evaluate.sql.generator import Generator
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.calendar import covered_years, working_days
from rubricdsl.ir.codegen import GeneratedInterpreter
from rubricdsl.ir.interpret import Interpreter
from rubricdsl.ir.lower import lower_program
from rubricdsl.ir.ranges import analyse
from rubricdsl.reading.source import NO_SPAN
from rubricdsl.syntax.dates import day_number

D = datetime.date


def _days(first: D, second: D) -> Decimal:
    return working_days(day_number(first), day_number(second), NO_SPAN)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (D(2021, 9, 30), D(2021, 10, 7), 0),  # the whole 国庆 holiday
        (D(2021, 9, 30), D(2021, 10, 8), 1),  # the first working day after it
        (D(2021, 9, 30), D(2021, 10, 9), 2),  # Saturday 10月9日 is worked
        (D(2021, 9, 30), D(2021, 10, 10), 2),  # Sunday 10月10日 is not
        (D(2021, 9, 30), D(2021, 10, 11), 3),
        (D(2021, 9, 24), D(2021, 9, 26), 1),  # Saturday off, Sunday 9月26日 worked
        (D(2021, 2, 5), D(2021, 2, 22), 8),  # 2/7 2/8 2/9 2/10, (春节), 2/18 2/19 2/20, 2/22
        (D(2021, 2, 10), D(2021, 2, 17), 0),
        (D(2020, 12, 31), D(2021, 1, 4), 1),  # 元旦 1月1日–3日, then Monday
        (D(2021, 10, 11), D(2021, 9, 30), -3),  # the other way round: minus the same days
        (D(2021, 6, 30), D(2021, 6, 30), 0),  # done on the deadline: not late
        (D(2021, 3, 1), D(2021, 3, 31), 22),  # a plain month: its 23 weekdays, less the 1st
    ],
)
def test_working_days_counted_by_hand(first: D, second: D, expected: int) -> None:
    assert _days(first, second) == expected


def test_the_covered_years_come_from_the_package_and_outside_them_nothing_is_counted() -> None:
    from chinese_calendar.constants import holidays

    first, last = covered_years()
    assert (first, last) == (min(holidays).year, max(holidays).year)
    assert first <= 2021 <= last
    _days(D(first, 1, 1), D(last, 12, 31))  # the whole range is counted
    for outside in (D(first - 1, 12, 31), D(last + 1, 1, 1)):
        with pytest.raises(EvalFailure) as caught:
            _days(D(2021, 1, 1), outside)
        assert caught.value.code == "F461" and caught.value.details["day"] == outside.isoformat()


@settings(deadline=None)  # the first count builds the calendar table
@given(st.dates(D(2004, 1, 1), D(2026, 12, 31)), st.dates(D(2004, 1, 1), D(2026, 12, 31)))
def test_counts_are_antisymmetric_and_at_most_the_calendar_days(first: D, second: D) -> None:
    forward, backward = _days(first, second), _days(second, first)
    assert forward == -backward
    assert abs(forward) <= abs((second - first).days)
    assert (forward > 0) == (second > first and forward != 0)


RUBRIC = """\
rubric upd "基础信息更新" 4
fact due "截止日期": date
fact done "完成日期": date
let late "逾期工作日" = working_days_between(due, done)
let calendar "逾期天数" = days_between(due, done)
indicator info "基础信息更新" 2 {
  standard "基础信息更新，每逾期5个工作日扣0.5分"
  deduct late: base 2, -0.5 per 5 above 0, whole steps
}
indicator quick "及时报送" 2 {
  when working_days_between(due, done) <= 0 -> 2; calendar <= 10 -> 1; else 0
}
"""


@pytest.fixture(scope="module")
def rubric() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(RUBRIC, name="upd.rubric")


@pytest.mark.parametrize(
    ("due", "done", "info", "quick"),
    [
        ("2021-06-30", "2021-06-30", "2", "2"),
        ("2021-09-30", "2021-10-08", "2", "1"),  # 1 working day late: no full 5; 8 calendar days
        ("2021-09-30", "2021-10-11", "2", "0"),  # 3 working days late; 11 calendar days
        ("2021-09-30", "2021-10-15", "1.5", "0"),  # 10/8 9 11 12 13 14 15: 7 working days, one full 5
        ("2021-02-05", "2021-03-05", "0.5", "0"),  # 8 to 2/22, then 2/23–3/5: 17 working days, three full 5s
        ("2021-06-30", "2021-06-01", "2", "2"),  # early: a negative count is not late
    ],
)
def test_held_out_style_rows_hand_computed(
    rubric: rubricdsl.CompiledRubric, due: str, done: str, info: str, quick: str
) -> None:
    scores = rubric.evaluate({"due": due, "done": done}).scores()
    assert scores == {"info": Decimal(info), "quick": Decimal(quick)}


def test_a_day_outside_the_calendar_fails_only_what_needs_working_days(rubric: rubricdsl.CompiledRubric) -> None:
    result = rubric.evaluate({"due": "2026-12-30", "done": "2027-01-11"})
    assert not result.complete
    assert [(i.id, i.status) for i in result.indicators] == [("info", "error"), ("quick", "error")]
    problems = (*result.errors, *result.fact_problems)  # a fact outside the calendar: reported as a fact problem
    assert {problem.code for problem in problems} == {"F461"}
    assert all("2027-01-11" in problem.message.zh for problem in problems)


@pytest.mark.parametrize(
    "facts",
    [
        {"due": "2021-09-30", "done": "2021-10-11"},
        {"due": "2021-02-05", "done": "2021-03-05"},
        {"due": "2021-06-30", "done": "2021-06-01"},
        {"due": "2026-12-30", "done": "2027-01-11"},
        {"due": "2021-06-30"},
    ],
)
def test_interpreter_and_generated_code_agree(rubric: rubricdsl.CompiledRubric, facts: Any) -> None:
    program = lower_program(rubric.checked)
    values, not_applicable, problems = rubric.schema.convert(facts)
    invalid = frozenset(p.subject for p in problems if p.code != "F401" and p.subject)
    expected = Interpreter(program).run(values, not_applicable, invalid)
    found = GeneratedInterpreter(program).run(values, not_applicable, invalid)
    assert (found.scores, found.traces, found.status) == (expected.scores, expected.traces, expected.status)
    assert {k: e.code for k, e in found.errors.items()} == {k: e.code for k, e in expected.errors.items()}


def test_lowering_ranges_sql_and_the_v1_reference(rubric: rubricdsl.CompiledRubric) -> None:
    program = lower_program(rubric.checked)
    late, calendar = program.derived
    assert isinstance(late.expr, ir.WorkingDays)
    assert isinstance(calendar.expr, ir.Arith) and calendar.expr.op is ir.ArithOp.SUB
    assert not covers(rubric.checked)
    # The SQL back end counts on the same calendar (tests/evaluate/sql/test_dates.py holds it day for day).
    assert "LENGTH(REPLACE(SUBSTRING(" in Generator(program).generate().sql


def test_the_range_of_a_working_day_count_lies_within_the_calendar_days() -> None:
    bounded = rubricdsl.loads(
        RUBRIC.replace(
            'date\nfact done "完成日期": date',
            'date, in [2021-06-01, 2021-06-30]\nfact done "完成日期": date, in [2021-06-20, 2021-07-10]',
        )
    )
    ranges = analyse(lower_program(bounded.checked))
    late = ranges.values["late"]
    assert (late.lo, late.hi) == (-10, 39)  # done − due lies in [−10, 39]; 0 lies in it
    assert ranges.values["calendar"].lo == -10 and ranges.values["calendar"].hi == 39
