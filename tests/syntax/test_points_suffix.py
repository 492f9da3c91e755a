"""`分` after points and `否则` for else (issue 10, form 9) at the lexer and parser: `10分` never breaks `10万元`
or `90%`, `分` starts no name of its own, and each place that takes points takes `分` without a change of value."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rubricdsl
from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.parse import parse_rubric

HEAD = 'rubric r "R" 10分\nfact m "金额": money 元\nfact p "比率": percent\nfact ok "合规": bool\nfact 分数 "分数": number\n'


def rule_of(rule: str) -> object:
    rubric = parse_rubric(SourceFile("t", HEAD + f'indicator i "I" 10分 {{ {rule} }}\n'))
    return rubric.children[0].rule  # type: ignore[union-attr]


def test_money_and_percent_literals_are_unchanged_next_to_points() -> None:
    rule = rule_of("when m >= 10万元 and p >= 90% -> 10分; 否则 5分")
    assert isinstance(rule, n.WhenRule)
    condition = rule.branches[0].condition
    assert isinstance(condition, n.Binary) and isinstance(condition.left, n.Binary)
    money = condition.left.right
    assert isinstance(money, n.Literal) and (money.kind, money.value) == (n.LiteralKind.MONEY, Decimal(100000))
    outcome = rule.branches[0].outcome
    assert isinstance(outcome, n.Literal) and (outcome.value, outcome.suffix) == (Decimal(10), "分")
    assert rule.else_word == "否则"


def test_a_name_that_starts_with_fen_is_a_name() -> None:
    rule = rule_of("formula 分数 * 1分")
    assert isinstance(rule, n.FormulaRule) and isinstance(rule.expr, n.Binary)
    assert rule.expr.left == n.Name(ident="分数")
    assert isinstance(rule.expr.right, n.Literal) and rule.expr.right.suffix == "分"


@pytest.mark.parametrize(
    "rule",
    [
        "score p: >= 90% -> 10分; [60%, 90%) -> 6分; 否则 0分",
        "deduct p: base 10分, -1分 per 1% below 100%, cap 5分",
        'checklist: ok -> 4分 "甲"; p > 50% -> 6分',
        "formula 10分 - 2分 * count(ok, p > 50%)",
    ],
)
def test_points_with_fen_score_as_without(rule: str) -> None:
    with_fen = rubricdsl.loads(HEAD + f'indicator i "I" 10分 {{ {rule} }}\n')
    without = rubricdsl.loads(HEAD.replace("10分", "10") + f'indicator i "I" 10 {{ {rule.replace("分", "")} }}\n')
    assert with_fen.checked.rubric == without.checked.rubric  # `分` is spelling, not meaning
    for facts in ({"m": 1, "p": "95%", "ok": True, "分数": 1}, {"m": 1, "p": "55%", "ok": False, "分数": 1}):
        assert with_fen.evaluate(facts).total == without.evaluate(facts).total


def test_grades_and_levels_take_fen() -> None:
    text = (
        HEAD
        + 'grades: 优 >= 9分; 否则 差\nfact q "质量": enum(好, 差)\nindicator i "I" 10 { levels q: 好 -> 10分; 差 -> 40% }\n'
    )
    rubric = rubricdsl.loads(text)
    assert rubric.checked.rubric.grades is not None and rubric.checked.rubric.grades.else_word == "否则"
    assert rubric.evaluate({"m": 1, "p": "1%", "ok": True, "分数": 1, "q": "好"}).grade == "优"


def test_fouze_is_a_keyword_where_else_is() -> None:
    with pytest.raises(RubricSyntaxError):
        parse_rubric(SourceFile("t", HEAD + 'indicator i "I" 10 { when ok -> 10; 否则 }\n'))
