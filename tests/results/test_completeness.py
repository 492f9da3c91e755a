"""Why a result is not final, as every output says it (issue 9 §1)."""

from __future__ import annotations

import rubricdsl
from rubricdsl.results.completeness import grade_text, incomplete_reasons, incomplete_text, unscored

RUBRIC = """
rubric c "完整性" 20
fact a "甲": number
fact b "乙": number
fact gate "门槛": number
indicator ia "甲项" 10 { formula min(10, a) }
indicator ib "乙项" 10 { formula min(10, b) }
veto when gate < 0, "门槛为负"
"""


def test_a_complete_result_has_no_marks() -> None:
    result = rubricdsl.loads(RUBRIC).evaluate({"a": 7, "b": 9, "gate": 1})
    assert result.complete
    assert (incomplete_reasons(result), incomplete_text(result), unscored(result)) == ((), None, ())
    assert grade_text(result, "zh") == result.grade


def test_failed_indicators_and_vetoes_are_counted() -> None:
    result = rubricdsl.loads(RUBRIC).evaluate({"a": 7})
    assert not result.complete
    assert [item.id for item in unscored(result)] == ["ib"]
    text = incomplete_text(result)
    assert text is not None
    assert text.zh == "不完整：1 项未评分，1 项否决条件无法计算"
    assert text.en == "incomplete: 1 indicator not scored, 1 veto condition not evaluated"
    assert grade_text(result, "zh") == f"{result.grade}（未定）"
    assert grade_text(result, "en") == f"{result.grade} (not final)"


def test_a_fact_problem_that_fails_no_indicator_still_marks_the_result() -> None:
    result = rubricdsl.loads(RUBRIC).evaluate({"a": 7, "b": 9, "gate": 1, "typo": 3})
    assert not result.complete and not unscored(result)
    assert [reason.zh for reason in incomplete_reasons(result)] == ["1 个事实问题"]
