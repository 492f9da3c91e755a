"""Typing a function call: each function's number of arguments, and what its arguments and result are.

``min``/``max``/``round``/``abs``/``floor``/``ceil`` keep their operands' kind (money stays money, a mix of
money and numbers is E215); ``clamp(x, lo, hi)`` compares its bounds with ``x``; ``count(…)`` counts yes/no
values; ``days_between`` and ``working_days_between`` take two dates and give a count.  ``given`` and the
list aggregates are typed in :mod:`rubricdsl.semantics.lists`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rubricdsl.diagnostics import messages
from rubricdsl.semantics.types import COUNT, DATE_FUNCTIONS, ERROR, FUNCTIONS, NUMBER, Type
from rubricdsl.syntax import nodes as n

if TYPE_CHECKING:
    from rubricdsl.semantics.types import ExprTyper


def call_type(typer: ExprTyper, expr: n.Call) -> Type:
    """The type of ``f(…)``, every problem (unknown function, argument count, kinds) reported through the typer."""
    if expr.function == "given":
        from rubricdsl.semantics.lists import given_type

        return given_type(typer, expr)
    if expr.function not in FUNCTIONS:
        typer.report(messages.make("E206", expr.span, name=expr.function))
        for arg in expr.args:
            typer.type_of(arg)
        return ERROR
    low, high = FUNCTIONS[expr.function]
    count = len(expr.args)
    if count < low or (high is not None and count > high):
        expected = str(low) if high == low else (f"{low}+" if high is None else f"{low}-{high}")
        typer.report(messages.make("E207", expr.span, name=expr.function, expected=expected, actual=count))
        return ERROR
    if expr.function == "count":
        return _count(typer, expr)
    if expr.function in DATE_FUNCTIONS:
        return _date_call(typer, expr)
    types = [typer.numeric(arg) for arg in expr.args]
    if ERROR in types:
        return ERROR
    if expr.function == "clamp":
        return _clamp(typer, expr, types)
    if expr.function in ("floor", "ceil"):
        return types[0]  # a whole number of the operand's kind: floor(95%) is 0%, floor(12.5万元) whole 元
    if expr.function == "round":
        if count == 2 and not (
            isinstance(expr.args[1], n.Literal)
            and expr.args[1].value == int(expr.args[1].value)
            and expr.args[1].kind is n.LiteralKind.NUMBER
        ):
            typer.report(
                messages.make(
                    "E203",
                    expr.args[1].span,
                    detail="round takes a whole number of places",
                    detail_zh="round 的小数位数必须是整数",
                )
            )
        return types[0]
    if expr.function == "abs":
        return types[0]
    if len({t.kind == "money" for t in types}) > 1:
        return typer.unit_error(
            expr, f"mixes money and numbers in {expr.function}", f"在 {expr.function} 中混用金额与数值"
        )
    return types[0] if len(set(types)) == 1 else NUMBER


def _clamp(typer: ExprTyper, expr: n.Call, types: list[Type]) -> Type:
    """``clamp(x, lo, hi)`` is ``x`` held to [lo, hi]: the bounds are compared with ``x`` (so a bound of
    another kind is the comparison's own error), and the result is of ``x``'s kind."""
    value, low, high = expr.args
    typer.comparable(types[0], value, types[1], low, n.Op.GE, at=low.span)
    typer.comparable(types[0], value, types[2], high, n.Op.LE, at=high.span)
    lowest, highest = _constant(low), _constant(high)
    if lowest is not None and highest is not None and lowest > highest:
        typer.report(messages.make("E221", low.span.cover(high.span), low=_text(low), high=_text(high)))
    return types[0]


def _count(typer: ExprTyper, expr: n.Call) -> Type:
    """``count(…)``: how many of its arguments are true.  Typed by argument kind, so a kind that can be
    counted another way (a list fact, with a filter) adds its own case here; today only yes/no values."""
    for arg in expr.args:
        found = typer.type_of(arg)
        if found.kind in ("bool", "error"):
            continue
        en, zh = found.describe()
        typer.report(messages.make("E220", arg.span, found=en, found_zh=zh))
    return COUNT


def _date_call(typer: ExprTyper, expr: n.Call) -> Type:
    """``days_between(a, b)`` and ``working_days_between(a, b)``: two dates in, a count of days out."""
    failed = False
    for position, arg in enumerate(expr.args, start=1):
        found = typer.type_of(arg)
        if found.kind not in ("date", "error"):
            en, zh = found.describe()
            typer.report(messages.make("E272", arg.span, name=expr.function, position=position, found=en, found_zh=zh))
        failed = failed or found.kind != "date"
    return ERROR if failed else COUNT


def _constant(expr: n.Expr) -> Decimal | None:
    """The value of a literal or a negated literal (a bound written `-5`), else None."""
    if isinstance(expr, n.Literal):
        return expr.value
    if isinstance(expr, n.Negate) and isinstance(expr.operand, n.Literal):
        return -expr.operand.value
    return None


def _text(expr: n.Expr) -> str:
    """A bound as written (only literals and negated literals are shown)."""
    if isinstance(expr, n.Negate) and isinstance(expr.operand, n.Literal):
        return f"-{expr.operand.text}"
    return expr.text if isinstance(expr, n.Literal) else "…"
