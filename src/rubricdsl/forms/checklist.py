"""``checklist: CONDITION -> POINTS "label"; …``: the sum of the points of the items that hold.

Trace keys: ``item<i>`` for every item: 0 when it held, 1 when not.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence, Trace, const
from rubricdsl.ir import nodes as ir
from rubricdsl.results.display import number_text
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


def explain(rule: n.ChecklistRule, ctx: ExplainCtx) -> Sentence:
    """``满足：项0（2）、项1（3）；未满足：— → 5 分``."""
    names = [f"{item.label or ctx.source.snippet(item.condition.span)}（{item.points.text}）" for item in rule.items]

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        held = [trace[item_key(position)] == 0 for position in range(len(names))]
        met = "、".join([name for name, ok in zip(names, held, strict=True) if ok]) or "—"
        unmet = "、".join([name for name, ok in zip(names, held, strict=True) if not ok]) or "—"
        points = number_text(score)
        return Text(f"met: {met}; not met: {unmet} → {points}", f"满足：{met}；未满足：{unmet} → {points} 分")

    return sentence


def detail(trace: Trace) -> Any:
    met = []
    position = 0
    while (fired := trace.get(item_key(position))) is not None:
        if fired == 0:
            met.append(position)
        position += 1
    return tuple(met)


FORM = Form("checklist", n.ChecklistRule, lower, explain, detail)
