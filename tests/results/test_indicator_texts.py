"""The per-indicator texts prepared once per rubric (results/indicator_texts.py): the fired band's source
text and line, and the reason for each status."""

from __future__ import annotations

import rubricdsl
from rubricdsl.forms.score import NO_BAND
from rubricdsl.results.indicator_texts import branch_of

RUBRIC = rubricdsl.loads(
    """rubric t "t" 10
fact rate "rate": percent
indicator r "rate" 10 {
  score rate:
    >= 90% -> 10;
    >= 60% -> 6;
    else 0
}
"""
)
RULE = RUBRIC.checked.indicators[0].node.rule
SOURCE = RUBRIC.checked.source


def test_the_band_that_fired_is_shown_with_its_text_and_line() -> None:
    branch = branch_of(SOURCE, RULE)
    assert branch("scored", {"arm": 1}) == (">= 60% -> 6", 6)
    assert branch("scored", {"arm": 2}) == ("else 0", 7)
    assert branch("scored", {"arm": NO_BAND})[1] == 4  # the whole rule, from its first line
    assert branch("failed", None) == (None, None)


def test_a_reason_is_given_for_every_status_and_matches_the_result() -> None:
    scored = RUBRIC.evaluate({"rate": "75%"}).indicators[0]
    assert scored.score == 6 and "60%" in scored.reason.en and scored.line == 6
    missing = RUBRIC.evaluate({}).indicators[0]
    assert missing.score is None and "rate" in missing.reason.en
