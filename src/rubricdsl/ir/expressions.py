"""Lower AST expressions to IR, with the semantics of :mod:`rubricdsl.evaluate.expressions`.

A division keeps its ``E302`` failure, naming the divisor's text and the facts it reads, as the closure
evaluator does; ``round(x, k)`` becomes a half-up :class:`~rubricdsl.ir.nodes.Round`; ``floor``, ``ceil``,
``clamp`` and ``count`` (issue 10) lower to their nodes once the checker admits them.
"""

from __future__ import annotations

from collections.abc import Mapping

from rubricdsl.ir import nodes as ir
from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.semantics.check import free_names
from rubricdsl.syntax import nodes as n

COMPARISONS = {
    n.Op.GE: ir.CmpOp.GE,
    n.Op.GT: ir.CmpOp.GT,
    n.Op.LE: ir.CmpOp.LE,
    n.Op.LT: ir.CmpOp.LT,
    n.Op.EQ: ir.CmpOp.EQ,
    n.Op.NE: ir.CmpOp.NE,
}
_ARITHMETIC = {n.Op.ADD: ir.ArithOp.ADD, n.Op.SUB: ir.ArithOp.SUB, n.Op.MUL: ir.ArithOp.MUL}


class ExprLowering:
    def __init__(
        self,
        source: SourceFile,
        facts: frozenset[str],
        labels: Mapping[str, str] | None = None,
        lists: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        self.source = source
        self.facts = facts
        self.labels: Mapping[str, str] = labels or {}  # fact → its label, for failures that name facts
        self.lists = lists or {}  # each list fact's item fields
        self._item: tuple[str, frozenset[str]] | None = None  # inside `where`: the list and its fields

    def text(self, expr: n.Expr) -> str:
        return self.source.snippet(expr.span)

    def division_failure(self, divisor: n.Expr, *, facts_text: str | None = None) -> ir.Fail:
        text = self.source.snippet(divisor.span) or "?"
        if facts_text is None:
            named = "、".join(f"`{name}`" for name in dict.fromkeys(free_names(divisor)) if name in self.facts)
            facts_text = named or text
        return ir.Fail(
            code="E302",
            args=(("divisor", ir.Const(value=text)), ("facts", ir.Const(value=facts_text))),
            span=divisor.span,
        )

    def lower(self, expr: n.Expr) -> ir.Expr:
        span = expr.span
        match expr:
            case n.Literal() | n.StringLit() | n.BoolLit():
                return ir.Const(value=expr.value, span=span)
            case n.Name():
                if self._item is not None and expr.ident in self._item[1]:
                    return ir.Item(fact=self._item[0], name=expr.ident, span=span)
                return ir.Ref(name=expr.ident, span=span)
            case n.Aggregate():
                return self._aggregate(expr)
            case n.Negate():
                return ir.Neg(operand=self.lower(expr.operand), span=span)
            case n.Not():
                return ir.Not(operand=self.lower(expr.operand), span=span)
            case n.Binary():
                left, right = self.lower(expr.left), self.lower(expr.right)
                op = expr.op
                if op is n.Op.AND:
                    return ir.And(left=left, right=right, span=span)
                if op is n.Op.OR:
                    return ir.Or(left=left, right=right, span=span)
                if op is n.Op.DIV:
                    return ir.Div(dividend=left, divisor=right, failure=self.division_failure(expr.right), span=span)
                if op in COMPARISONS:
                    return ir.Cmp(op=COMPARISONS[op], left=left, right=right, span=span)
                return ir.Arith(op=_ARITHMETIC[op], left=left, right=right, span=span)
            case n.Call() if expr.function == "given" and self._item is not None:
                (field,) = expr.args
                assert isinstance(field, n.Name)  # the checker admits a field only
                return ir.Item(fact=self._item[0], name=field.ident, given=True, span=span)
            case n.Call():
                args = tuple(self.lower(arg) for arg in expr.args)
                if expr.function == "min":
                    return ir.Min(args=args, span=span)
                if expr.function == "max":
                    return ir.Max(args=args, span=span)
                if expr.function == "abs":
                    return ir.Abs(operand=args[0], span=span)
                if expr.function == "round":
                    second = expr.args[1] if len(expr.args) == 2 else None
                    places = int(second.value) if isinstance(second, n.Literal) else 0
                    return ir.Round(operand=args[0], places=places, mode=ir.RoundMode.HALF_UP, span=span)
                return self._v2_call(expr.function, args, span)

    def _aggregate(self, expr: n.Aggregate) -> ir.Expr:
        """``count``/``all``/``any``/``sum`` over a list as :class:`~rubricdsl.ir.nodes.Over`; ``share`` as the
        quotient of two counts, failing with E302 (the divisor ``count(L)``) when the list is empty."""
        name, span = expr.items.ident, expr.span
        fields = self.lists.get(name)
        if fields is None:  # `count(flag)` over a value that is no list: the function itself
            return self.lower(n.Call(function=expr.function, args=(expr.items,), span=span))
        items = ir.Ref(name=name, span=expr.items.span)
        outer, self._item = self._item, (name, fields)
        try:
            where = None if expr.where is None else self.lower(expr.where)
        finally:
            self._item = outer
        if expr.function == "share":
            whole = ir.Over(op=ir.ListOp.COUNT, items=items, where=None, value=None, span=span)
            failure = ir.Fail(
                code="E302",
                args=(("divisor", ir.Const(value=f"count({name})")), ("facts", ir.Const(value=f"`{name}`"))),
                span=span,
            )
            chosen = ir.Over(op=ir.ListOp.COUNT, items=items, where=where, value=None, span=span)
            return ir.Div(dividend=chosen, divisor=whole, failure=failure, span=span)
        value = None
        if expr.field is not None:
            value = ir.Item(fact=name, name=expr.field.ident, span=expr.field.span)
        return ir.Over(op=ir.ListOp(expr.function), items=items, where=where, value=value, span=span)

    @staticmethod
    def _v2_call(function: str, args: tuple[ir.Expr, ...], span: Span) -> ir.Expr:
        """The expression functions of issue 10 (form 4), ready for when the checker admits them: the IR and
        every back end already have their nodes.  Any other name is a checker bug, never a silent ``round``."""
        match function, args:
            case "floor", (operand,):
                return ir.Floor(operand=operand, span=span)
            case "ceil", (operand,):
                return ir.Ceil(operand=operand, span=span)
            case "clamp", (value, low, high):
                return ir.Clamp(value=value, low=low, high=high, span=span)
            case "count", conditions:
                return ir.Count(conditions=conditions, span=span)
            case "days_between", (start, end):  # day numbers: the calendar days from start to end
                return ir.Arith(op=ir.ArithOp.SUB, left=end, right=start, span=span)
            case "working_days_between", (start, end):
                return ir.WorkingDays(start=start, end=end, span=span)
            case _:
                raise TypeError(f"no IR for the function {function}/{len(args)}")
