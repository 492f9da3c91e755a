"""``formula EXPR``: the expression's value is the score (held to [0, points] by the indicator's guard).

Trace keys: none.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence, Trace
from rubricdsl.ir import nodes as ir
from rubricdsl.results.display import number_text
from rubricdsl.syntax import nodes as n


def lower(rule: n.FormulaRule, ctx: LowerCtx) -> ir.Expr:
    return ctx.expr(rule.expr)


def explain(rule: n.FormulaRule, ctx: ExplainCtx) -> Sentence:
    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        return Text(f"formula → {number_text(score)}", f"公式计算 → {number_text(score)} 分")

    return sentence


def detail(trace: Trace) -> Any:
    return None


def trace_of(rule: n.FormulaRule, detail: Any) -> Trace:
    return {}


FORM = Form("formula", n.FormulaRule, lower, explain, detail, trace_of)
