"""``formula EXPR``: the expression's value is the score (held to [0, points] by the indicator's guard).

The reason states the value of each ``floor``/``ceil``/``clamp``/``count`` the formula reads (with the items
of a ``count`` that held), computed as the evaluator computes it; a formula without them reads ``formula → 3``.

Trace keys: none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence, Trace
from rubricdsl.ir import nodes as ir
from rubricdsl.results.display import number_text
from rubricdsl.syntax import nodes as n


def lower(rule: n.FormulaRule, ctx: LowerCtx) -> ir.Expr:
    return ctx.expr(rule.expr)


# A formula that reads one of these states its value: `floor(rate * 10) = 9`, `count(a, b, c) = 2 (…)`.
STATED_FUNCTIONS = frozenset({"floor", "ceil", "clamp", "count"})


def explain(rule: n.FormulaRule, ctx: ExplainCtx) -> Sentence:
    stated = [_call_statement(call, ctx) for call in _stated_calls(rule.expr)]

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        shown = number_text(score)
        if not stated:
            return Text(f"formula → {shown}", f"公式计算 → {shown} 分")
        parts = [state(env) for state in stated]
        en, zh = "; ".join(part.en for part in parts), "；".join(part.zh for part in parts)
        return Text(f"formula: {en} → {shown}", f"公式计算：{zh} → {shown} 分")

    return sentence


def _stated_calls(expr: n.Expr) -> list[n.Call]:
    """The outermost calls of :data:`STATED_FUNCTIONS` in ``expr``, left to right."""
    found: list[n.Call] = []
    stack: list[n.Expr] = [expr]
    while stack:
        item = stack.pop()
        match item:
            case n.Call() if item.function in STATED_FUNCTIONS:
                found.append(item)
            case n.Call():
                stack.extend(reversed(item.args))
            case n.Binary():
                stack.extend((item.right, item.left))
            case n.Negate() | n.Not():
                stack.append(item.operand)
            case _:
                pass
    return found


def _call_statement(call: n.Call, ctx: ExplainCtx) -> Callable[[Mapping[str, Any]], Text]:
    """``count(a, b, c) = 2`` followed by the items that held; any other call as its value."""
    value = ctx.statements.value(call)
    if call.function != "count":
        return value
    items = [(ctx.statements.evaluator(arg), ctx.statements.condition(arg)) for arg in call.args]

    def stated(env: Mapping[str, Any]) -> Text:
        total = value(env)
        held = [condition(env, True) for holds, condition in items if holds(env)]
        if not held:
            return total
        return Text(
            f"{total.en} ({', '.join(part.en for part in held)})",
            f"{total.zh}（{'，'.join(part.zh for part in held)}）",
        )

    return stated


def detail(trace: Trace) -> Any:
    return None


def trace_of(rule: n.FormulaRule, detail: Any) -> Trace:
    return {}


FORM = Form("formula", n.FormulaRule, lower, explain, detail, trace_of)
