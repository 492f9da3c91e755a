"""``score SUBJECT: BAND -> OUTCOME; …; else OUTCOME``: the first band whose test holds gives the score.

Trace keys: ``subject`` (its value), ``arm`` (the band that fired; ``len(bands)`` for the written ``else``,
``NO_BAND`` (-1) when nothing matched and there is no ``else``: then the score is 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence, Trace, const, var
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.expressions import COMPARISONS
from rubricdsl.syntax import nodes as n

NO_BAND = -1


def band_test(test: n.Compare | n.Interval, subject: ir.Expr) -> ir.Expr:
    """A band's test over the (bound) subject: ``[a, b)`` is ``a <= x and x < b``."""
    if isinstance(test, n.Compare):
        return ir.Cmp(op=COMPARISONS[test.op], left=subject, right=const(test.threshold.value), span=test.span)
    low = ir.Cmp(op=ir.CmpOp.LE if test.low_inclusive else ir.CmpOp.LT, left=const(test.low.value), right=subject)
    high = ir.Cmp(op=ir.CmpOp.LE if test.high_inclusive else ir.CmpOp.LT, left=subject, right=const(test.high.value))
    return ir.And(left=low, right=high, span=test.span)


def otherwise_of(outcome: ir.Expr | None, arms: int) -> tuple[ir.Expr, int]:
    """The written ``else`` (arm ``arms``), or the implicit 0 (arm NO_BAND)."""
    if outcome is None:
        return const(Decimal(0)), NO_BAND
    return outcome, arms


def lower(rule: n.ScoreRule, ctx: LowerCtx) -> ir.Expr:
    subject = var("subject")
    arms = tuple(
        ir.Arm(condition=band_test(band.test, subject), value=ctx.expr(band.outcome), span=band.span)
        for band in rule.bands
    )
    otherwise, otherwise_arm = otherwise_of(
        None if rule.otherwise is None else ctx.expr(rule.otherwise), len(rule.bands)
    )
    select = ir.Select(key="arm", arms=arms, otherwise=otherwise, otherwise_arm=otherwise_arm, span=rule.span)
    return ir.Let(key="subject", value=ctx.expr(rule.subject), body=select, span=rule.span)


def band_bounds(rule: n.ScoreRule) -> tuple[Decimal, ...]:
    """Every threshold of a rule's bands: the subject is shown told apart from each."""
    found: list[Decimal] = []
    for band in rule.bands:
        test = band.test
        found.extend([test.threshold.value] if isinstance(test, n.Compare) else [test.low.value, test.high.value])
    return tuple(dict.fromkeys(found))


def explain(rule: n.ScoreRule, ctx: ExplainCtx) -> Sentence:
    """``实际值 = 95% → `>=90% -> 10``` (the band as written), or that no band applies."""
    subject = ctx.statements.value(rule.subject, band_bounds(rule))
    texts = {position: ctx.snippet(band) for position, band in enumerate(rule.bands)}
    texts[len(rule.bands)] = "else" if rule.otherwise is None else f"else {ctx.snippet(rule.otherwise)}"

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        shown = subject(env)
        arm = trace["arm"]
        if arm == NO_BAND:
            return Text(f"{shown.en}: no band applies → 0", f"{shown.zh}：不在任何档位内 → 0 分")
        text = texts[arm]
        return Text(f"{shown.en} → `{text}`", f"{shown.zh} → `{text}`")

    return sentence


def detail(trace: Trace) -> Any:
    return trace["arm"]


def trace_of(rule: n.ScoreRule, detail: Any) -> Trace:
    return {"arm": detail}


FORM = Form("score", n.ScoreRule, lower, explain, detail, trace_of)
