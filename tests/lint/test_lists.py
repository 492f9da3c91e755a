"""Lint over list and text facts: empty lists (L131, L132), list and record facts in the unused-fact rule, and
the range analysis of aggregates."""

from __future__ import annotations

from fractions import Fraction

import rubricdsl
from rubricdsl.lint.lists import over_lists_that_may_be_empty
from rubricdsl.lint.ranges import RangeAnalysis
from tests.lint.helpers import lint_text, names

BASE = """rubric r "r" 10
fact funds "专项资金": list of {{ name: text, paid: money 万元, >= 0, late: bool }}{bound}
indicator a "及时" 5 {{ formula 5 * share(funds where not late) }}
indicator b "全部" 5 {{ when all(funds where not late) -> 5; else 0 }}
"""


def test_share_and_all_over_a_list_that_may_be_empty_are_reported() -> None:
    found = names(list(lint_text(BASE.format(bound="")).findings))
    assert "share-of-empty-list" in found and "all-of-empty-list" in found


def test_a_list_declared_non_empty_is_not_reported() -> None:
    found = names(list(lint_text(BASE.format(bound=", >= 1")).findings))
    assert "share-of-empty-list" not in found and "all-of-empty-list" not in found


def test_the_shared_helper_finds_one_function_over_lists_that_may_be_empty() -> None:
    # `items` is declared `>= 1`, so neither its share nor anything over it is listed; `funds` may be empty.
    extra = (
        'fact items "条目": list of { ok: bool }, >= 1\n'
        'indicator c "条目" 0 { formula 0 * share(items where ok) + 0 * share(funds where late) }\n'
    )
    checked = rubricdsl.loads(BASE.format(bound="") + extra).checked
    shares = [(found.name, found.text) for found in over_lists_that_may_be_empty(checked, "share")]
    assert shares == [("funds", "share(funds where not late)"), ("funds", "share(funds where late)")]
    alls = [(found.name, found.text) for found in over_lists_that_may_be_empty(checked, "all")]
    assert alls == [("funds", "all(funds where not late)")]


def test_an_unread_list_is_unused_and_a_record_text_fact_is_not() -> None:
    text = (
        'rubric r "r" 10\nfact project "项目名称": text, record\nfact notes "备注": text\n'
        'fact funds "专项资金": list of { late: bool }, >= 1\nfact a "a": count\n'
        'indicator i "i" 10 { score a: >= 1 -> 10; else 0 }\n'
    )
    findings = [f for f in lint_text(text).findings if f.name == "unused-fact"]
    flagged = sorted(f.message.en for f in findings)
    assert flagged == ["fact `funds` is never read", "fact `notes` is never read"]


def test_aggregate_ranges() -> None:
    checked = rubricdsl.loads(
        'rubric r "r" 10\nfact funds "专项资金": list of { paid: money 万元, in [0万元, 10万元], late: bool }, in [1, 4]\n'
        "let n = count(funds)\nlet late_n = count(funds where late)\nlet s = share(funds where late)\n"
        "let total_paid = sum(funds.paid)\n"
        'indicator i "i" 10 { formula 10 * s + 0 * n + 0 * late_n + 0 * total_paid / 1万元 }\n'
    ).checked
    values = RangeAnalysis(checked).values
    assert (values["n"].lo, values["n"].hi) == (1, 4)
    assert (values["late_n"].lo, values["late_n"].hi) == (0, 4)
    assert (values["s"].lo, values["s"].hi) == (0, 1)
    assert (values["total_paid"].lo, values["total_paid"].hi) == (0, Fraction(400000))
