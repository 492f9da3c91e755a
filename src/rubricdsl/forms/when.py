"""``when CONDITION -> OUTCOME; …; else OUTCOME``: the first condition that holds gives the score.

An outcome is an expression or — the first v2 capability, added here and nowhere else — any rule form (a
nested rule: ``when policy_reason -> 10; else deduct overrun: …``).  A nested rule is lowered by its own form
inside a :class:`~rubricdsl.ir.nodes.Scope`, so its trace is recorded under ``rule<arm>`` and reads exactly as
it would alone; the explanation names the branch, then explains the nested rule with that rule's own sentence.

Trace keys: ``arm`` (as for ``score``: ``len(branches)`` for ``else``, NO_BAND (-1) for the implicit 0), and
``rule<arm>`` (the nested rule's own frame) when the arm that fired is a rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence, Trace
from rubricdsl.forms.score import NO_BAND, otherwise_of
from rubricdsl.ir import nodes as ir
from rubricdsl.reading.source import NO_SPAN
from rubricdsl.results.display import number_text
from rubricdsl.syntax import nodes as n


def nested_key(arm: int) -> str:
    return f"rule{arm}"


def outcome(value: object, arm: int, ctx: LowerCtx) -> ir.Expr:
    """An expression outcome as the expression; a rule outcome as that rule, in its own frame."""
    if ctx.is_rule(value):
        return ir.Scope(key=nested_key(arm), body=ctx.rule(value, ctx), span=getattr(value, "span", NO_SPAN))
    return ctx.expr(value)


def lower(rule: n.WhenRule, ctx: LowerCtx) -> ir.Expr:
    arms = tuple(
        ir.Arm(condition=ctx.expr(branch.condition), value=outcome(branch.outcome, position, ctx), span=branch.span)
        for position, branch in enumerate(rule.branches)
    )
    count = len(rule.branches)
    otherwise, otherwise_arm = otherwise_of(
        None if rule.otherwise is None else outcome(rule.otherwise, count, ctx), count
    )
    return ir.Select(key="arm", arms=arms, otherwise=otherwise, otherwise_arm=otherwise_arm, span=rule.span)


def explain(rule: n.WhenRule, ctx: ExplainCtx) -> Sentence:
    """The branch as what held (``结余资金 12万元 ≤ 上年结转 15万元 → 10 分``), or every condition as what held
    instead; for a nested rule, the branch and then the nested rule's own sentence."""
    conditions = [ctx.statements.condition(branch.condition) for branch in rule.branches]
    outcomes: list[object] = [branch.outcome for branch in rule.branches]
    outcomes.append(rule.otherwise)
    nested = {arm: ctx.rule(value, ctx) for arm, value in enumerate(outcomes) if ctx.is_rule(value)}

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        arm = trace["arm"]
        inner = nested.get(arm)
        then = None if inner is None else inner(trace[nested_key(arm)], score, env)
        points = number_text(score)
        if arm != NO_BAND and arm < len(conditions):
            held = conditions[arm](env, True)
            if then is not None:
                return Text(f"{held.en} → {then.en}", f"{held.zh} → {then.zh}")
            return Text(f"{held.en} → {points}", f"{held.zh} → {points} 分")
        failed = [condition(env, False) for condition in conditions]
        what = Text("; ".join(text.en for text in failed), "；".join(text.zh for text in failed))
        if arm == NO_BAND:
            return Text(f"{what.en}: no branch applies → 0", f"{what.zh}：没有成立的条件 → 0 分")
        if then is not None:
            return Text(
                f"{what.en}: no condition holds → else: {then.en}", f"{what.zh}：条件均不成立 → 否则：{then.zh}"
            )
        return Text(f"{what.en}: no condition holds → else {points}", f"{what.zh}：条件均不成立 → 否则 {points} 分")

    return sentence


def detail(trace: Trace) -> Any:
    return trace["arm"]


def trace_of(rule: n.WhenRule, detail: Any) -> Trace:
    return {"arm": detail}


FORM = Form("when", n.WhenRule, lower, explain, detail, trace_of)
