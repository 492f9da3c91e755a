"""The checker admits floor, ceil, clamp and count (issue 10, form 4): their arity, the kinds they take and give,
and the mistakes each one invites (a number counted as if it were yes/no, bounds written the wrong way round)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rubricdsl
from rubricdsl.semantics.types import COUNT, MONEY, NUMBER, PERCENT, ExprTyper, Type
from rubricdsl.syntax import nodes as n
from tests.semantics.test_check import HEAD, indicator, problems


def kind_of(expression: str) -> Type:
    """The type the checker gives ``expression`` in a `let` over HEAD's facts."""
    checked = rubricdsl.loads(HEAD + f"let v = {expression}\n" + indicator("formula 0")).checked
    return checked.types["v"]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("floor(x)", NUMBER),
        ("ceil(x / 3)", NUMBER),
        ("floor(n)", COUNT),
        ("floor(p)", PERCENT),  # a share floored is a share: floor(95%) is 0%
        ("floor(p * 10)", NUMBER),
        ("ceil(m)", MONEY),  # whole 元
        ("clamp(x, 0, 10)", NUMBER),
        ("clamp(p, 0%, 100%)", PERCENT),
        ("clamp(p, 0, 1)", PERCENT),  # a share between 0 and 1, as a percent is compared with them
        ("clamp(m, 0元, 5万元)", MONEY),
        ("clamp(n, 0, 5)", COUNT),
        ("count(ok)", COUNT),
        ('count(ok, x > 3, not ok, q == "好")', COUNT),
        ("10 - count(ok, n > 0)", NUMBER),
    ],
)
def test_each_function_gives_its_kind(expression: str, expected: Type) -> None:
    assert kind_of(expression) == expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("formula count(x)", ("E220", "x")),  # a number is not a yes/no item
        ("formula 10 - count(ok, n)", ("E220", "n")),
        ("formula count(ok, q)", ("E220", "q")),  # a level is not a yes/no item either
        ("formula clamp(x, 10, 5)", ("E221", "10, 5")),
        ("formula clamp(x, -1, -5)", ("E221", "-1, -5")),
        ("formula clamp(p, 0, 100)", ("E230", "100")),  # a share held below 100 means 100%
        ("formula clamp(m, 0, 500)", ("E231", "500")),  # money bounds are money
        ("formula clamp(n, 0%, 50%)", ("E203", "0%")),  # a count is not compared with a percent
        ("formula floor(ok)", ("E203", "ok")),
        ("formula floor(x, 2)", ("E207", "floor(x, 2)")),
        ("formula clamp(x, 1)", ("E207", "clamp(x, 1)")),
        ("formula count()", ("E207", "count()")),
        ("formula trunc(x)", ("E206", "trunc(x)")),
    ],
)
def test_mistakes_are_reported_where_they_are(rule: str, expected: tuple[str, str]) -> None:
    assert expected in problems(indicator(rule))


def test_count_over_yes_no_items_is_accepted_where_points_are_computed() -> None:
    checked = rubricdsl.loads(HEAD + indicator("formula max(10 - 2 * count(ok, x > 3, n >= 1), 0)")).checked
    assert [info.node.id for info in checked.indicators] == ["i"]


def test_count_is_typed_by_the_kind_of_its_arguments() -> None:
    """One place decides what each kind of argument means to `count` (a list fact will add its own case)."""
    reported: list[str] = []
    typer = ExprTyper(lambda name: None, list, lambda diagnostic: reported.append(diagnostic.code))
    one = n.Literal(value=Decimal(1), kind=n.LiteralKind.NUMBER, text="1")
    call = n.Call(function="count", args=(n.BoolLit(value=True), one))
    assert typer.type_of(call) == COUNT
    assert reported == ["E220"]
