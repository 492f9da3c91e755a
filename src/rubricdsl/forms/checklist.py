"""``checklist: CONDITION -> POINTS "label"; …``: the sum of the points of the items that hold.

Trace keys: ``item<i>`` for every item: 0 when it held, 1 when not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence, Trace, const
from rubricdsl.ir import nodes as ir
from rubricdsl.results.display import number_text
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.numbers import common_denominator, exact_points


def item_key(position: int) -> str:
    return f"item{position}"


def lower(rule: n.ChecklistRule, ctx: LowerCtx) -> ir.Expr:
    """The sum of the items met.  With exact points (``10/3``) every item counts in parts of the common
    denominator and the sum is divided once at the end, so three items of 10/3 give exactly 10."""
    denominator = common_denominator(item.points for item in rule.items)

    def worth(points: n.Literal | n.Ratio) -> Decimal:
        if denominator == 1 and isinstance(points, n.Literal):
            return points.value  # as written, exponent included (v1 sums `2.50` as 2.50)
        parts = exact_points(points) * denominator
        assert parts.denominator == 1  # a whole number of parts, by the choice of denominator
        return Decimal(parts.numerator)

    terms = tuple(
        ir.Select(
            key=item_key(position),
            arms=(ir.Arm(condition=ctx.expr(item.condition), value=const(worth(item.points)), span=item.span),),
            otherwise=const(Decimal(0)),
            otherwise_arm=1,
            span=item.span,
        )
        for position, item in enumerate(rule.items)
    )
    total = ir.Sum(terms=terms, span=rule.span)
    if denominator == 1:
        return total
    return ir.Div(dividend=total, divisor=const(Decimal(denominator)), failure=None, span=rule.span)


def _always(text: Text) -> Callable[[Mapping[str, Any], bool], Text]:
    """A checklist item that reads the same whether met or not: the author's label."""
    return lambda env, met: text


def explain(rule: n.ChecklistRule, ctx: ExplainCtx) -> Sentence:
    """Items by their label; an item without one by what held: ``执行率 95% ≥ 90%（2）``."""
    items: list[Callable[[Mapping[str, Any], bool], Text]] = []
    for item in rule.items:
        points = item.points.text
        if item.label:
            items.append(_always(Text(f"{item.label}（{points}）", f"{item.label}（{points}）")))
        else:
            stated = ctx.statements.condition(item.condition)

            def unlabeled(
                env: Mapping[str, Any], met: bool, stated: Callable[..., Text] = stated, points: str = points
            ) -> Text:
                text = stated(env, met)
                return Text(f"{text.en} ({points})", f"{text.zh}（{points}）")

            items.append(unlabeled)
    keys = [item_key(position) for position in range(len(items))]
    exact = [exact_points(item.points) for item in rule.items] if any_ratio(rule) else None

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        held = [trace[key] == 0 for key in keys]
        met = [item(env, True) for item, ok in zip(items, held, strict=True) if ok]
        unmet = [item(env, False) for item, ok in zip(items, held, strict=True) if not ok]
        met_en, met_zh = "; ".join(t.en for t in met) or "—", "、".join(t.zh for t in met) or "—"
        unmet_en, unmet_zh = "; ".join(t.en for t in unmet) or "—", "、".join(t.zh for t in unmet) or "—"
        # With exact points the sum is stated as the fraction it is (20/3), not its 50-digit quotient.
        points = (
            number_text(score)
            if exact is None
            else fraction_text(sum(e for e, ok in zip(exact, held, strict=True) if ok))
        )
        return Text(
            f"met: {met_en}; not met: {unmet_en} → {points}", f"满足：{met_zh}；未满足：{unmet_zh} → {points} 分"
        )

    return sentence


def any_ratio(rule: n.ChecklistRule) -> bool:
    return any(isinstance(item.points, n.Ratio) for item in rule.items)


def fraction_text(value: Fraction | int) -> str:
    """``20/3`` for a fraction, ``10`` for a whole number, ``2.5`` for one a decimal writes exactly."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    scaled = value.denominator
    while scaled % 2 == 0:
        scaled //= 2
    while scaled % 5 == 0:
        scaled //= 5
    if scaled == 1:  # a finite decimal
        return number_text(Decimal(value.numerator) / Decimal(value.denominator))
    return f"{value.numerator}/{value.denominator}"


def detail(trace: Trace) -> Any:
    met = []
    position = 0
    while (fired := trace.get(item_key(position))) is not None:
        if fired == 0:
            met.append(position)
        position += 1
    return tuple(met)


def trace_of(rule: n.ChecklistRule, detail: Any) -> Trace:
    """``detail`` holds the positions of the items met; the trace has every item (0: held, 1: not)."""
    return {f"item{position}": 0 if position in detail else 1 for position in range(len(rule.items))}  # item_key


FORM = Form("checklist", n.ChecklistRule, lower, explain, detail, trace_of)
