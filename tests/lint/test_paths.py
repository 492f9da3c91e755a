"""Path sensitivity (issue 9 §6): a branch is analysed under the negation of the conditions before it, a band
under its own test, the right side of ``and``/``or`` under the left side's value."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.lint.conditions import Holds, constraints
from rubricdsl.lint.intervals import Interval
from rubricdsl.lint.ranges import RangeAnalysis
from rubricdsl.syntax import nodes as n
from tests.lint.helpers import lint_text

HEAD = """rubric t "测试" 20
fact 结余 "结余资金": money 元, >= 0
fact 预算 "预算资金": money 元, >= 0
fact 执行 "执行数": money 元, >= 0
fact ok "是否合规": bool
fact s "得分": number, in [-10, 10]
fact share "比例": percent, in [0%, 100%]
let 结余率 "结余率" = 结余 / 预算
"""


def codes(body: str, code: str) -> list[str]:
    """The source text of every ``code`` finding on HEAD + body."""
    report = lint_text(HEAD + body)
    assert report.checked is not None, [d.message.en for d in report.findings]
    return [report.source.snippet(f.span) for f in report.findings if f.code == code and f.span is not None]


def test_the_issue_example_a_guarded_zero_balance_is_not_a_division_risk() -> None:
    body = 'indicator j "结余率" 20 { when 结余率 <= 0 -> 20; else 20 * min(1, 9% / 结余率) }\n'
    assert codes(body, "L108") == ["预算"]  # only the let's own divisor: 预算 is declared >= 0


@pytest.mark.parametrize(
    "rule",
    [
        "when 结余率 == 0 -> 20; else 20 * min(1, 9% / 结余率)",
        "when not (结余率 > 0) -> 20; else 20 * min(1, 9% / 结余率)",
        "when 结余率 > 0 -> 20 * min(1, 9% / 结余率); else 20",
        "score 结余率: <= 0 -> 20; else 20 * min(1, 9% / 结余率)",
        "score 结余率: > 0 -> 20 * min(1, 9% / 结余率); else 20",
        "when 预算 > 0 and 执行 / 预算 >= 90% -> 20; else 0",
        "when 预算 == 0 or 执行 / 预算 >= 90% -> 20; else 0",
    ],
)
def test_a_guarded_division_is_not_reported(rule: str) -> None:
    assert codes(f'indicator j "结余率" 20 {{ {rule} }}\n', "L108") == ["预算"]


@pytest.mark.parametrize(
    "rule",
    [
        "when ok -> 20; else 20 * min(1, 9% / 结余率)",  # a yes/no says nothing about 结余率
        "when 结余率 < 0 -> 20; else 20 * min(1, 9% / 结余率)",  # 0 itself still reaches the else
        "score 结余率: < 0 -> 20; else 20 * min(1, 9% / 结余率)",
        "when 预算 > 0 or 执行 / 预算 >= 90% -> 20; else 0",  # the right side runs when 预算 is 0
    ],
)
def test_an_unguarded_division_is_still_reported(rule: str) -> None:
    found = codes(f'indicator j "结余率" 20 {{ {rule} }}\n', "L108")
    assert len(found) == 2 and "预算" in found, found


def test_l105_sees_multiplication_by_zero() -> None:
    assert codes('indicator a "甲" 20 { formula share * 0 - 1 }\n', "L105") == ["formula share * 0 - 1"]


def test_l105_judges_each_branch_under_its_path() -> None:
    # `s` is the score only when s >= 0: in range; the else runs for s < 0 and gives up to 99.99…
    assert codes('indicator b "乙" 20 { when s >= 0 -> s; else s + 100 }\n', "L105") == ["s + 100"]
    assert codes('indicator b "乙" 20 { when s > 5 -> 10; else s + 100 }\n', "L105") == ["s + 100"]
    assert codes('indicator b "乙" 20 { when s < 0 -> 0; else s }\n', "L105") == []
    assert codes('indicator b "乙" 20 { score s: >= 0 -> s; else 0 - s }\n', "L105") == []


def _analysis(body: str = 'indicator j "j" 20 { formula 20 }\n') -> RangeAnalysis:
    return RangeAnalysis(rubricdsl.loads(HEAD + body).checked)


def _condition(text: str) -> n.Expr:
    rubric = rubricdsl.loads(HEAD + f'indicator j "j" 20 {{ when {text} -> 20; else 0 }}\n').checked.rubric
    rule = rubric.children[0].rule
    assert isinstance(rule, n.WhenRule)
    return rule.branches[0].condition


@pytest.mark.parametrize(
    ("condition", "holds", "expected"),
    [
        ("结余率 <= 0", False, [("结余率", "(0, +∞)")]),
        ("结余率 <= 0", True, [("结余率", "(-∞, 0]")]),
        ("0 < s", True, [("s", "(0, +∞)")]),
        ("not (s >= 2)", True, [("s", "(-∞, 2)")]),
        ("s > 1 and share < 50%", True, [("s", "(1, +∞)"), ("share", "(-∞, 0.5)")]),
        ("s > 1 and share < 50%", False, []),  # either side may be the false one
        ("s > 1 or share < 50%", False, [("s", "(-∞, 1]"), ("share", "[0.5, +∞)")]),
        ("s != 0", True, []),  # removing one point is no interval
        ("s == share", True, [("s", "[0, 1]"), ("share", "[-10, 10]")]),
    ],
)
def test_constraints_are_what_the_condition_implies(
    condition: str, holds: bool, expected: list[tuple[str, str]]
) -> None:
    analysis = _analysis()
    found = constraints(_condition(condition), holds, analysis.expr)
    assert [(name, str(interval)) for name, interval in found] == expected


def test_narrowing_a_fact_narrows_the_values_derived_from_it() -> None:
    analysis = _analysis()
    narrowed = analysis.under([Holds(_condition("结余 > 0"), True)])
    assert narrowed is not None
    assert str(narrowed.values["结余"]) == "(0, +∞)"
    assert str(narrowed.values["结余率"]) == "(0, +∞)"  # was [0, +∞): 结余 / 预算 with 预算 > 0 when defined
    assert str(analysis.values["结余率"]) == "[0, +∞)"  # the unguarded analysis is unchanged


def test_contradictory_guards_leave_no_values() -> None:
    analysis = _analysis()
    assert analysis.under([Holds(_condition("s > 5"), True), Holds(_condition("s < 3"), True)]) is None
    assert analysis.under([Holds(_condition("s > 5"), True), Holds(_condition("s > 3"), False)]) is None


def test_a_when_branch_that_no_value_reaches_is_unreachable_and_scores_nothing() -> None:
    checked = rubricdsl.loads(HEAD + 'indicator j "j" 20 { when s >= 0 -> 20; s >= 5 -> 3; else s + 20 }\n').checked
    from rubricdsl.lint.ranges import analyse

    found = analyse(checked).indicators["j"]
    assert [b.reachable for b in found.branches] == [True, False, True]
    assert str(found.branches[2].outcome) == "[10, 20)"  # s in [-10, 0) on the else path
    assert found.score.hi == Fraction(20)


_OPS = {">=": n.Op.GE, ">": n.Op.GT, "<=": n.Op.LE, "<": n.Op.LT, "==": n.Op.EQ, "!=": n.Op.NE}
_HOLDS = {
    n.Op.GE: lambda a, b: a >= b,
    n.Op.GT: lambda a, b: a > b,
    n.Op.LE: lambda a, b: a <= b,
    n.Op.LT: lambda a, b: a < b,
    n.Op.EQ: lambda a, b: a == b,
    n.Op.NE: lambda a, b: a != b,
}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(_OPS)),
    st.booleans(),
    st.fractions(-5, 5, max_denominator=4),
    st.fractions(-5, 5, max_denominator=4),
    st.fractions(-5, 5, max_denominator=4),
    st.fractions(0, 1, max_denominator=4),
)
def test_every_value_that_takes_the_path_stays_in_the_narrowed_range(
    op_text: str, flipped: bool, x: Fraction, y_low: Fraction, y_span: Fraction, y_at: Fraction
) -> None:
    """Soundness of one narrowing: if ``x op y`` is ``holds`` for a y in y's range, x lies in x's narrowing.

    y is drawn inside its range and ``holds`` is what the condition comes out as on (x, y), so every drawn
    example takes one of the two paths and nothing is filtered away."""
    op = _OPS[op_text]
    y_range = Interval(y_low, True, y_low + abs(y_span), True)
    y = y_low + y_at * abs(y_span)
    assert y_range.contains(y)
    left, right = n.Name(ident="x"), n.Name(ident="y")
    condition = n.Binary(op=op, left=right if flipped else left, right=left if flipped else right)
    holds = _HOLDS[op](y, x) if flipped else _HOLDS[op](x, y)  # the path (x, y) takes
    ranges = {"x": Interval(None, False, None, False), "y": y_range}
    found = dict(constraints(condition, holds, lambda e: ranges.get(e.ident) if isinstance(e, n.Name) else None))
    if "x" in found:
        assert found["x"].contains(x), (op_text, holds, flipped, x, y, str(y_range), str(found["x"]))
    if "y" in found:
        assert found["y"].contains(y)


def test_a_branch_that_always_divides_by_zero_has_no_value_and_is_reported() -> None:
    # on the else path share is exactly 0: the outcome can never be computed (found by hypothesis)
    body = 'indicator j "j" 20 { when share > 0 -> 20; else 20 * min(1, 9% / share) }\n'
    from rubricdsl.lint.ranges import analyse

    found = analyse(rubricdsl.loads(HEAD + body).checked).indicators["j"]
    assert found.branches[1].outcome.is_empty
    assert str(found.score) == "{20}"
    assert codes(body, "L108") == ["预算", "share"]
