"""``proportional ACHIEVED against TARGET [lower]``: points × share, the share clamped to [0, 1].

Higher is better: share = achieved / target, ``E302`` when the target is 0.  Lower is better: share = target /
achieved, and 1 when achieved ≤ 0.

Trace keys: ``achieved``, ``target``, ``share`` (after the clamp).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rubricdsl.forms.base import Form, LowerCtx, Trace, const, var
from rubricdsl.ir import nodes as ir
from rubricdsl.syntax import nodes as n


def lower(rule: n.ProportionalRule, ctx: LowerCtx) -> ir.Expr:
    achieved, target = var("achieved"), var("target")
    share: ir.Expr
    if rule.lower_is_better:
        share = ir.Select(
            key=None,
            arms=(
                ir.Arm(
                    condition=ir.Cmp(op=ir.CmpOp.LE, left=achieved, right=const(Decimal(0))), value=const(Decimal(1))
                ),
            ),
            otherwise=ir.Div(dividend=target, divisor=achieved, failure=None),  # achieved > 0 here
            otherwise_arm=1,
        )
    else:
        text = ctx.exprs.text(rule.target)
        share = ir.Div(
            dividend=achieved, divisor=target, failure=ctx.exprs.division_failure(rule.target, facts_text=text)
        )
    clamped = ir.Clamp(value=share, low=const(Decimal(0)), high=const(Decimal(1)))
    score = ir.Arith(op=ir.ArithOp.MUL, left=const(ctx.points), right=var("share"))
    return ir.Let(
        key="achieved",
        value=ctx.expr(rule.achieved),
        body=ir.Let(key="target", value=ctx.expr(rule.target), body=ir.Let(key="share", value=clamped, body=score)),
        span=rule.span,
    )


def detail(trace: Trace) -> Any:
    return trace["share"]


FORM = Form("proportional", n.ProportionalRule, lower, detail)
