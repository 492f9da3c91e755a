"""``when CONDITION -> OUTCOME; …; else OUTCOME``: the first condition that holds gives the score.

An outcome is an expression or — the first v2 capability, added here and nowhere else — any rule form (a
nested rule: ``when policy_reason -> 10; else deduct overrun: …``).  A nested rule is lowered by its own form
inside a :class:`~rubricdsl.ir.nodes.Scope`, so its trace is recorded under ``rule<arm>`` and reads exactly as
it would alone.

Trace keys: ``arm`` (as for ``score``: ``len(branches)`` for ``else``, NO_BAND (-1) for the implicit 0), and
``rule<arm>`` (the nested rule's own frame) when the arm that fired is a rule.
"""

from __future__ import annotations

from typing import Any

from rubricdsl.forms.base import Form, LowerCtx, Trace
from rubricdsl.forms.score import otherwise_of
from rubricdsl.ir import nodes as ir
from rubricdsl.reading.source import NO_SPAN
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


def detail(trace: Trace) -> Any:
    return trace["arm"]


FORM = Form("when", n.WhenRule, lower, detail)
