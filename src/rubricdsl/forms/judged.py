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
from rubricdsl.results.display import number_text
from rubricdsl.syntax import nodes as n


def lower(rule: n.JudgedRule, ctx: LowerCtx) -> ir.Expr:
    out_of_range = ir.Fail(
        code="E304",
        args=(("value", var("subject")), ("name", const(ctx.indicator_id)), ("points", const(ctx.points))),
        span=rule.fact.span,
    )
    return ir.Guard(
        key="subject", value=ctx.expr(rule.fact), low=Decimal(0), high=ctx.points, failure=out_of_range, span=rule.span
    )


def explain(rule: n.JudgedRule, ctx: ExplainCtx) -> Sentence:
    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        return Text(f"judged score {number_text(score)}", f"评议得分 {number_text(score)} 分")

    return sentence


def detail(trace: Trace) -> Any:
    return None


def trace_of(rule: n.JudgedRule, detail: Any) -> Trace:
    return {}


FORM = Form("judged", n.JudgedRule, lower, explain, detail, trace_of)
