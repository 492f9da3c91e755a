"""`rubric test` coverage on penalties and bonuses: a value held to its cap still counts as the outcome reached."""

from __future__ import annotations

import rubricdsl
from rubricdsl.testing.coverage import RubricCoverage

RUBRIC = """
rubric caps "加减分" 100
fact base_score "基础指标得分": number, in [0, 100]
fact awards "表彰次数": count
indicator base "基础指标" 100 { formula base_score }
bonus honours "表彰加分" 3 { formula awards }
"""


def test_a_capped_bonus_is_covered_and_counted() -> None:
    compiled = rubricdsl.loads(RUBRIC)
    coverage = RubricCoverage(compiled, "caps")
    unmatched = coverage.record(compiled.evaluate({"base_score": 90, "awards": 5}))
    assert unmatched == []
    assert coverage.covered == coverage.total == 2
