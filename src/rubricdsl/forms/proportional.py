"""``proportional ACHIEVED against TARGET [lower]``: points × share, the share clamped to [0, 1].

Higher is better: share = achieved / target, ``E302`` when the target is 0.  Lower is better: share = target /
achieved, and 1 when achieved ≤ 0.

Trace keys: ``achieved``, ``target``, ``share`` (after the clamp).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence, Trace, const, var
from rubricdsl.ir import nodes as ir
from rubricdsl.results.display import number_text, percent_text
from rubricdsl.syntax import nodes as n

_ZERO = Decimal(0)
_ONE = Decimal(1)


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


def explain(rule: n.ProportionalRule, ctx: ExplainCtx) -> Sentence:
    """``实际 …，指标值 …：实际值 ÷ 指标值 = 105.6%，超过 100% 按 100% 计 → 10 分``: the share before any cap."""
    statements = ctx.statements
    achieved_of, target_of = statements.value(rule.achieved), statements.value(rule.target)
    achieved_value, target_value = statements.evaluator(rule.achieved), statements.evaluator(rule.target)
    lower = rule.lower_is_better
    how = "target / actual" if lower else "actual / target"
    how_zh = "指标值 ÷ 实际值" if lower else "实际值 ÷ 指标值"

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        achieved, target, points = achieved_of(env), target_of(env), number_text(score)
        head = Text(f"actual {achieved.en}, target {target.en}", f"实际 {achieved.zh}，指标值 {target.zh}")
        got = achieved_value(env)
        if lower and got <= 0:
            return Text(
                f"{head.en}: actual not above 0, counted as 100% → {points}",
                f"{head.zh}：实际值不大于 0，按 100% 计 → {points} 分",
            )
        share = trace["share"]
        if share != 0 and share != 1:  # the share as computed: no cap applied
            ratio = percent_text(share, (_ZERO, _ONE))
            return Text(f"{head.en}: {how} = {ratio} → {points}", f"{head.zh}：{how_zh} = {ratio} → {points} 分")
        wanted = target_value(env)
        real = CONTEXT.divide(wanted, got) if lower else CONTEXT.divide(got, wanted)  # before the cap
        ratio = percent_text(real, (_ZERO, _ONE))
        if real > 1:
            return Text(
                f"{head.en}: {how} = {ratio}, above 100%, counted as 100% → {points}",
                f"{head.zh}：{how_zh} = {ratio}，超过 100% 按 100% 计 → {points} 分",
            )
        if real < 0:
            return Text(
                f"{head.en}: {how} = {ratio}, below 0, counted as 0 → {points}",
                f"{head.zh}：{how_zh} = {ratio}，低于 0 按 0 计 → {points} 分",
            )
        return Text(f"{head.en}: {how} = {ratio} → {points}", f"{head.zh}：{how_zh} = {ratio} → {points} 分")

    return sentence


def detail(trace: Trace) -> Any:
    return trace["share"]


def trace_of(rule: n.ProportionalRule, detail: Any) -> Trace:
    return {"share": detail}


FORM = Form("proportional", n.ProportionalRule, lower, explain, detail, trace_of)
