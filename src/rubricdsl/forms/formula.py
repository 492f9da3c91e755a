"""``formula EXPR``: the expression's value is the score (held to [0, points] by the indicator's guard).

Trace keys: none.
"""

from __future__ import annotations

from typing import Any

from rubricdsl.forms.base import Form, LowerCtx, Trace
from rubricdsl.ir import nodes as ir
from rubricdsl.syntax import nodes as n


def lower(rule: n.FormulaRule, ctx: LowerCtx) -> ir.Expr:
    return ctx.expr(rule.expr)


def detail(trace: Trace) -> Any:
    return None


FORM = Form("formula", n.FormulaRule, lower, detail)
