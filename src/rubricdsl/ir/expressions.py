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
    def __init__(self, source: SourceFile, facts: frozenset[str], labels: Mapping[str, str] | None = None) -> None:
        self.source = source
        self.facts = facts
        self.labels: Mapping[str, str] = labels or {}  # fact → its label, for failures that name facts

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
                return ir.Ref(name=expr.ident, span=span)
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
