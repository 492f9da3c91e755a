"""What a rule's reason reads, for sharing reason texts between evaluations.

The reason sentences themselves are each rule form's (:mod:`rubricdsl.forms`), read from the indicator's trace;
every comparison a reason states holds on the exact values, and every value shown next to a threshold is told
apart from it (:func:`rubricdsl.results.display.show`); tests/results/test_reason_truth.py checks both.
"""

from __future__ import annotations

from rubricdsl.reading.source import Span
from rubricdsl.semantics.check import free_names
from rubricdsl.syntax import nodes as n


def names_shown(rule: n.Rule) -> tuple[str, ...]:
    """The names whose values a scored reason of this rule reads: its subject, conditions, actual and target."""
    match rule:
        case n.ScoreRule() | n.DeductRule() | n.LevelsRule():
            exprs: list[n.Expr] = [rule.subject]
        case n.WhenRule():
            exprs = [branch.condition for branch in rule.branches]
        case n.ProportionalRule():
            exprs = [rule.achieved, rule.target]
        case n.ChecklistRule():
            exprs = [item.condition for item in rule.items if not item.label]
        case _:
            exprs = []
    return tuple(dict.fromkeys(name for expr in exprs for name in free_names(expr)))


def else_span(expr: n.Outcome | None) -> Span | None:
    return expr.span if expr is not None else None
