"""What a rule form provides, and what its lowering may use.

A form is one unit (a module in this package) that owns its surface.  Today that is its lowering to the IR and
how its trace reads as the closure evaluator's detail (so the existing explainer renders IR results during the
migration); its check, printer, explanation sentence and ``standard`` sentence still live in the modules
listed in docs/architecture.md and move here one at a time.  Back ends never import this package: they read
the IR it produces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rubricdsl.ir import nodes as ir
from rubricdsl.ir.expressions import ExprLowering

Trace = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class LowerCtx:
    """Everything a form's lowering may read: the expression lowering, the indicator's id and points, and
    ``rule`` to lower a nested rule through the registry (a `when` branch whose outcome is a rule), and
    ``is_rule`` to tell a rule (any registered form's node) from an expression."""

    exprs: ExprLowering
    indicator_id: str
    points: Decimal
    rule: Callable[[object, LowerCtx], ir.Expr]
    is_rule: Callable[[object], bool]

    def expr(self, expr: Any) -> ir.Expr:
        lowered: ir.Expr = self.exprs.lower(expr)
        return lowered


@dataclass(frozen=True, slots=True)
class Form:
    """One rule form: its name (as results show it), the AST node it lowers, its lowering, and ``detail``,
    the trace read as the closure evaluator's detail (the band index, the items met, a DeductDetail…)."""

    name: str
    node: type
    lower: Callable[[Any, LowerCtx], ir.Expr]
    detail: Callable[[Trace], Any]


def var(key: str) -> ir.Var:
    return ir.Var(key=key)


def const(value: ir.Value) -> ir.Const:
    return ir.Const(value=value)
