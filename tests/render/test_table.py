"""The text table: an incomplete total, grade and failed row read as such on the page (issue 9 §1)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import rubricdsl
from rubricdsl.render.table import print_result

RUBRIC = """
rubric t "表格" 20
fact a "甲": number
fact b "乙": number
section s "部分" 20 {
  indicator ia "甲项" 10 { formula min(10, a) }
  indicator ib "乙项" 10 { formula min(10, b) }
}
"""


def _printed(facts: dict[str, object], lang: str, explain: bool = False) -> str:
    out = io.StringIO()
    result = rubricdsl.loads(RUBRIC).evaluate(facts)
    print_result(result, Console(file=out, width=160, color_system=None), lang, explain)
    return out.getvalue()


@pytest.mark.parametrize("explain", [False, True])
def test_an_incomplete_total_is_marked_where_the_total_is(explain: bool) -> None:
    text = _printed({"a": 7}, "zh", explain)
    total_row = next(line for line in text.splitlines() if "合计" in line)
    assert "等级：差（未定）；不完整：1 项未评分" in total_row
    next_line = text.splitlines()[text.splitlines().index(total_row) + 1]
    assert "不完整" in next_line  # right under the total
    failed_row = next(line for line in text.splitlines() if "乙项" in line)
    assert "未评分" in failed_row and "缺少事实 `b`" in failed_row


def test_in_english_too() -> None:
    text = _printed({"a": 7}, "en")
    total_row = next(line for line in text.splitlines() if "Total" in line)
    assert "grade: 差 (not final); incomplete: 1 indicator not scored" in total_row
    assert "not scored" in next(line for line in text.splitlines() if "乙项" in line)


def test_a_complete_result_carries_no_mark() -> None:
    text = _printed({"a": 7, "b": 10}, "zh")
    assert "不完整" not in text and "未定" not in text and "未评分" not in text
    assert "等级：良" in text
