"""Issue 9 §3: a share written as a plain number, or money without its unit, is a check error with the fix."""

from __future__ import annotations

import pytest

import rubricdsl
from rubricdsl.reading.source import SourceFile

HEAD = """rubric t "t" 10
fact spent "执行数": money 万元, >= 0
fact planned "预算数": money 万元, > 0
fact done "完成数": count
fact target "目标数": count, > 0
fact x "x": number
fact y "y": number, > 0
fact p "满意度": percent
let 执行率 "执行率" = spent / planned
"""


def diagnostics(body: str) -> list[tuple[str, str, str | None]]:
    """(code, offending text, Chinese hint) for every problem; [] when the rubric checks."""
    text = HEAD + body
    try:
        rubricdsl.loads(text)
    except rubricdsl.RubricCheckError as error:
        source = SourceFile("t", text)
        return [
            (d.code, source.snippet(d.span) if d.span else "", d.hint.zh if d.hint else None) for d in error.diagnostics
        ]
    return []


def indicator(rule: str) -> str:
    return f'indicator i "i" 10 {{ {rule} }}\n'


@pytest.mark.parametrize(
    ("rule", "text", "fixed"),
    [
        ("score 执行率: >=90 -> 10; >=60 -> 6; else 0", "90", "90%"),
        ("score done / target: [80, 100) -> 10; else 0", "80", "80%"),
        ("when 执行率 >= 95 -> 10; else 0", "95", "95%"),
        ("when 100 <= 执行率 -> 10; else 0", "100", "100%"),
        ("proportional 执行率 against 100", "100", "100%"),
        ("proportional p against 90", "90", "90%"),
        ("deduct 执行率: base 10, -1 per 1% below 90", "90", "90%"),
        ("score p: >=90 -> 10; else 0", "90", "90%"),
    ],
)  # fmt: skip
def test_a_share_compared_with_a_bare_number_above_one_is_E230_with_the_percent_as_hint(
    rule: str, text: str, fixed: str
) -> None:
    found = diagnostics(indicator(rule))
    assert ("E230", text, f"是否想写 `{fixed}`？如果该值不是比率，请把它声明为 `: number`") in found


@pytest.mark.parametrize(
    "rule",
    [
        "score 执行率: >=90% -> 10; >=60% -> 6; else 0",
        "score 执行率: >=1 -> 10; >=0.9 -> 6; else 0",  # 1 is 100%: a bare number up to 1 reads as a share
        "proportional 执行率 against 100%",
        "when 执行率 * 100 >= 90 -> 10; else 0",  # scaled to a plain number by the author: a number
        "score x / y: >=90 -> 10; else 0",  # number ÷ number carries no unit: not a share
        "score p / 执行率: >=2 -> 10; else 0",  # percent ÷ percent is a ratio, not a share
    ],
)
def test_shares_written_as_percents_and_plain_ratios_check(rule: str) -> None:
    assert diagnostics(indicator(rule)) == []


def test_a_percent_fact_bounded_by_whole_numbers_is_caught() -> None:
    found = diagnostics('fact q "合格率": percent, in [0, 100]\n' + indicator("score q: >=90% -> 10; else 0"))
    assert [(code, text) for code, text, _ in found] == [("E230", "100")]


@pytest.mark.parametrize(
    ("rule", "text", "fixed"),
    [
        ("score spent: >= 43.2 -> 10; else 0", "43.2", "43.2万元"),  # the fact's own unit in the hint
        ("when spent - planned > 5 -> 10; else 0", "5", "5万元"),
        ("proportional spent against 50", "50", "50万元"),
    ],
)  # fmt: skip
def test_money_compared_with_a_bare_number_is_E231_with_the_unit_as_hint(rule: str, text: str, fixed: str) -> None:
    found = diagnostics(indicator(rule))
    assert ("E231", text, f"是否想写 `{fixed}`？金额须写明单位（元或万元）") in found


def test_money_bounds_and_zero() -> None:
    assert diagnostics('fact m "m": money 元, >= 5\n' + indicator("formula 10"))[0][:2] == ("E231", "5")
    assert diagnostics('fact m "m": money 元, >= 0, default 0\n' + indicator("when m > 0 -> 10; else 0")) == []


def test_a_declared_percent_is_a_share_and_a_declared_number_is_not() -> None:
    per_class = 'let 每期 "每期人次": number = done / target\n'
    assert diagnostics(per_class + indicator("score 每期: >=25 -> 10; else 0")) == []
    share = 'let r "r": percent = x / y\n'
    assert [code for code, _, _ in diagnostics(share + indicator("score r: >=90 -> 10; else 0"))] == ["E230"]


@pytest.mark.parametrize(
    ("let", "declared"),
    [
        ("let r: percent = spent", "an amount of money"),
        ("let r: money = done / target", "a percent"),
        ("let r: count = x", "a number"),
        ("let r: number = spent / done", "an amount of money"),
        ("let r: bool = x", "a number"),
    ],
)
def test_a_declaration_that_does_not_fit_the_expression_is_E232(let: str, declared: str) -> None:
    text = HEAD + let + "\n" + indicator("formula 10")
    with pytest.raises(rubricdsl.RubricCheckError) as raised:
        rubricdsl.loads(text)
    (problem,) = raised.value.diagnostics
    assert problem.code == "E232"
    assert problem.message.en.endswith(f"but its expression is {declared}")


def test_declared_kinds_that_fit() -> None:
    lets = "let a: percent = spent / planned\nlet b: percent = 1 - a\nlet c: count = done + target\n"
    lets += "let d: money = spent - planned\nlet e: bool = x > y\n"
    assert diagnostics(lets + indicator("when e -> 10; else 0")) == []


def test_the_shipped_rubrics_check() -> None:
    from pathlib import Path

    for path in sorted((Path(__file__).resolve().parents[2] / "rubrics").glob("*.rubric")):
        rubricdsl.load(path)


def test_a_small_bare_number_may_mean_either_percent() -> None:
    (found,) = diagnostics(indicator("score 执行率: >=1.5 -> 10; else 0"))
    assert found == ("E230", "1.5", "是否想写 `1.5%` 或 `150%`？如果该值不是比率，请把它声明为 `: number`")
