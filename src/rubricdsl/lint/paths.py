"""Every expression a rule evaluates, with the guards that hold on the way to it.

The evaluator is lazy: a ``when`` branch's outcome runs only when every earlier condition was false and its
own true, a band's outcome only for the subject values that reach that band, the right side of ``and`` only
when the left was true (of ``or``, when it was false).  Rules that judge one expression (a divisor, an
outcome) judge it under :meth:`RangeAnalysis.under` of these guards, so
``when 结余率 <= 0 -> 20; else 20 * min(1, 9% / 结余率)`` divides only by a positive 结余率.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rubricdsl.lint.conditions import Guard, Holds, Within
from rubricdsl.lint.ranges import IndicatorRange, Ranges, when_guards
from rubricdsl.lint.usage import all_vetoes
from rubricdsl.lint.witness import Facts, evaluate
from rubricdsl.semantics.check import CheckedRubric, rule_expressions
from rubricdsl.syntax import nodes as n


@dataclass(frozen=True, slots=True)
class Guarded:
    expr: n.Expr
    guards: tuple[Guard, ...]
    outcome: bool = False  # the rule's score comes from this expression (a band, branch, else or formula)


def rule_paths(found: IndicatorRange) -> Iterator[Guarded]:
    """The top-level expressions of one indicator's rule, each with its path (outcomes last in each group)."""
    rule = found.info.node.rule
    match rule:
        case n.ScoreRule():
            yield Guarded(rule.subject, ())
            for band in found.bands:
                outcome = band.band.outcome if band.band is not None else rule.otherwise
                hull = band.reach.hull()
                if outcome is not None and hull is not None:
                    yield Guarded(outcome, (Within(rule.subject, hull),), outcome=True)
        case n.WhenRule():
            for index, branch in enumerate(rule.branches):
                before = tuple(when_guards(rule, index)[:-1])
                yield Guarded(branch.condition, before)
                yield from _outcome_paths(branch.outcome, (*before, Holds(branch.condition, True)))
            if rule.otherwise is not None:
                yield from _outcome_paths(rule.otherwise, tuple(when_guards(rule, len(rule.branches))))
        case n.DeductRule() | n.LevelsRule():
            yield Guarded(rule.subject, ())
        case n.ChecklistRule():
            yield from (Guarded(item.condition, ()) for item in rule.items)
        case n.ProportionalRule():
            yield Guarded(rule.achieved, ())
            yield Guarded(rule.target, ())
        case n.JudgedRule():
            yield Guarded(rule.fact, ())
        case n.FormulaRule():
            yield Guarded(rule.expr, (), outcome=True)
        case _:
            # A form added since v1: its expressions, each on every path (sound: a guard only narrows).
            yield from (Guarded(expr, ()) for expr in rule_expressions(rule))


def _outcome_paths(outcome: n.Outcome, guards: tuple[Guard, ...]) -> Iterator[Guarded]:
    """A branch's outcome on the branch's path; a nested rule's expressions each on that path (sound: a
    guard inside the nested rule would only narrow them further)."""
    nested, expr = n.outcome_rule(outcome), n.outcome_expr(outcome)
    if expr is not None:
        yield Guarded(expr, guards, outcome=True)
    elif nested is not None:
        yield from (Guarded(inner, guards) for inner in rule_expressions(nested))


def contradicted(checked: CheckedRubric, guards: tuple[Guard, ...], facts: Facts) -> bool:
    """Whether ``facts`` are seen, by evaluation, to leave the path (a guard they make false)."""
    for guard in guards:
        if isinstance(guard, Holds):
            value = evaluate(checked, guard.condition, facts)
            if isinstance(value, bool) and value is not guard.holds:
                return True
        else:
            value = evaluate(checked, guard.subject, facts)
            if isinstance(value, Decimal) and not guard.values.contains(value):
                return True
    return False


def subexpressions(root: Guarded) -> Iterator[Guarded]:
    """``root`` and everything inside it, the right side of ``and``/``or`` guarded by the left side's value."""
    stack = [root]
    while stack:
        item = stack.pop()
        yield item
        expr, guards = item.expr, item.guards
        match expr:
            case n.Binary(op=n.Op.AND | n.Op.OR):
                stack.append(Guarded(expr.left, guards))
                stack.append(Guarded(expr.right, (*guards, Holds(expr.left, expr.op is n.Op.AND))))
            case n.Binary():
                stack += [Guarded(expr.left, guards), Guarded(expr.right, guards)]
            case n.Negate() | n.Not():
                stack.append(Guarded(expr.operand, guards))
            case n.Call():
                stack += [Guarded(arg, guards) for arg in expr.args]
            case _:
                pass


def every_subexpression(
    checked: CheckedRubric,
    ranges: Ranges,
    paths: Mapping[str, Sequence[Guarded]] | None = None,
    vetoes: Sequence[n.Veto] | None = None,
) -> Iterator[Guarded]:
    """Every expression of the rubric with its path: derived values, each indicator's rule, vetoes.

    ``paths`` (each indicator's :func:`rule_paths`, by id) and ``vetoes`` (:func:`all_vetoes`) when the caller
    already has them (lint/rule.LintContext computes them once per rubric)."""
    roots = [Guarded(let.expr, ()) for let in checked.rubric.lets]
    for ident, found in ranges.indicators.items():
        roots += rule_paths(found) if paths is None else paths[ident]
    roots += [Guarded(veto.condition, ()) for veto in (all_vetoes(checked.rubric) if vetoes is None else vetoes)]
    for root in roots:
        yield from subexpressions(root)
