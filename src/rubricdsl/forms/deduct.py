"""``deduct SUBJECT: base B, -R per S below|above T[, MODE][, cap C]``: B − R × units, floored at 0 (扣完为止).

units = distance beyond the threshold / step, then floored (whole steps), raised (started steps) or kept (pro
rata, also when no mode is written); the deduction R × units is capped at C; at or inside the threshold the
score is B and nothing is deducted.

Trace keys: ``subject``, ``distance`` (beyond the threshold: > 0 means a deduction), ``arm`` (0: none, 1:
deducted), and when deducted ``units`` and ``deduction`` (after the cap).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rubricdsl.evaluate.rules import DeductDetail
from rubricdsl.forms.base import Form, LowerCtx, Trace, const, var
from rubricdsl.ir import nodes as ir
from rubricdsl.syntax import nodes as n

_ZERO = Decimal(0)


def lower(rule: n.DeductRule, ctx: LowerCtx) -> ir.Expr:
    subject, distance = var("subject"), var("distance")
    threshold, base = const(rule.threshold.value), const(rule.base.value)
    beyond = (
        ir.Arith(op=ir.ArithOp.SUB, left=subject, right=threshold)
        if rule.above
        else ir.Arith(op=ir.ArithOp.SUB, left=threshold, right=subject)
    )
    step = const(rule.step.value if rule.step is not None else Decimal(1))
    units: ir.Expr = ir.Div(dividend=distance, divisor=step, failure=None)  # the checker proved step > 0
    mode = rule.mode or n.StepMode.PRO_RATA
    if mode is n.StepMode.WHOLE_STEPS:
        units = ir.Floor(operand=units)
    elif mode is n.StepMode.STARTED_STEPS:
        units = ir.Ceil(operand=units)
    deduction: ir.Expr = ir.Arith(op=ir.ArithOp.MUL, left=const(rule.rate.value), right=var("units"))
    if rule.cap is not None:
        deduction = ir.Min(args=(deduction, const(rule.cap.value)), span=rule.cap.span)
    remaining = ir.Max(args=(const(_ZERO), ir.Arith(op=ir.ArithOp.SUB, left=base, right=var("deduction"))))
    deducted = ir.Let(key="units", value=units, body=ir.Let(key="deduction", value=deduction, body=remaining))
    none = ir.Arm(condition=ir.Cmp(op=ir.CmpOp.LE, left=distance, right=const(_ZERO)), value=base)
    select = ir.Select(key="arm", arms=(none,), otherwise=deducted, otherwise_arm=1, span=rule.span)
    return ir.Let(
        key="subject",
        value=ctx.expr(rule.subject),
        body=ir.Let(key="distance", value=beyond, body=select),
        span=rule.span,
    )


def detail(trace: Trace) -> Any:
    return DeductDetail(trace["subject"], trace.get("units", _ZERO), trace.get("deduction", _ZERO))


FORM = Form("deduct", n.DeductRule, lower, detail)
