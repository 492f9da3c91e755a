"""The scoring IR: what every back end consumes, in about twenty small nodes with exact semantics.

The checked AST is lowered once (:mod:`rubricdsl.ir.lower`, with one unit per rule form in
:mod:`rubricdsl.forms`) into these nodes.  Back ends — the closure interpreter (:mod:`rubricdsl.ir.interpret`),
and, as they migrate, the generated-Python fast path, the SQL generator and the interval analysis — read only
this module's nodes and never learn which rule form produced them.

Values are ``Decimal`` (every number), ``bool`` or ``str`` (a level name, a grade).  Arithmetic runs in one
exact context (:data:`rubricdsl.evaluate.program.CONTEXT`: 50 significant digits, ``ROUND_HALF_EVEN`` beyond
them, traps on invalid operations, division by zero and overflow); a trapped operation fails the indicator (or
derived value, or veto) that computed it with ``E308``.  Sums and products of literals and facts are exact; a
quotient is the only operation that can be cut, and it is kept as its own node (:class:`Div`) so that a back
end without exact decimal division (SQL) can cross-multiply or carry a rational instead.

Evaluation order is part of the semantics, because it decides which failure is reported when several could
be: operands are evaluated left to right, except that :class:`Div` evaluates its divisor first (as the closure
evaluator does), and :class:`And`/:class:`Or`/:class:`Select` evaluate only what they need.

**Traces.**  :class:`Let`, :class:`Select` and :class:`Scope` record values under stable string keys in the
*frame* of the indicator being scored: the bound value, the index of the arm that fired, a nested rule's own
frame.  The frame is the one record that an explanation, a SQL query's "branch that fired" columns and a lint
witness all read; the keys are chosen by the rule form (``arm``, ``subject``, ``units``…) and documented in
its module.  Nothing else in an evaluation is recorded.

Every node carries the span of the construct it came from (excluded from equality, as in the AST).

The nodes are defined in three parts, all imported here (``from rubricdsl.ir import nodes as ir`` is how every
back end reads them): :mod:`~rubricdsl.ir.nodes_ops` (values and arithmetic), :mod:`~rubricdsl.ir.nodes_flow`
(lists, dates, choices, guards, failures) and :mod:`~rubricdsl.ir.nodes_program` (the program tree).
"""

from __future__ import annotations

from rubricdsl.ir.nodes_flow import Arm, Fail, Guard, Item, ListOp, Over, Rescale, Scope, Select, WorkingDays
from rubricdsl.ir.nodes_ops import (
    Abs,
    And,
    Arith,
    ArithOp,
    Ceil,
    Clamp,
    Cmp,
    CmpOp,
    Const,
    Count,
    Div,
    Floor,
    Let,
    Max,
    Min,
    Neg,
    Not,
    Or,
    Ref,
    Round,
    RoundMode,
    Sum,
    Value,
    Var,
)
from rubricdsl.ir.nodes_program import (
    Adjustment,
    Assertion,
    Derived,
    GradeCap,
    Indicator,
    Input,
    Program,
    Redistribution,
    Section,
    Veto,
)

Expr = (
    Const
    | Ref
    | Var
    | Let
    | Neg
    | Arith
    | Div
    | Cmp
    | Not
    | And
    | Or
    | Min
    | Max
    | Abs
    | Clamp
    | Floor
    | Ceil
    | Round
    | Sum
    | Count
    | Over
    | Item
    | WorkingDays
    | Select
    | Scope
    | Rescale
    | Guard
    | Fail
)


def children_of(node: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of ``node``, in evaluation order (for passes that walk the IR)."""
    match node:
        case Const() | Ref() | Var() | Item():
            return ()
        case Let():
            return (node.value, node.body)
        case Neg() | Not() | Abs() | Floor() | Ceil() | Round():
            return (node.operand,)
        case Arith() | Cmp() | And() | Or():
            return (node.left, node.right)
        case Div():
            tail = () if node.failure is None else (node.failure,)
            return (node.divisor, node.dividend, *tail)
        case Min() | Max():
            return node.args
        case Clamp():
            return (node.value, node.low, node.high)
        case Sum():
            return node.terms
        case Count():
            return node.conditions
        case Over():
            return (
                node.items,
                *(() if node.where is None else (node.where,)),
                *(() if node.value is None else (node.value,)),
            )
        case WorkingDays():
            return (node.start, node.end)
        case Select():
            found: list[Expr] = []
            for arm in node.arms:
                found += [arm.condition, arm.value]
            return (*found, node.otherwise)
        case Scope():
            return (node.body,)
        case Rescale():
            return (node.score, node.applicable)
        case Guard():
            return (node.value, node.failure)
        case Fail():
            return tuple(value for _, value in node.args)


__all__ = [
    "Abs",
    "Adjustment",
    "And",
    "Arith",
    "ArithOp",
    "Arm",
    "Assertion",
    "Ceil",
    "Clamp",
    "Cmp",
    "CmpOp",
    "Const",
    "Count",
    "Derived",
    "Div",
    "Expr",
    "Fail",
    "Floor",
    "GradeCap",
    "Guard",
    "Indicator",
    "Input",
    "Item",
    "Let",
    "ListOp",
    "Max",
    "Min",
    "Neg",
    "Not",
    "Or",
    "Over",
    "Program",
    "Redistribution",
    "Ref",
    "Rescale",
    "Round",
    "RoundMode",
    "Scope",
    "Section",
    "Select",
    "Sum",
    "Value",
    "Var",
    "Veto",
    "WorkingDays",
    "children_of",
]
