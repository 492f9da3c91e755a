"""Coverage of the rules the v1 closures cannot run (a v2 form, a `when` branch that is a rule): each is
re-scored by its IR, and the outcomes it reached are read from the trace it recorded.

A nested rule's outcomes are keyed under its branch, ``("rule", arm, *inner)``, so `rubric test --coverage`
asks for every band, step or item of the inner rule as well as for the branch itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.forms import form_of
from rubricdsl.forms.when import nested_key
from rubricdsl.ir.closures import compile_expr
from rubricdsl.ir.expressions import ExprLowering
from rubricdsl.ir.lower import lower_indicator
from rubricdsl.syntax import nodes as n

Key = tuple[Any, ...]
TracedFn = Callable[[dict[str, Any]], tuple[Decimal, Mapping[str, Any]]]
V1_RULES = (n.ScoreRule, n.WhenRule, n.DeductRule, n.ChecklistRule, n.ProportionalRule, n.LevelsRule, n.JudgedRule)


def runs_in_v1(rule: n.Rule) -> bool:
    """Whether the v1 closures take ``rule``: a v1 form, and a `when` whose outcomes are all expressions."""
    if isinstance(rule, n.WhenRule):
        return all(n.outcome_rule(outcome) is None for outcome in when_outcomes(rule))
    return isinstance(rule, (*V1_RULES, n.FormulaRule))


def when_outcomes(rule: n.WhenRule) -> list[n.Outcome | None]:
    return [*(branch.outcome for branch in rule.branches), rule.otherwise]


def traced(node: n.Indicator, index: int, exprs: ExprLowering) -> TracedFn:
    """The indicator's IR body as ``env → (score before rounding, trace)``."""
    body = compile_expr(lower_indicator(node, index, exprs).body)

    def run(env: dict[str, Any]) -> tuple[Decimal, Mapping[str, Any]]:
        frame: dict[str, Any] = {}
        return body(env, frame), frame

    return run


def trace_keys(rule: n.Rule, trace: Mapping[str, Any], v1_keys: Callable[[n.Rule, Any], set[Key]]) -> set[Key]:
    """The outcomes ``trace`` shows ``rule`` reached: a v1 form's through its detail, a nested rule's under
    its branch."""
    if isinstance(rule, n.JudgedWithinRule):
        return {("tier", trace["arm"])}
    keys = v1_keys(rule, form_of(rule).detail(trace))
    if isinstance(rule, n.WhenRule):
        arm = trace["arm"]
        outcomes = when_outcomes(rule)
        nested = n.outcome_rule(outcomes[arm]) if 0 <= arm < len(outcomes) else None
        if nested is not None:
            keys |= {("rule", arm, *key) for key in trace_keys(nested, trace[nested_key(arm)], v1_keys)}
    return keys
