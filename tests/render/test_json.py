"""JSON results: `complete` first, and an incomplete result says why (issue 9 §1)."""

from __future__ import annotations

import json

import rubricdsl
from rubricdsl.render.json import dumps, result_to_dict

RUBRIC = """
rubric t "JSON" 20
fact a "甲": number
fact b "乙": number
let twice "两倍" = a * 2
let more "更多" = twice + 1
indicator ia "甲项" 10 { formula min(10, more) }
indicator ib "乙项" 10 { formula min(10, b) }
"""


def test_complete_comes_first_with_what_makes_it_incomplete() -> None:
    result = rubricdsl.loads(RUBRIC).evaluate({"a": 3})
    data = json.loads(dumps(result_to_dict(result, lang="zh")))
    assert list(data)[:3] == ["complete", "incomplete_reasons", "unscored"]
    assert (data["complete"], data["incomplete_reasons"], data["unscored"]) == (False, ["1 项未评分"], ["ib"])


def test_a_complete_result_says_so_first() -> None:
    data = result_to_dict(rubricdsl.loads(RUBRIC).evaluate({"a": 3, "b": 4}))
    assert next(iter(data)) == "complete"
    assert (data["complete"], data["incomplete_reasons"], data["unscored"]) == (True, [], [])


def test_reads_list_derived_values_transitively() -> None:
    data = result_to_dict(rubricdsl.loads(RUBRIC).evaluate({"a": 3, "b": 4}))
    assert data["indicators"][0]["reads"] == {"twice": 6, "more": 7, "a": 3}
