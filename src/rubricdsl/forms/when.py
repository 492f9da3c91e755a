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
    """``policy_reason = 是 → 10``; for a nested rule, the branch and then the nested rule's own sentence."""
    conditions = [ctx.value_of(branch.condition) for branch in rule.branches]
    outcomes: list[object] = [branch.outcome for branch in rule.branches]
    outcomes.append(rule.otherwise)
    nested = {arm: ctx.rule(value, ctx) for arm, value in enumerate(outcomes) if ctx.is_rule(value)}

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        arm = trace["arm"]
        if arm == NO_BAND:
            return Text("no branch applies → 0", "所有条件均不成立 → 0 分")
        inner = nested.get(arm)
        if inner is not None:
            then = inner(trace[nested_key(arm)], score, env)
            if arm < len(conditions):
                cond = conditions[arm](env)
                return Text(f"{cond.en} → {then.en}", f"{cond.zh} → {then.zh}")
            return Text(f"no condition holds → else: {then.en}", f"条件均不成立 → 否则：{then.zh}")
        points = number_text(score)
        if arm < len(conditions):
            cond = conditions[arm](env)
            return Text(f"{cond.en} → {points}", f"{cond.zh} → {points} 分")
        return Text(f"no condition holds → else {points}", f"条件均不成立 → 否则 {points} 分")

    return sentence


def detail(trace: Trace) -> Any:
    return trace["arm"]


FORM = Form("when", n.WhenRule, lower, explain, detail)
