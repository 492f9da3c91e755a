"""Compile each rule form into a closure ``env -> (score, detail)``.

``detail`` is the small fact the explanation needs later and nothing more: the index of the band or branch
that fired, the checklist items satisfied, the units deducted, the share achieved.  Rendering it into words
is the result stage's job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from rubricdsl.evaluate.expressions import COMPARE, Env, ExprCompiler
from rubricdsl.evaluate.failures import EvalFailure
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.numbers import common_denominator, exact_points, scaled

RuleFn = Callable[[Env], tuple[Decimal, Any]]
_ZERO = Decimal(0)
_ONE = Decimal(1)

NO_BAND = -1  # detail of a score/when rule where nothing matched and there is no `else`: scores 0


@dataclass(frozen=True, slots=True)
class DeductDetail:
    value: Decimal
    units: Decimal  # distance beyond the threshold, in steps, after the step mode
    deduction: Decimal  # after the cap


def band_predicate(test: n.Compare | n.Interval) -> Callable[[Any], bool]:
    if isinstance(test, n.Compare):
        compare = COMPARE[test.op]
        threshold = test.threshold.value
        return lambda value: compare(value, threshold)
    low, high = test.low.value, test.high.value
    if test.low_inclusive and test.high_inclusive:
        return lambda value: low <= value <= high
    if test.low_inclusive:
        return lambda value: low <= value < high
    if test.high_inclusive:
        return lambda value: low < value <= high
    return lambda value: low < value < high


def compile_rule(rule: n.Rule, points: Decimal, exprs: ExprCompiler, indicator_id: str) -> RuleFn:
    match rule:
        case n.ScoreRule():
            return _score(rule, exprs)
        case n.WhenRule():
            return _when(rule, exprs)
        case n.DeductRule():
            return _deduct(rule, exprs)
        case n.ChecklistRule():
            return _checklist(rule, exprs)
        case n.ProportionalRule():
            return _proportional(rule, points, exprs)
        case n.LevelsRule():
            return _levels(rule, points, exprs)
        case n.JudgedRule():
            return _judged(rule, points, exprs, indicator_id)
        case n.FormulaRule():
            formula = exprs.compile(rule.expr)
            return lambda env: (formula(env), None)
        case _:
            return _not_in_v1(rule)


def _not_in_v1(rule: object) -> RuleFn:
    """A form added since v1 has no closure here: only the IR scores it (evaluate/reference.py)."""

    def refused(env: Env) -> tuple[Decimal, Any]:
        raise TypeError(f"{type(rule).__name__} is scored by the IR only")

    return refused


def _score(rule: n.ScoreRule, exprs: ExprCompiler) -> RuleFn:
    subject = exprs.compile(rule.subject)
    bands = [(band_predicate(band.test), exprs.compile(band.outcome)) for band in rule.bands]
    otherwise = exprs.compile(rule.otherwise) if rule.otherwise is not None else None
    else_index = len(bands)

    def score(env: Env) -> tuple[Decimal, Any]:
        value = subject(env)
        for index, (matches, outcome) in enumerate(bands):
            if matches(value):
                return outcome(env), index
        if otherwise is not None:
            return otherwise(env), else_index
        return _ZERO, NO_BAND

    return score


def v1_outcome(outcome: n.Outcome) -> n.Expr:
    """A v1 `when` outcome, an expression; a nested rule never gets here (reference.covers sends it to the IR)."""
    expr = n.outcome_expr(outcome)
    if expr is None:
        raise TypeError("a nested rule is scored by the IR interpreter, not the v1 closures")
    return expr


def _when(rule: n.WhenRule, exprs: ExprCompiler) -> RuleFn:
    branches = [
        (exprs.compile(branch.condition), exprs.compile(v1_outcome(branch.outcome))) for branch in rule.branches
    ]
    otherwise = exprs.compile(v1_outcome(rule.otherwise)) if rule.otherwise is not None else None
    else_index = len(branches)

    def when(env: Env) -> tuple[Decimal, Any]:
        for index, (condition, outcome) in enumerate(branches):
            if condition(env):
                return outcome(env), index
        if otherwise is not None:
            return otherwise(env), else_index
        return _ZERO, NO_BAND

    return when


def _deduct(rule: n.DeductRule, exprs: ExprCompiler) -> RuleFn:
    subject = exprs.compile(rule.subject)
    base, rate, threshold = rule.base.value, rule.rate.value, rule.threshold.value
    step = rule.step.value if rule.step is not None else _ONE
    cap = rule.cap.value if rule.cap is not None else None
    above = rule.above
    rounding = {n.StepMode.WHOLE_STEPS: ROUND_FLOOR, n.StepMode.STARTED_STEPS: ROUND_CEILING}.get(
        rule.mode or n.StepMode.PRO_RATA
    )

    def deduct(env: Env) -> tuple[Decimal, Any]:
        value = subject(env)
        distance = value - threshold if above else threshold - value
        if distance <= 0:
            return base, DeductDetail(value, _ZERO, _ZERO)
        units = distance / step
        if rounding is not None:
            units = units.to_integral_value(rounding=rounding)
        deduction = rate * units
        if cap is not None and deduction > cap:
            deduction = cap
        score = base - deduction
        return (score if score > 0 else _ZERO), DeductDetail(value, units, deduction)

    return deduct


def _checklist(rule: n.ChecklistRule, exprs: ExprCompiler) -> RuleFn:
    # Exact points (10/3) count in whole parts of their common denominator, divided once at the end, as
    # forms/checklist.py lowers them: the tools that replay a rule here (coverage, lint) get the IR's score.
    # (Program itself never scores such a rubric: evaluate/reference.covers is false for it.)
    denominator = common_denominator(item.points for item in rule.items)
    items = [
        (exprs.compile(item.condition), item.points.value if isinstance(item.points, n.Literal) and denominator == 1
         else Decimal((exact_points(item.points) * denominator).numerator))
        for item in rule.items
    ]  # fmt: skip
    divisor = None if denominator == 1 else Decimal(denominator)

    def checklist(env: Env) -> tuple[Decimal, Any]:
        total = _ZERO
        satisfied = []
        for index, (condition, points) in enumerate(items):
            if condition(env):
                total += points
                satisfied.append(index)
        return (total if divisor is None else total / divisor), tuple(satisfied)

    return checklist


def _proportional(rule: n.ProportionalRule, points: Decimal, exprs: ExprCompiler) -> RuleFn:
    achieved = exprs.compile(rule.achieved)
    target = exprs.compile(rule.target)
    target_text = exprs.source_text(rule.target)
    lower = rule.lower_is_better

    def proportional(env: Env) -> tuple[Decimal, Any]:
        got, wanted = achieved(env), target(env)
        if lower:
            share = _ONE if got <= 0 else wanted / got
        else:
            if not wanted:
                raise EvalFailure("E302", rule.target.span, divisor=target_text, facts=target_text)
            share = got / wanted
        share = _ONE if share > 1 else _ZERO if share < 0 else share
        return points * share, share

    return proportional


def _levels(rule: n.LevelsRule, points: Decimal, exprs: ExprCompiler) -> RuleFn:
    subject = exprs.compile(rule.subject)
    shares = {
        share.level: scaled(points, share.share.value)
        if share.share.kind is n.LiteralKind.PERCENT
        else share.share.value
        for share in rule.shares
    }

    def levels(env: Env) -> tuple[Decimal, Any]:
        level = subject(env)
        try:
            return shares[level], level
        except KeyError:
            raise EvalFailure("E306", rule.span, level=level) from None

    return levels


def _judged(rule: n.JudgedRule, points: Decimal, exprs: ExprCompiler, indicator_id: str) -> RuleFn:
    value_of = exprs.compile(rule.fact)

    def judged(env: Env) -> tuple[Decimal, Any]:
        value = value_of(env)
        if not 0 <= value <= points:
            raise EvalFailure("E304", rule.fact.span, value=value, name=indicator_id, points=points)
        return value, None

    return judged
