"""``checklist: CONDITION -> POINTS "label"; …``: the sum of the points of the items that hold.

Trace keys: ``item<i>`` for every item: 0 when it held, 1 when not.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rubricdsl.forms.base import Form, LowerCtx, Trace, const
from rubricdsl.ir import nodes as ir
from rubricdsl.syntax import nodes as n


def item_key(position: int) -> str:
    return f"item{position}"


def lower(rule: n.ChecklistRule, ctx: LowerCtx) -> ir.Expr:
    terms = tuple(
        ir.Select(
            key=item_key(position),
            arms=(ir.Arm(condition=ctx.expr(item.condition), value=const(item.points.value), span=item.span),),
            otherwise=const(Decimal(0)),
            otherwise_arm=1,
            span=item.span,
        )
        for position, item in enumerate(rule.items)
    )
    return ir.Sum(terms=terms, span=rule.span)


def detail(trace: Trace) -> Any:
    met = []
    position = 0
    while (fired := trace.get(item_key(position))) is not None:
        if fired == 0:
            met.append(position)
        position += 1
    return tuple(met)


FORM = Form("checklist", n.ChecklistRule, lower, detail)
