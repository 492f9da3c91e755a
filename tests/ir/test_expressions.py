"""Expression lowering: the v2 functions of issue 10 lower to their IR nodes and evaluate exactly.

The grammar and checker do not admit ``floor``, ``ceil``, ``clamp`` or ``count`` yet (another session edits
them), so the calls are built as AST nodes; every IR back end already evaluates them.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest

from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.closures import compile_expr
from rubricdsl.ir.expressions import ExprLowering
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax import nodes as n

LOWER = ExprLowering(SourceFile("<test>", ""), frozenset({"x", "a", "b"}))


def _number(text: str) -> n.Literal:
    return n.Literal(value=Decimal(text), kind=n.LiteralKind.NUMBER, text=text)


def _evaluate(call: n.Call, env: dict[str, Any]) -> Any:
    with decimal.localcontext(CONTEXT):
        return compile_expr(LOWER.lower(call))(env, {})


@pytest.mark.parametrize(("function", "value", "expected"), [("floor", "-2.5", "-3"), ("ceil", "2.01", "3")])
def test_floor_and_ceil(function: str, value: str, expected: str) -> None:
    call = n.Call(function=function, args=(n.Name(ident="x"),))
    assert isinstance(LOWER.lower(call), ir.Floor if function == "floor" else ir.Ceil)
    assert str(_evaluate(call, {"x": Decimal(value)})) == expected


def test_clamp() -> None:
    call = n.Call(function="clamp", args=(n.Name(ident="x"), _number("0"), _number("10")))
    assert [str(_evaluate(call, {"x": Decimal(v)})) for v in ("-1", "4.50", "12")] == ["0", "4.50", "10"]


def test_count_of_booleans() -> None:
    call = n.Call(function="count", args=(n.Name(ident="a"), n.Name(ident="b"), n.BoolLit(value=True)))
    assert _evaluate(call, {"a": True, "b": False}) == Decimal(2)


def test_an_unknown_function_is_refused_not_rounded() -> None:
    with pytest.raises(TypeError, match="no IR for the function median/1"):
        LOWER.lower(n.Call(function="median", args=(n.Name(ident="x"),)))
