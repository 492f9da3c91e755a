"""``deduct SUBJECT: base B, -R per S below|above T[, MODE][, cap C]``: B − R × units, floored at 0 (扣完为止).

units = distance beyond the threshold / step, then floored (whole steps), raised (started steps) or kept (pro
rata, also when no mode is written); the deduction R × units is capped at C; at or inside the threshold the
score is B and nothing is deducted.

Trace keys: ``subject``, ``distance`` (beyond the threshold: > 0 means a deduction), ``arm`` (0: none, 1:
deducted), and when deducted ``units`` and ``deduction`` (after the cap).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.rules import DeductDetail
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence, Trace, const, var
from rubricdsl.ir import nodes as ir
from rubricdsl.results.display import number_text
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


_MODES_ZH = {"pro rata": "按比例", "whole steps": "按整档", "started steps": "不足一档按一档"}


def explain(rule: n.DeductRule, ctx: ExplainCtx) -> Sentence:
    """``超时比例 = 9%：超出 0% 共 2 个 4%（按整档）→ 10 − 2 = 8``, or that nothing was deducted."""
    subject = ctx.value_of(rule.subject)
    base, threshold = rule.base.text, rule.threshold.text
    side_en, side_zh = ("above", "超出") if rule.above else ("below", "低于")
    step = rule.step.text if rule.step is not None else "1"
    mode = (rule.mode or n.StepMode.PRO_RATA).value
    mode_zh = _MODES_ZH[mode]

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        shown = subject(env)
        deduction = trace.get("deduction", _ZERO)
        if deduction == 0:
            return Text(
                f"{shown.en}: not {side_en} {threshold} → no deduction, {number_text(score)}",
                f"{shown.zh}：未{side_zh} {threshold} → 不扣分，得 {number_text(score)} 分",
            )
        floored = rule.base.value - deduction < 0
        floor_en, floor_zh = (" (floored at 0)", "（扣完为止）") if floored else ("", "")
        units, amount, points = number_text(trace["units"]), number_text(deduction), number_text(score)
        return Text(
            f"{shown.en}: {units} × {step} {side_en} {threshold} ({mode}) → {base} − {amount} = {points}{floor_en}",
            f"{shown.zh}：{side_zh} {threshold} 共 {units} 个 {step}（{mode_zh}）→ {base} − {amount} = {points}{floor_zh}",
        )

    return sentence


def detail(trace: Trace) -> Any:
    return DeductDetail(trace["subject"], trace.get("units", _ZERO), trace.get("deduction", _ZERO))


FORM = Form("deduct", n.DeductRule, lower, explain, detail)
