"""The linter's interval analysis over dates (day numbers) and day counts, and over assertions on dates."""

from __future__ import annotations

from tests.lint.helpers import lint_text, names

HEAD = """\
rubric upd "基础信息更新" 2
fact due "截止日期": date, in [2021-01-01, 2021-12-31]
fact done "完成日期": date, in [2021-01-01, 2021-12-31]
let calendar "逾期天数" = days_between(due, done)
let late "逾期工作日" = working_days_between(due, done)
indicator info "基础信息更新" 2 { deduct late: base 2, -0.5 per 5 above 0, whole steps }
"""


def test_a_day_count_is_bounded_by_the_dates_bounds() -> None:
    report = lint_text(
        HEAD.replace(" 2\n", " 4\n", 1)
        + 'indicator quick "及时" 2 { score calendar: <= 400 -> 2; >= 500 -> 1; else 0 }\n'
    )
    (finding,) = [f for f in report.findings if f.name == "unreachable-band"]
    assert "[-364, 364]" in finding.message.en


def test_working_days_lie_within_the_calendar_days() -> None:
    report = lint_text(
        HEAD.replace(" 2\n", " 4\n", 1) + 'indicator quick "及时" 2 { score late: <= 364 -> 2; > 364 -> 1; else 0 }\n'
    )
    assert "unreachable-band" in names(report.findings)


def test_a_date_assertion_that_the_bounds_refute_is_found() -> None:
    text = HEAD.replace(
        'fact done "完成日期": date, in [2021-01-01, 2021-12-31]', 'fact done "完成日期": date, >= 2022-01-01'
    )
    report = lint_text(text + 'assert done <= due "完成不晚于截止"\n')
    (finding,) = [f for f in report.findings if f.name == "assertion-never-holds"]
    assert "[2022-01-01, +∞)" in finding.message.en and "[2021-01-01, 2021-12-31]" in finding.message.en


def test_the_tools_compute_day_counts_as_the_evaluator_does() -> None:
    import datetime
    from fractions import Fraction

    import rubricdsl
    from rubricdsl.lint.witness import evaluate
    from rubricdsl.syntax.dates import day_number

    checked = rubricdsl.loads(HEAD).checked

    facts = {
        "due": Fraction(int(day_number(datetime.date(2021, 9, 30)))),
        "done": Fraction(int(day_number(datetime.date(2021, 10, 11)))),
    }
    lets = {let.name: let.expr for let in checked.rubric.lets}
    late, calendar = lets["late"], lets["calendar"]
    assert evaluate(checked, late, facts) == 3  # 10月8日, 9日 (调休), 11日
    assert evaluate(checked, calendar, facts) == 11
