"""Recall and precision of L501 on the planted corpus: every change is found at its line, nothing else is found."""

from __future__ import annotations

import pytest

from tests.lint.helpers import line_of, lint_text
from tests.lint.standard_text.corpus import CORPUS, Planted

RULE = "standard-disagrees"


def _findings(text: str) -> list[int]:
    report = lint_text(text, "planted.rubric")
    assert report.checked is not None, [d.message.en for d in report.findings]
    return [line_of(report, finding) for finding in report.findings if finding.name == RULE]


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 20
    assert len({case.name for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_the_real_pair_is_silent(case: Planted) -> None:
    assert _findings(case.rubric(case.rule)) == []


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_the_planted_change_is_found_at_its_line(case: Planted) -> None:
    assert _findings(case.rubric(case.planted)) == [case.planted_line()]


CAP = "人员经费占比≤60%，计4分；每超过一个百分点扣0.4分，最多扣2分"
CAPPED = """rubric capped "capped" 4
fact staff_share "人员经费占比": percent, in [0%, 100%]
indicator it "it" 4 {{
  standard "{standard}"
  deduct staff_share: base 4, -0.4 per 1% above 60%, pro rata{cap}
}}
"""


@pytest.mark.parametrize(
    ("standard", "cap", "found"),
    [
        (CAP, ", cap 2", []),
        (CAP, ", cap 3", [5]),
        (CAP, "", [5]),
        # a cap at the base never binds: 最多扣4分 on 4 points and no cap agree
        (CAP.replace("最多扣2分", "最多扣4分"), "", []),
        (CAP.replace("最多扣2分", "最多扣4分"), ", cap 4", []),
    ],
)
def test_caps(standard: str, cap: str, found: list[int]) -> None:
    assert _findings(CAPPED.format(standard=standard, cap=cap)) == found
