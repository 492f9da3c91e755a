"""Generated Python over the IR: each indicator's body as one straight-line function, one emitter per node.

The migration target of :mod:`rubricdsl.evaluate.codegen`, which matches on the eight rule forms: this module
knows only IR nodes.  Every node is emitted as statements that compute it into a local, in the node's
evaluation order, so short-circuits, the divisor-first division and the failures stay exactly as the
interpreter has them; a condition that needs no statements joins an ``elif`` chain.  Trace keys are written
to the frame as the interpreter writes them.

Safety of the generated text: it contains only locals (``_t3``), helper names and constants bound in the
function's namespace (``_k12``: every value, fact name, trace key, failure code and span).  No text from the
rubric reaches the source, not even names.

:class:`GeneratedInterpreter` is the interpreter with the indicator bodies replaced by the generated
functions; everything around them (derived values, sections, vetoes, rescale, grade) is the interpreter's.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.assertions import body as assertion_body
from rubricdsl.ir.calendar import working_days
from rubricdsl.ir.closures import Fn, item_path
from rubricdsl.ir.interpret import CompiledIndicator, Interpreter

_ARITH = {ir.ArithOp.ADD: "+", ir.ArithOp.SUB: "-", ir.ArithOp.MUL: "*"}
_CMP = {ir.CmpOp.GE: ">=", ir.CmpOp.GT: ">", ir.CmpOp.LE: "<=", ir.CmpOp.LT: "<", ir.CmpOp.EQ: "==", ir.CmpOp.NE: "!="}
_MISSING = object()


def _raise(code: str, span: Any, args: tuple[tuple[str, Any], ...]) -> Any:
    raise EvalFailure(code, span, **dict(args))


def _missing(name: str) -> Any:
    raise MissingName(name)


def _field(item: Any, name: str, fact: str, position: int) -> Any:
    """A list item's field, or the item's missing field named as the interpreter names it."""
    try:
        return item[name]
    except KeyError:
        raise MissingName(item_path(fact, position, name)) from None


class _Emitter:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "_MISSING": _MISSING,
            "_raise": _raise,
            "_missing": _missing,
            "_field": _field,
            "_ZERO": Decimal(0),
            "_Decimal": Decimal,
            "_working_days": working_days,
        }
        self._constants: dict[tuple[type, Any], str] = {}
        self._temps = 0
        self.depth = 1
        self.scope: dict[str, str] = {}  # trace key → the local holding its value, in the current frame
        self.frame = "frame"
        self.item: tuple[str, str] | None = None  # inside an Over: the locals of the position and the item

    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def const(self, value: Any) -> str:
        # Equal Decimals with different exponents (2 and 2.0) are different constants: the exponent shows.
        key = (type(value), str(value) if isinstance(value, Decimal) else value if _hashable(value) else id(value))
        found = self._constants.get(key)
        if found is None:
            found = self._constants[key] = f"_k{len(self._constants)}"
            self.namespace[found] = value
        return found

    def temp(self) -> str:
        self._temps += 1
        return f"_t{self._temps}"

    @contextmanager
    def block(self) -> Iterator[None]:
        self.depth += 1
        scope = dict(self.scope)
        try:
            yield
        finally:
            self.depth -= 1
            self.scope = scope

    def inline(self, node: ir.Expr) -> str | None:
        """A Python expression for ``node`` when it needs no statements (its order and failures unchanged):
        constants, bound values, facts (``env[k]``: a KeyError becomes MissingName for the whole function),
        and + − × comparisons, not, and/or, min/max/abs, floor/ceil/round of such expressions."""
        match node:
            case ir.Const():
                return self.const(node.value)
            case ir.Ref():
                return f"env[{self.const(node.name)}]"
            case ir.Var():
                return self.scope[node.key]
            case ir.Item():
                if self.item is None:
                    raise TypeError("an Item outside any Over")
                position, item = self.item
                if node.given:
                    return f"({self.const(node.name)} in {item})"
                return f"_field({item}, {self.const(node.name)}, {self.const(node.fact)}, {position})"
            case ir.Neg() | ir.Not() | ir.Abs() | ir.Floor() | ir.Ceil() | ir.Round():
                inner = self.inline(node.operand)
                if inner is None:
                    return None
                if isinstance(node, ir.Neg):
                    return f"(-{inner})"
                if isinstance(node, ir.Not):
                    return f"(not {inner})"
                if isinstance(node, ir.Abs):
                    return f"abs({inner})"
                if isinstance(node, ir.Round):
                    quantum, mode = self.const(Decimal(1).scaleb(-node.places)), self.const(node.mode.value)
                    return f"{inner}.quantize({quantum}, rounding={mode})"
                mode = self.const(decimal.ROUND_FLOOR if isinstance(node, ir.Floor) else decimal.ROUND_CEILING)
                return f"{inner}.to_integral_value(rounding={mode})"
            case ir.Arith() | ir.Cmp() | ir.And() | ir.Or():
                left, right = self.inline(node.left), self.inline(node.right)
                if left is None or right is None:
                    return None
                if isinstance(node, ir.And | ir.Or):
                    return f"({left} {'and' if isinstance(node, ir.And) else 'or'} {right})"
                symbol = _ARITH[node.op] if isinstance(node, ir.Arith) else _CMP[node.op]
                return f"({left} {symbol} {right})"
            case ir.Min() | ir.Max():
                args = [self.inline(arg) for arg in node.args]
                if any(arg is None for arg in args):
                    return None
                return f"{'min' if isinstance(node, ir.Min) else 'max'}({', '.join(a for a in args if a)})"
            case ir.WorkingDays():
                start, end = self.inline(node.start), self.inline(node.end)
                if start is None or end is None:
                    return None
                return f"_working_days({start}, {end}, {self.const(node.span)})"
            case ir.Div() if node.failure is None and all(
                isinstance(part, ir.Const | ir.Var) for part in (node.dividend, node.divisor)
            ):
                return f"({self.inline(node.dividend)} / {self.inline(node.divisor)})"
            case _:
                return None

    def emit(self, node: ir.Expr) -> str:
        """Emit the statements computing ``node``; return the expression (a local or constant) holding it."""
        found = self.inline(node)
        if found is not None:
            return found
        match node:
            case ir.Let():
                value = self._local(self.emit(node.value))
                self.line(f"{self.frame}[{self.const(node.key)}] = {value}")
                self.scope[node.key] = value
                return self.emit(node.body)
            case ir.Neg() | ir.Not() | ir.Abs() | ir.Floor() | ir.Ceil() | ir.Round():
                inner = self._local(self.emit(node.operand))
                return self._assign(self._rebuild(node, inner))
            case ir.Arith() | ir.Cmp():
                left, right = self._operands([node.left, node.right])
                symbol = _ARITH[node.op] if isinstance(node, ir.Arith) else _CMP[node.op]
                return self._assign(f"{left} {symbol} {right}")
            case ir.And() | ir.Or():
                target = self._assign(self.emit(node.left))
                self.line(f"if {target}:" if isinstance(node, ir.And) else f"if not {target}:")
                with self.block():
                    self.line(f"{target} = {self.emit(node.right)}")
                return target
            case ir.Div():
                divisor = self._local(self.emit(node.divisor))
                if node.failure is not None:
                    self.line(f"if not {divisor}:")
                    with self.block():
                        self.emit(node.failure)
                dividend = self.emit(node.dividend)
                return self._assign(f"{dividend} / {divisor}")
            case ir.Min() | ir.Max():
                args = self._operands(list(node.args))
                return self._assign(f"{'min' if isinstance(node, ir.Min) else 'max'}({', '.join(args)})")
            case ir.Clamp():
                value, low, high = (self._local(part) for part in self._operands([node.value, node.low, node.high]))
                return self._assign(f"{low} if {value} < {low} else {high} if {value} > {high} else {value}")
            case ir.Sum():
                target = self._assign("_ZERO")
                for term in node.terms:
                    value = self.emit(term)
                    self.line(f"{target} = {target} + {value}")
                return target
            case ir.Count():
                target = self._assign("0")
                for condition in node.conditions:
                    self.line(f"if {self.emit(condition)}: {target} += 1")
                self.line(f"{target} = _Decimal({target})")
                return target
            case ir.Over():
                return self._over(node)
            case ir.WorkingDays():
                start, end = self._operands([node.start, node.end])
                return self._assign(f"_working_days({start}, {end}, {self.const(node.span)})")
            case ir.Select():
                return self._select(node)
            case ir.Scope():
                inner, outer_frame, outer_scope = self._assign("{}"), self.frame, self.scope
                self.line(f"{outer_frame}[{self.const(node.key)}] = {inner}")
                self.frame, self.scope = inner, {}
                try:
                    return self._local(self.emit(node.body))
                finally:
                    self.frame, self.scope = outer_frame, outer_scope
            case ir.Guard():
                value = self._local(self.emit(node.value))
                self.line(f"{self.frame}[{self.const(node.key)}] = {value}")
                self.scope[node.key] = value
                self.line(f"if not {self.const(node.low)} <= {value} <= {self.const(node.high)}:")
                with self.block():
                    self.emit(node.failure)
                return value
            case ir.Fail():
                args = self._operands([value for _, value in node.args])
                pairs = "".join(
                    f"({self.const(name)}, {arg}), " for (name, _), arg in zip(node.args, args, strict=True)
                )
                self.line(f"_raise({self.const(node.code)}, {self.const(node.span)}, ({pairs}))")
                return "None"
            case _:
                raise TypeError(f"not part of an indicator: {type(node).__name__}")

    def _assign(self, expression: str) -> str:
        target = self.temp()
        self.line(f"{target} = {expression}")
        return target

    def _local(self, expression: str) -> str:
        """``expression`` as a local or constant (evaluated now, once)."""
        return expression if expression.isidentifier() else self._assign(expression)

    def _operands(self, nodes: list[ir.Expr]) -> list[str]:
        """Each operand in order; when one needs statements, the ones before it are computed first."""
        if all(self.inline(node) is not None for node in nodes):
            return [self.inline(node) or "" for node in nodes]
        return [self._local(self.emit(node)) for node in nodes]

    def _rebuild(self, node: ir.Expr, inner: str) -> str:
        if isinstance(node, ir.Neg):
            return f"-{inner}"
        if isinstance(node, ir.Not):
            return f"not {inner}"
        if isinstance(node, ir.Abs):
            return f"abs({inner})"
        if isinstance(node, ir.Round):
            quantum, mode = self.const(Decimal(1).scaleb(-node.places)), self.const(node.mode.value)
            return f"{inner}.quantize({quantum}, rounding={mode})"
        mode = self.const(decimal.ROUND_FLOOR if isinstance(node, ir.Floor) else decimal.ROUND_CEILING)
        return f"{inner}.to_integral_value(rounding={mode})"

    def _over(self, node: ir.Over) -> str:
        """A loop over the items, in order; ``all``/``any`` leave it at the first item that decides them."""
        items = self._local(self.emit(node.items))
        if node.op is ir.ListOp.COUNT and node.where is None:
            return self._assign(f"_Decimal(len({items}))")
        start = {ir.ListOp.COUNT: "0", ir.ListOp.SUM: "_ZERO", ir.ListOp.ALL: "True", ir.ListOp.ANY: "False"}
        target = self._assign(start[node.op])
        position, item = self.temp(), self.temp()
        self.line(f"for {position}, {item} in enumerate({items}):")
        outer = self.item
        with self.block():
            self.item = (position, item)
            try:
                held = "True" if node.where is None else self.emit(node.where)
                if node.op is ir.ListOp.COUNT:
                    self.line(f"if {held}: {target} += 1")
                elif node.op is ir.ListOp.SUM:
                    self.line(f"if {held}:")
                    with self.block():
                        assert node.value is not None
                        self.line(f"{target} = {target} + {self.emit(node.value)}")
                else:
                    wanted = node.op is ir.ListOp.ANY
                    self.line(f"if {'' if wanted else 'not '}{held}:")
                    with self.block():
                        self.line(f"{target} = {wanted}")
                        self.line("break")
            finally:
                self.item = outer
        if node.op is ir.ListOp.COUNT:
            self.line(f"{target} = _Decimal({target})")
        return target

    def _select(self, node: ir.Select) -> str:
        """An if/elif chain while conditions are expressions; a condition that needs statements opens an
        ``else:`` block and starts a new chain inside it, so it is computed only when the earlier ones failed."""
        target = self.temp()
        record = None if node.key is None else self.const(node.key)
        depth = self.depth
        chain = False
        for index, arm in enumerate(node.arms):
            condition = self.inline(arm.condition)
            if condition is not None and chain:
                self.line(f"elif {condition}:")
            else:
                if chain:
                    self.line("else:")
                    self.depth += 1
                self.line(f"if {condition if condition is not None else self.emit(arm.condition)}:")
                chain = True
            with self.block():
                self._arm(target, record, index, arm.value)
        if chain:
            self.line("else:")
            with self.block():
                self._arm(target, record, node.otherwise_arm, node.otherwise)
        else:
            self._arm(target, record, node.otherwise_arm, node.otherwise)
        self.depth = depth
        return target

    def _arm(self, target: str, record: str | None, index: int, value: ir.Expr) -> None:
        if record is not None:
            self.line(f"{self.frame}[{record}] = {self.const(index)}")
        self.line(f"{target} = {self.emit(value)}")


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def generate(program: ir.Program) -> tuple[str, dict[str, Any]]:
    """The source of one function per indicator (``_indicator_<index>(env, frame)``) and its namespace."""
    emitter = _Emitter()
    for indicator in program.indicators:
        emitter.lines.append(f"def _indicator_{indicator.index}(env, frame):")
        emitter.lines.append("    try:")
        emitter.depth, emitter.scope, emitter.frame = 2, {}, "frame"
        result = emitter.emit(indicator.body)
        emitter.line(f"return {result}")
        # Only a fact read (env[k]) raises KeyError here: it is the fact's absence.
        emitter.lines.append("    except KeyError as absent:")
        emitter.lines.append("        _missing(absent.args[0])")
        emitter.lines.append("")
    for position, assertion in enumerate(program.assertions):
        emitter.lines.append(f"def _assertion_{position}(env, frame):")
        emitter.depth, emitter.scope, emitter.frame = 1, {}, "frame"
        emitter.line(f"return {emitter.emit(assertion_body(assertion))}")
        emitter.lines.append("")
    return "\n".join(emitter.lines) + "\n", emitter.namespace


class GeneratedInterpreter(Interpreter):
    """The interpreter, with each indicator's body a generated function instead of a tree of closures."""

    def __init__(self, program: ir.Program) -> None:
        super().__init__(program)
        source, namespace = generate(program)
        exec(compile(source, "<rubricdsl ir codegen>", "exec"), namespace)  # built from IR nodes only
        functions: dict[int, Fn] = {
            indicator.index: namespace[f"_indicator_{indicator.index}"] for indicator in program.indicators
        }
        self.indicators = tuple(
            CompiledIndicator(item.indicator, functions[item.indicator.index]) for item in self.indicators
        )
        self.assertions = tuple(
            (item, namespace[f"_assertion_{position}"]) for position, item in enumerate(program.assertions)
        )
        self.root = self._section(program.root)
