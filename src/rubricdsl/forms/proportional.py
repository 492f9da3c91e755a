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
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence, Trace, const, var
from rubricdsl.ir import nodes as ir
from rubricdsl.results.display import number_text, percent_text
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


def explain(rule: n.ProportionalRule, ctx: ExplainCtx) -> Sentence:
    """``实际 …，指标值 …：实际值 ÷ 指标值 = 93.5%（最高 100%）→ 9.35 分``."""
    achieved_of, target_of = ctx.value_of(rule.achieved), ctx.value_of(rule.target)
    how = "target / actual" if rule.lower_is_better else "actual / target"
    how_zh = "指标值 ÷ 实际值" if rule.lower_is_better else "实际值 ÷ 指标值"

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        share, points = percent_text(trace["share"]), number_text(score)
        achieved, target = achieved_of(env), target_of(env)
        return Text(
            f"actual {achieved.en}, target {target.en}: {how} = {share} (at most 100%) → {points}",
            f"实际 {achieved.zh}，指标值 {target.zh}：{how_zh} = {share}（最高 100%）→ {points} 分",
        )

    return sentence


def detail(trace: Trace) -> Any:
    return trace["share"]


FORM = Form("proportional", n.ProportionalRule, lower, explain, detail)
