"""Witnesses: a concrete, round value inside a set, the facts that produce it, and a check by evaluation.

A finding about a band names a value of the rule's subject.  :func:`realize` works back from that value to
fact values (a derived value ``a / b`` gets a round ``b`` and the matching ``a``), and :func:`evaluate`
runs the evaluator's own expression code on them, so a witness that is printed has been seen to work.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

from rubricdsl.evaluate.expressions import ExprCompiler
from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.lint.intervals import Interval, IntervalSet, show
from rubricdsl.lint.ranges import RangeAnalysis
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.dates import day_text

Facts = dict[str, Fraction]


def pick(values: IntervalSet | Interval) -> Fraction | None:
    """A round value in ``values``: a closed end if there is one, else the roundest number inside."""
    parts = values.parts if isinstance(values, IntervalSet) else (values,)
    for part in parts:
        found = _pick_one(part)
        if found is not None:
            return found
    return None


def _pick_one(part: Interval) -> Fraction | None:
    if part.is_empty:
        return None
    for candidate in _candidates(part):
        if part.contains(candidate):
            return candidate
    return part.first_integer() if part.integral else None


def _candidates(part: Interval) -> Iterator[Fraction]:
    """Closed ends first, then 0, then the roundest number just inside the open end."""
    if part.lo is not None and part.lo_closed:
        yield part.lo
    if part.hi is not None and part.hi_closed:
        yield part.hi
    yield Fraction(0)
    anchor = part.lo if part.lo is not None else part.hi
    if anchor is None:
        return
    upward = part.lo is not None
    window = part.hi - part.lo if part.lo is not None and part.hi is not None else max(abs(anchor), Fraction(1))
    top = math.floor(math.log10(window)) + 1 if window > 0 else 0
    for power in range(top, top - 12, -1):
        for step in (Fraction(10) ** power, Fraction(10) ** power / 2):
            multiple = math.floor(anchor / step) + 1 if upward else math.ceil(anchor / step) - 1
            candidate = multiple * step
            if abs(candidate - anchor) <= window:
                yield candidate


def show_value(value: Fraction, percent: bool) -> str:
    return show(value, percent=percent)


# ---- from a value of an expression back to facts -----------------------------------------------------


def realize(analysis: RangeAnalysis, expr: n.Expr, value: Fraction) -> Facts | None:
    """Fact values under which ``expr`` is ``value``, or ``None`` when this simple search finds none."""
    checked = analysis.checked
    match expr:
        case n.Literal():
            return {} if Fraction(expr.value) == value else None
        case n.Name() if expr.ident in checked.facts:
            found = analysis.values.get(expr.ident)
            return {expr.ident: value} if found is not None and found.contains(value) else None
        case n.Name() if expr.ident in checked.lets:
            return realize(analysis, checked.lets[expr.ident].expr, value)
        case n.Negate():
            return realize(analysis, expr.operand, -value)
        case n.Binary() if expr.op in n.ARITHMETIC:
            return _realize_binary(analysis, expr, value)
        case _:
            return None


def _realize_binary(analysis: RangeAnalysis, expr: n.Binary, value: Fraction) -> Facts | None:
    right_range = analysis.expr(expr.right)
    if right_range is None:
        return None
    for right in _round_choices(right_range, value):
        if expr.op is n.Op.ADD:
            left = value - right
        elif expr.op is n.Op.SUB:
            left = value + right
        elif right == 0:
            # x * 0 is 0 whatever x is, so any value of the left side will do; x / 0 is never a value
            any_left = pick(analysis.expr(expr.left) or Interval(None, False, None, False))
            if expr.op is not n.Op.MUL or value != 0 or any_left is None:
                continue
            left = any_left
        elif expr.op is n.Op.MUL:
            left = value / right
        else:
            left = value * right
        left_facts = realize(analysis, expr.left, left)
        right_facts = realize(analysis, expr.right, right)
        if left_facts is None or right_facts is None:
            continue
        if any(left_facts[k] != right_facts[k] for k in left_facts.keys() & right_facts.keys()):
            continue
        return left_facts | right_facts
    return None


def _round_choices(right: Interval, value: Fraction) -> Iterator[Fraction]:
    for candidate in (Fraction(100), Fraction(1), Fraction(10000), Fraction(value.denominator), Fraction(0)):
        if right.contains(candidate):
            yield candidate
    found = pick(right)
    if found is not None:
        yield found


# ---- checking by evaluation ------------------------------------------------------------------------------


def as_decimal(value: Fraction) -> Decimal | None:
    with decimal.localcontext(CONTEXT):
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
    return quotient if Fraction(quotient) == value else None


def evaluate(checked: CheckedRubric, expr: n.Expr, facts: Facts | dict[str, Any]) -> Any:
    """``expr`` under ``facts`` exactly as the evaluator computes it, or ``None`` if it cannot be computed."""
    env: dict[str, Any] = {}
    for name, value in facts.items():
        env[name] = as_decimal(value) if isinstance(value, Fraction) else value
        if env[name] is None:
            return None
    compiler = ExprCompiler(checked.source, frozenset(checked.facts))
    with decimal.localcontext(CONTEXT):
        for let in checked.rubric.lets:
            try:
                env[let.name] = compiler.compile(let.expr)(env)
            except (MissingName, EvalFailure, ArithmeticError):
                continue
        try:
            return compiler.compile(expr)(env)
        except (MissingName, EvalFailure, ArithmeticError):
            return None


def describe_facts(facts: Facts, checked: CheckedRubric) -> str:
    parts = []
    for name, value in facts.items():
        decl = checked.facts[name]
        percent = decl.type.kind is n.FactKind.PERCENT
        if decl.type.kind is n.FactKind.DATE and value.denominator == 1:  # a day number: shown as the day
            parts.append(f"`{name}` = {day_text(Decimal(value.numerator))}")
            continue
        parts.append(f"`{name}` = {show_value(value, percent)}")
    return ", ".join(parts)


def confirmed(analysis: RangeAnalysis, expr: n.Expr, value: Fraction) -> Facts | None:
    """Facts that make ``expr`` equal ``value`` when the evaluator computes it, or ``None``."""
    facts = realize(analysis, expr, value)
    if facts is None:
        return None
    result = evaluate(analysis.checked, expr, facts)
    return facts if isinstance(result, Decimal) and Fraction(result) == value else None


def facts_hint(analysis: RangeAnalysis, expr: n.Expr, value: Fraction) -> tuple[str, str] | None:
    """``("for example when …", "例如 …")`` naming facts that give ``value``, when ``expr`` is not a fact itself."""
    if isinstance(expr, n.Name) and expr.ident in analysis.checked.facts:
        return None
    facts = confirmed(analysis, expr, value)
    if not facts:
        return None
    text = describe_facts(facts, analysis.checked)
    return f"for example {text}", f"例如 {text}"


def score_under(checked: CheckedRubric, indicator: n.Indicator, facts: Facts) -> Decimal | None:
    """The score the evaluator's own rule code gives ``indicator`` under ``facts`` (others filled in)."""
    from rubricdsl.evaluate.rules import compile_rule
    from rubricdsl.lint.ranges import fact_range

    env: dict[str, Any] = {}
    for name, decl in checked.facts.items():
        if name in facts:
            env[name] = as_decimal(facts[name])
            if env[name] is None:
                return None
        elif decl.type.kind is n.FactKind.BOOL:
            env[name] = False
        elif decl.type.kind is n.FactKind.ENUM:
            env[name] = decl.type.levels[0]
        else:
            found = fact_range(decl)
            value = pick(found) if found is not None else None
            env[name] = as_decimal(value) if value is not None else None
    compiler = ExprCompiler(checked.source, frozenset(checked.facts))
    rule = compile_rule(indicator.rule, indicator.points.value, compiler, indicator.id)
    with decimal.localcontext(CONTEXT):
        for let in checked.rubric.lets:
            try:
                env[let.name] = compiler.compile(let.expr)(env)
            except (MissingName, EvalFailure, ArithmeticError, TypeError):
                continue
        try:
            score, _ = rule(env)
        except (MissingName, EvalFailure, ArithmeticError, TypeError, KeyError):
            return None
    return score


def attainable(analysis: RangeAnalysis, expr: n.Expr, value: Fraction) -> bool:
    """Whether some facts give ``expr`` the ``value`` picked from its analysed range.

    A fact takes every value of its range, so the range of a fact is exact; a derived value's range can be
    wider than what it really takes (``x - x``), so its witness must be shown by facts that produce it.
    """
    if isinstance(expr, n.Name) and expr.ident in analysis.checked.facts:
        return True
    return confirmed(analysis, expr, value) is not None
