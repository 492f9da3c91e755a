"""IR nodes compiled into closures ``(env, frame) → value``, once per node; see each node's docstring.

``env`` maps facts and derived values to their values; ``frame`` is the trace of the indicator being scored,
where :class:`~rubricdsl.ir.nodes.Let`, :class:`~rubricdsl.ir.nodes.Guard`, :class:`~rubricdsl.ir.nodes.Select`
and :class:`~rubricdsl.ir.nodes.Scope` record.  Run inside the evaluation context.
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.calendar import working_days

Env = dict[str, Any]
Frame = dict[str, Any]
Fn = Callable[[Env, Frame], Any]
_ZERO = Decimal(0)

_ARITH: dict[ir.ArithOp, Callable[[Any, Any], Any]] = {
    ir.ArithOp.ADD: operator.add,
    ir.ArithOp.SUB: operator.sub,
    ir.ArithOp.MUL: operator.mul,
}
_CMP: dict[ir.CmpOp, Callable[[Any, Any], bool]] = {
    ir.CmpOp.GE: operator.ge,
    ir.CmpOp.GT: operator.gt,
    ir.CmpOp.LE: operator.le,
    ir.CmpOp.LT: operator.lt,
    ir.CmpOp.EQ: operator.eq,
    ir.CmpOp.NE: operator.ne,
}


def compile_expr(node: ir.Expr) -> Fn:
    """The closure computing ``node``; see each node's docstring for what it must do."""
    match node:
        case ir.Const():
            value = node.value
            return lambda env, frame: value
        case ir.Ref():
            name = node.name

            def ref(env: Env, frame: Frame) -> Any:
                try:
                    return env[name]
                except KeyError:
                    raise MissingName(name) from None

            return ref
        case ir.Var():
            key = node.key
            return lambda env, frame: frame[key]
        case ir.Let():
            return _let(node.key, compile_expr(node.value), compile_expr(node.body))
        case ir.Neg():
            negated = compile_expr(node.operand)
            return lambda env, frame: -negated(env, frame)
        case ir.Not():
            inverted = compile_expr(node.operand)
            return lambda env, frame: not inverted(env, frame)
        case ir.Arith() | ir.Cmp():
            return _binary(_ARITH[node.op] if isinstance(node, ir.Arith) else _CMP[node.op], node.left, node.right)
        case ir.And():
            first, second = compile_expr(node.left), compile_expr(node.right)
            return lambda env, frame: first(env, frame) and second(env, frame)
        case ir.Or():
            either, other = compile_expr(node.left), compile_expr(node.right)
            return lambda env, frame: either(env, frame) or other(env, frame)
        case ir.Div():
            return _div(node)
        case ir.Min() | ir.Max():
            pick = min if isinstance(node, ir.Min) else max
            args = [compile_expr(arg) for arg in node.args]
            return lambda env, frame: pick([arg(env, frame) for arg in args])
        case ir.Abs():
            inner = compile_expr(node.operand)
            return lambda env, frame: abs(inner(env, frame))
        case ir.Clamp():
            return _clamp(compile_expr(node.value), compile_expr(node.low), compile_expr(node.high))
        case ir.Floor() | ir.Ceil():
            mode = decimal.ROUND_FLOOR if isinstance(node, ir.Floor) else decimal.ROUND_CEILING
            whole = compile_expr(node.operand)
            return lambda env, frame: whole(env, frame).to_integral_value(rounding=mode)
        case ir.Round():
            quantum, rounding = Decimal(1).scaleb(-node.places), node.mode.value
            rounded = compile_expr(node.operand)
            return lambda env, frame: rounded(env, frame).quantize(quantum, rounding=rounding)
        case ir.Sum():
            return _sum([compile_expr(term) for term in node.terms])
        case ir.Count():
            conditions = [compile_expr(condition) for condition in node.conditions]
            return lambda env, frame: Decimal(sum(1 for held in [c(env, frame) for c in conditions] if held))
        case ir.Over():
            return _over(node)
        case ir.Item():
            return _item(node)
        case ir.WorkingDays():
            start, end, span = compile_expr(node.start), compile_expr(node.end), node.span
            return lambda env, frame: working_days(start(env, frame), end(env, frame), span)
        case ir.Select():
            return _select(node)
        case ir.Scope():
            return _scope(node.key, compile_expr(node.body))
        case ir.Rescale():
            return _rescale(node)
        case ir.Guard():
            return _guard(node)
        case ir.Fail():
            return _fail(node)


def _binary(function: Callable[[Any, Any], Any], left_node: ir.Expr, right_node: ir.Expr) -> Fn:
    """``function(left, right)``; a constant or a bound value as an operand is read inline (a band test is
    one call, not three), which changes no value."""
    if isinstance(right_node, ir.Const):
        constant = right_node.value
        if isinstance(left_node, ir.Var):
            key = left_node.key
            return lambda env, frame: function(frame[key], constant)
        left = compile_expr(left_node)
        return lambda env, frame: function(left(env, frame), constant)
    if isinstance(left_node, ir.Const):
        fixed = left_node.value
        if isinstance(right_node, ir.Var):
            bound = right_node.key
            return lambda env, frame: function(fixed, frame[bound])
        right = compile_expr(right_node)
        return lambda env, frame: function(fixed, right(env, frame))
    first, second = compile_expr(left_node), compile_expr(right_node)
    return lambda env, frame: function(first(env, frame), second(env, frame))


def _guard(node: ir.Guard) -> Fn:
    value, key, low, high, failure = compile_expr(node.value), node.key, node.low, node.high, _fail(node.failure)

    def guard(env: Env, frame: Frame) -> Any:
        found = frame[key] = value(env, frame)
        if low <= found <= high:
            return found
        return failure(env, frame)

    return guard


def _let(key: str, value: Fn, body: Fn) -> Fn:
    def let(env: Env, frame: Frame) -> Any:
        frame[key] = value(env, frame)
        return body(env, frame)

    return let


def _div(node: ir.Div) -> Fn:
    dividend, divisor = compile_expr(node.dividend), compile_expr(node.divisor)
    failure = _fail(node.failure) if node.failure is not None else None

    def divide(env: Env, frame: Frame) -> Any:
        denominator = divisor(env, frame)
        if failure is not None and not denominator:
            failure(env, frame)
        return dividend(env, frame) / denominator  # a zero here (failure None) traps: E308

    return divide


def _clamp(value: Fn, low: Fn, high: Fn) -> Fn:
    def clamp(env: Env, frame: Frame) -> Any:
        found, lowest, highest = value(env, frame), low(env, frame), high(env, frame)
        return lowest if found < lowest else highest if found > highest else found

    return clamp


def _sum(terms: list[Fn]) -> Fn:
    def total(env: Env, frame: Frame) -> Any:
        result = _ZERO
        for term in terms:
            result = result + term(env, frame)
        return result

    return total


ITEM_KEY = "\x00item"  # in env while an Over runs: (position, item); no fact or derived value is named so


def item_path(list_name: str, position: int, field: str) -> str:
    """How a missing field of an item is named (E301): ``funds[2].paid_on``, the position 1-based."""
    return f"{list_name}[{position + 1}].{field}"


def item_label(labels: dict[str, str], path: str) -> str:
    """How a missing item field is labelled: ``专项资金 item 2 · paid_on`` for ``funds[2].paid_on`` (the path
    itself for anything else)."""
    head, _, field = path.partition("].")
    name, _, position = head.partition("[")
    if not field or name not in labels or not position.isdigit():
        return path
    return f"{labels[name]} #{position} · {field}"


def _over(node: ir.Over) -> Fn:
    items = compile_expr(node.items)
    where = None if node.where is None else compile_expr(node.where)
    test: Fn = where if where is not None else (lambda env, frame: True)
    value = None if node.value is None else compile_expr(node.value)
    op = node.op

    def over(env: Env, frame: Frame) -> Any:
        found = items(env, frame)
        outer = env.get(ITEM_KEY)
        try:
            if op is ir.ListOp.SUM:
                total = _ZERO
                for entry in enumerate(found):
                    env[ITEM_KEY] = entry
                    if where is None or where(env, frame):
                        total = total + value(env, frame)  # type: ignore[misc]  # SUM has a value
                return total
            if op is ir.ListOp.COUNT:
                if where is None:
                    return Decimal(len(found))
                held = 0
                for entry in enumerate(found):
                    env[ITEM_KEY] = entry
                    if where(env, frame):
                        held += 1
                return Decimal(held)
            wanted = op is ir.ListOp.ANY
            for entry in enumerate(found):
                env[ITEM_KEY] = entry
                if bool(test(env, frame)) is wanted:
                    return wanted
            return not wanted
        finally:
            if outer is None:
                env.pop(ITEM_KEY, None)
            else:
                env[ITEM_KEY] = outer

    return over


def _item(node: ir.Item) -> Fn:
    list_name, key = node.fact, node.name
    if node.given:
        return lambda env, frame: key in env[ITEM_KEY][1]

    def item(env: Env, frame: Frame) -> Any:
        position, fields = env[ITEM_KEY]
        try:
            return fields[key]
        except KeyError:
            raise MissingName(item_path(list_name, position, key)) from None

    return item


def _select(node: ir.Select) -> Fn:
    # An arm's constant value is returned as it is, not through a call: bands, checklist items, grades.
    arms = [
        (
            compile_expr(arm.condition),
            None if isinstance(arm.value, ir.Const) else compile_expr(arm.value),
            arm.value.value if isinstance(arm.value, ir.Const) else None,
            index,
        )
        for index, arm in enumerate(node.arms)
    ]
    otherwise, otherwise_arm, key = compile_expr(node.otherwise), node.otherwise_arm, node.key
    if key is None:

        def choose(env: Env, frame: Frame) -> Any:
            for condition, value, constant, _ in arms:
                if condition(env, frame):
                    return constant if value is None else value(env, frame)
            return otherwise(env, frame)

        return choose

    def choose_and_record(env: Env, frame: Frame) -> Any:
        for condition, value, constant, index in arms:
            if condition(env, frame):
                frame[key] = index
                return constant if value is None else value(env, frame)
        frame[key] = otherwise_arm
        return otherwise(env, frame)

    return choose_and_record


def _scope(key: str, body: Fn) -> Fn:
    def scope(env: Env, frame: Frame) -> Any:
        inner: Frame = {}
        frame[key] = inner
        return body(env, inner)

    return scope


def _rescale(node: ir.Rescale) -> Fn:
    score, applicable, full, key = compile_expr(node.score), compile_expr(node.applicable), node.full, node.key

    def rescale(env: Env, frame: Frame) -> Any:
        raw, points = score(env, frame), applicable(env, frame)
        if points == full:
            frame[key] = "none"
            return raw
        if points == 0:
            frame[key] = "empty"
            return _ZERO
        frame[key] = "rescaled"
        return raw * full / points

    return rescale


def _fail(node: ir.Fail) -> Fn:
    code, span = node.code, node.span
    args = [(name, compile_expr(value)) for name, value in node.args]

    def fail(env: Env, frame: Frame) -> Any:
        raise EvalFailure(code, span, **{name: value(env, frame) for name, value in args})

    return fail
