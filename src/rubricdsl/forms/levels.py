"""``levels SUBJECT: LEVEL -> SHARE; …``: the score of the level the enum fact has (a percent is a share of
the points, a plain number is points); a level with no share is ``E306``.

Trace keys: ``subject`` (the level), ``arm`` (the position of its share; ``len(shares)`` for none).
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


def lower(rule: n.LevelsRule, ctx: LowerCtx) -> ir.Expr:
    subject = var("subject")
    arms = []
    for share in rule.shares:
        # Computed as the closure evaluator computes its table, when the rubric is compiled.
        value = ctx.points * share.share.value if share.share.kind is n.LiteralKind.PERCENT else share.share.value
        condition = ir.Cmp(op=ir.CmpOp.EQ, left=subject, right=const(share.level))
        arms.append(ir.Arm(condition=condition, value=const(value), span=share.span))
    unknown = ir.Fail(code="E306", args=(("level", subject),), span=rule.span)
    select = ir.Select(key="arm", arms=tuple(arms), otherwise=unknown, otherwise_arm=len(arms), span=rule.span)
    return ir.Let(key="subject", value=ctx.expr(rule.subject), body=select, span=rule.span)


def explain(rule: n.LevelsRule, ctx: ExplainCtx) -> Sentence:
    """``可持续影响 = 部分达成 → 6 分``."""
    subject = ctx.statements.value(rule.subject)

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        value, points = subject(env), number_text(score)
        return Text(f"{value.en} → {points}", f"{value.zh} → {points} 分")

    return sentence


def detail(trace: Trace) -> Any:
    return trace["subject"]


def trace_of(rule: n.LevelsRule, detail: Any) -> Trace:
    """The level, and the first share written for it (the arm the IR's select takes)."""
    arm = next((position for position, share in enumerate(rule.shares) if share.level == detail), len(rule.shares))
    return {"subject": detail, "arm": arm}


FORM = Form("levels", n.LevelsRule, lower, explain, detail, trace_of)
