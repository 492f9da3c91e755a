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
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.evaluate.rules import DeductDetail
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence, Trace, const, var
from rubricdsl.ir import nodes as ir
from rubricdsl.results.display import number_text, show
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


_ONE = Decimal(1)


def _arrow_zh(before: str) -> str:
    return "→ " if before.endswith("）") else " → "  # no space after a full-width bracket


def explain(rule: n.DeductRule, ctx: ExplainCtx) -> Sentence:
    """``deduct`` as what happened: how far past the threshold, how many steps that makes, what it cost.

    ``执行率 = 99.27%：比 100% 低 0.73%，不足一整档（每档 5%）→ 不扣分，得 8 分`` — never "not below" for a
    value that is below.  The step mode is named only when the author wrote it.
    """
    return _DeductSentence(rule, ctx).sentence


class _DeductSentence:
    def __init__(self, rule: n.DeductRule, ctx: ExplainCtx) -> None:
        statements = ctx.statements
        self.rule = rule
        self.threshold = rule.threshold.value
        self.step = rule.step.value if rule.step is not None else _ONE
        self.kind = statements.kind(rule.subject)
        self.subject = statements.value(rule.subject, (self.threshold,))
        self.written_step = rule.step.text if rule.step is not None else None
        self.side = ("above", "高") if rule.above else ("below", "低")
        self.not_side = ("not above", "不高于") if rule.above else ("not below", "不低于")
        self.mode = rule.mode

    def sentence(self, trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        rule, subject, points = self.rule, self.subject(env), number_text(score)
        value, units, deduction = trace["subject"], trace.get("units", _ZERO), trace.get("deduction", _ZERO)
        threshold = rule.threshold.text
        distance = (  # as the evaluator subtracted
            CONTEXT.subtract(value, self.threshold) if rule.above else CONTEXT.subtract(self.threshold, value)
        )
        if distance <= 0:
            return Text(
                f"{subject.en}: {self.not_side[0]} {threshold} → no deduction, {points}",
                f"{subject.zh}：{self.not_side[1]} {threshold} → 不扣分，得 {points} 分",
            )
        far = show(distance, self.kind, self._distance_bounds(units))
        past = Text(
            f"{subject.en}: {far} {self.side[0]} {threshold}", f"{subject.zh}：比 {threshold} {self.side[1]} {far}"
        )
        step = self.written_step
        if units == 0:  # whole steps, and less than one
            return Text(
                f"{past.en}, less than one whole step ({step}) → no deduction, {points}",
                f"{past.zh}，不足一整档（每档 {step}）→ 不扣分，得 {points} 分",
            )
        steps = self._steps(units, step)
        rate, base = rule.rate.text, rule.base.text
        if rule.cap is not None and deduction < rule.rate.value * units:
            cost = Text(f"{base} − {rule.cap.text} (the cap)", f"{base} − {rule.cap.text}（扣分上限）")
        else:
            cost = Text(f"{base} − {rate} × {steps[2]}", f"{base} − {rate} × {steps[2]}")
        if rule.base.value - deduction < 0:
            end = Text(f"{cost.en}, floored at 0 → {points}", f"{cost.zh}，扣完为止 → {points} 分")
        else:
            end = Text(f"{cost.en} = {points}", f"{cost.zh}{'=' if cost.zh.endswith('）') else ' ='} {points} 分")
        return Text(f"{past.en}{steps[0]} → {end.en}", f"{past.zh}{steps[1]}{_arrow_zh(steps[1])}{end.zh}")

    def _distance_bounds(self, units: Decimal) -> tuple[Decimal, ...]:
        """What the distance was measured against: past the threshold (above 0), and inside the steps it
        counted."""
        step, mode = self.step, self.mode
        if mode is n.StepMode.WHOLE_STEPS:
            return (_ZERO, step, CONTEXT.multiply(units, step), CONTEXT.multiply(units + 1, step))
        if mode is n.StepMode.STARTED_STEPS:
            return (_ZERO, step, CONTEXT.multiply(units - 1, step), CONTEXT.multiply(units, step))
        return (_ZERO, step)

    def _steps(self, units: Decimal, step: str | None) -> tuple[str, str, str]:
        """(English, Chinese) phrase for the steps counted, and the number multiplied by the rate."""
        count = number_text(units)
        mode = self.mode
        if step is None and mode is None:  # `per missing`: the distance itself is the count
            return "", "", count
        step = step or "1"
        if mode is n.StepMode.WHOLE_STEPS:
            return f", {count} whole {_steps_word(units)} of {step}", f"，满 {count} 整档（每档 {step}）", count
        if mode is n.StepMode.STARTED_STEPS:
            return (
                f", {count} started {_steps_word(units)} of {step}",
                f"，计 {count} 档（每档 {step}，不足一档按一档）",
                count,
            )
        written = mode is n.StepMode.PRO_RATA
        return (
            f", {count} {_steps_word(units)} of {step}{', pro rata' if written else ''}",
            f"，合 {count} 档（每档 {step}{'，按比例' if written else ''}）",
            count,
        )


def detail(trace: Trace) -> Any:
    return DeductDetail(trace["subject"], trace.get("units", _ZERO), trace.get("deduction", _ZERO))


def trace_of(rule: n.DeductRule, detail: Any) -> Trace:
    """A DeductDetail, or the (value, units, deduction) tuple the fast path records."""
    value, units, deduction = (
        (detail.value, detail.units, detail.deduction) if isinstance(detail, DeductDetail) else detail
    )
    return {"subject": value, "units": units, "deduction": deduction}


FORM = Form("deduct", n.DeductRule, lower, explain, detail, trace_of)


def _steps_word(units: Decimal) -> str:
    """English agrees with the count: exactly one is "step" (1 and 1.0 alike); 2, 0.5 and 1.5 are "steps"."""
    return "step" if units == 1 else "steps"
