"""Compile expressions into closures over an environment of exact values.

Every closure takes the environment (a dict from fact or derived-value name to ``Decimal``, ``bool`` or a
level name) and returns a value.  Arithmetic is ``Decimal`` under the evaluation context; a division by zero
raises :class:`EvalFailure` naming the divisor instead of a Python error.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.reading.source import SourceFile
from rubricdsl.semantics.check import free_names
from rubricdsl.syntax import nodes as n

Env = dict[str, Any]
Fn = Callable[[Env], Any]

COMPARE: dict[n.Op, Callable[[Any, Any], bool]] = {
    n.Op.GE: operator.ge,
    n.Op.GT: operator.gt,
    n.Op.LE: operator.le,
    n.Op.LT: operator.lt,
    n.Op.EQ: operator.eq,
    n.Op.NE: operator.ne,
}
_ARITHMETIC: dict[n.Op, Callable[[Any, Any], Any]] = {
    n.Op.ADD: operator.add,
    n.Op.SUB: operator.sub,
    n.Op.MUL: operator.mul,
}


def round_half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class ExprCompiler:
    def __init__(self, source: SourceFile, facts: frozenset[str]) -> None:
        self._source = source
        self._facts = facts

    def source_text(self, expr: n.Expr) -> str:
        return self._source.snippet(expr.span)

    def compile(self, expr: n.Expr) -> Fn:
        match expr:
            case n.Literal():
                return _constant(expr.value)
            case n.StringLit():
                return _constant(expr.value)
            case n.BoolLit():
                return _constant(expr.value)
            case n.Name():
                return _lookup(expr.ident)
            case n.Negate():
                inner = self.compile(expr.operand)
                return lambda env: -inner(env)
            case n.Not():
                inner = self.compile(expr.operand)
                return lambda env: not inner(env)
            case n.Binary():
                return self._binary(expr)
            case n.Call():
                return self._call(expr)
            case n.Aggregate():
                return self._aggregate(expr)

    def _binary(self, expr: n.Binary) -> Fn:
        left = self.compile(expr.left)
        right = self.compile(expr.right)
        op = expr.op
        if op is n.Op.AND:
            return lambda env: left(env) and right(env)
        if op is n.Op.OR:
            return lambda env: left(env) or right(env)
        if op is n.Op.DIV:
            divisor_text = self._source.snippet(expr.right.span) or "?"
            facts = "、".join(f"`{name}`" for name in dict.fromkeys(free_names(expr.right)) if name in self._facts)
            span = expr.right.span

            def divide(env: Env) -> Any:
                denominator = right(env)
                if not denominator:
                    raise EvalFailure("E302", span, divisor=divisor_text, facts=facts or divisor_text)
                return left(env) / denominator

            return divide
        function = COMPARE.get(op) or _ARITHMETIC[op]
        return lambda env: function(left(env), right(env))

    def _aggregate(self, expr: n.Aggregate) -> Fn:
        """An aggregate as the IR computes it (ir/nodes.Over), for the tools that run rules on these closures
        (coverage, lint witnesses): inside ``where`` a name is the item's field first (fields never share a
        name with a fact or derived value).  Scoring itself runs on the IR (evaluate/reference.covers)."""
        name, function = expr.items.ident, expr.function
        items = _lookup(name)
        where: Fn = self.compile(expr.where) if expr.where is not None else (lambda env: True)
        field = None if expr.field is None else expr.field.ident
        if function == "sum":
            summed = _lookup(field or "")
            return lambda env: sum(
                (summed(_with(env, item)) for item in items(env) if where(_with(env, item))), Decimal(0)
            )
        if function == "all":
            return lambda env: all(where(_with(env, item)) for item in items(env))
        if function == "any":
            return lambda env: any(where(_with(env, item)) for item in items(env))
        if function == "count":
            return lambda env: Decimal(len([item for item in items(env) if where(_with(env, item))]))
        span, divisor = expr.span, f"count({name})"

        def share(env: Env) -> Any:
            found = items(env)
            if not found:
                raise EvalFailure("E302", span, divisor=divisor, facts=f"`{name}`")
            return Decimal(len([item for item in found if where(_with(env, item))])) / Decimal(len(found))

        return share

    def _call(self, expr: n.Call) -> Fn:
        if expr.function == "given":  # inside `where`, whose names are the item's fields merged in
            (field,) = expr.args
            ident = field.ident if isinstance(field, n.Name) else ""
            return lambda env: ident in env
        args = [self.compile(arg) for arg in expr.args]
        if expr.function == "min":
            return lambda env: min(arg(env) for arg in args)
        if expr.function == "max":
            return lambda env: max(arg(env) for arg in args)
        if expr.function == "abs":
            only = args[0]
            return lambda env: abs(only(env))
        if expr.function in ("floor", "ceil"):
            # The statements and lint witnesses state a value exactly as the IR computes it (ir/nodes.Floor).
            mode = ROUND_FLOOR if expr.function == "floor" else ROUND_CEILING
            whole = args[0]
            return lambda env: whole(env).to_integral_value(rounding=mode)
        if expr.function == "clamp":
            return _clamp(*args)
        if expr.function == "count":
            return lambda env: Decimal(sum(1 for held in [arg(env) for arg in args] if held))
        if expr.function == "days_between":  # day numbers: the calendar days from the first to the second
            start, end = args
            return lambda env: end(env) - start(env)
        if expr.function == "working_days_between":
            from rubricdsl.ir.calendar import working_days

            first, last = args
            span = expr.span
            return lambda env: working_days(first(env), last(env), span)
        if expr.function != "round":
            raise TypeError(f"no closure for the function {expr.function}")  # the checker admits no other
        value = args[0]
        places = int(expr.args[1].value) if len(expr.args) == 2 and isinstance(expr.args[1], n.Literal) else 0
        return lambda env: round_half_up(value(env), places)


def _clamp(value: Fn, low: Fn, high: Fn) -> Fn:
    """As ir/nodes.Clamp: the value first, then the bounds; a bound replaces it only when it lies beyond."""

    def clamp(env: Env) -> Any:
        found, lowest, highest = value(env), low(env), high(env)
        if found < lowest:
            return lowest
        if found > highest:
            return highest
        return found

    return clamp


def _with(env: Env, item: Any) -> Env:
    """The names a ``where`` sees: the item's fields, then everything else."""
    return {**env, **item}


def _constant(value: Any) -> Fn:
    return lambda env: value


def _lookup(ident: str) -> Fn:
    def lookup(env: Env) -> Any:
        try:
            return env[ident]
        except KeyError:
            raise MissingName(ident) from None

    return lookup
