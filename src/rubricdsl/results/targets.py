"""An indicator's 年度指标值 and 实际完成值 in one evaluation, as results show them.

Prepared once per indicator: the target as the rubric states it (a literal, a fact's value, or descriptive
text), and the actual value (``actual …`` or the rule's subject, :func:`semantics.targets.actual_of`) computed
on the evaluation's recorded facts and derived values the way the evaluator computes them.  Only an indicator
that declares a target or an actual value has them, so the tables show the two columns as a pair.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.results.display import show
from rubricdsl.results.model import TargetValue, ValueRead
from rubricdsl.results.statements import Statements
from rubricdsl.semantics.targets import actual_of, target_text
from rubricdsl.syntax import nodes as n

Goal = Callable[[Mapping[str, Any]], tuple[TargetValue | None, ValueRead | None]]
_SYMBOL = {n.Op.GE: "≥", n.Op.GT: ">", n.Op.LE: "≤", n.Op.LT: "<", n.Op.EQ: "=", n.Op.NE: "≠"}


def goal_of(indicator: n.Indicator, statements: Statements) -> Goal | None:
    """The (target, actual) of ``indicator`` in an evaluation; None when it declares neither."""
    if indicator.target is None and indicator.actual is None:
        return None
    target = _target(indicator.target, statements)
    actual = _actual(actual_of(indicator), statements)

    def goal(env: Mapping[str, Any]) -> tuple[TargetValue | None, ValueRead | None]:
        return (None if target is None else target(env)), (None if actual is None else actual(env))

    return goal


def _target(target: n.Target | None, statements: Statements) -> Callable[[Mapping[str, Any]], TargetValue] | None:
    if target is None:
        return None
    op = None if target.op is None else target.op.value
    value = target.value
    if isinstance(value, n.Name):
        ident, kind, symbol = value.ident, statements.kind(value), "" if target.op is None else _SYMBOL[target.op]

        def of_fact(env: Mapping[str, Any]) -> TargetValue:
            found = env.get(ident)
            return TargetValue("" if found is None else symbol + show(found, kind), found, op)

        return of_fact
    fixed = TargetValue(target_text(target), value.value if isinstance(value, n.Literal) else None, op)
    return lambda env: fixed


def _actual(expr: n.Expr | None, statements: Statements) -> Callable[[Mapping[str, Any]], ValueRead] | None:
    if expr is None:
        return None
    written = statements.text(expr)
    label = statements.labels.get(expr.ident, written) if isinstance(expr, n.Name) else written
    kind = statements.kind(expr)
    bounds = statements.name_bounds.get(expr.ident, ()) if isinstance(expr, n.Name) else ()
    try:
        compute = statements.evaluator(expr)
    except (TypeError, ValueError, KeyError):  # an expression only the IR evaluates: no actual is shown
        return None

    def actual(env: Mapping[str, Any]) -> ValueRead:
        try:
            value = compute(env)
        except (EvalFailure, MissingName, decimal.DecimalException, TypeError):
            value = None
        shown = "" if value is None else show(value, kind, bounds)
        return ValueRead(written, label, value if isinstance(value, (Decimal, bool, str)) else None, shown)

    return actual
