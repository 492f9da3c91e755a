"""``judged FACT``: the score the evaluators gave, which must lie in [0, points] (else ``E304``).

Trace keys: ``subject`` (the judged value).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence, Trace, const, var
from rubricdsl.ir import nodes as ir
from rubricdsl.results.explain import number_text
from rubricdsl.syntax import nodes as n


def within(value: ir.Expr, low: ir.Value, high: ir.Value) -> ir.Expr:
    """``low <= value and value <= high``."""
    return ir.And(
        left=ir.Cmp(op=ir.CmpOp.LE, left=const(low), right=value),
        right=ir.Cmp(op=ir.CmpOp.LE, left=value, right=const(high)),
    )


def lower(rule: n.JudgedRule, ctx: LowerCtx) -> ir.Expr:
    subject = var("subject")
    out_of_range = ir.Fail(
        code="E304",
        args=(("value", subject), ("name", const(ctx.indicator_id)), ("points", const(ctx.points))),
        span=rule.fact.span,
    )
    guard = ir.Arm(condition=ir.Not(operand=within(subject, Decimal(0), ctx.points)), value=out_of_range)
    select = ir.Select(key=None, arms=(guard,), otherwise=subject, otherwise_arm=1, span=rule.span)
    return ir.Let(key="subject", value=ctx.expr(rule.fact), body=select, span=rule.span)


def explain(rule: n.JudgedRule, ctx: ExplainCtx) -> Sentence:
    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        return Text(f"judged score {number_text(score)}", f"评议得分 {number_text(score)} 分")

    return sentence


def detail(trace: Trace) -> Any:
    return None


FORM = Form("judged", n.JudgedRule, lower, explain, detail)
