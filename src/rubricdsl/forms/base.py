"""What a rule form provides, and what its lowering may use.

A form is one unit (a module in this package) that owns its surface.  Today that is its lowering to the IR and
its reason sentence read from the IR trace — the one source of every indicator's reason — plus two migration
bridges between a trace and the closure evaluator's detail; its check, printer and ``standard`` sentence still
live in the modules listed in docs/architecture.md and move here one at a time.  Back ends never import this package: they read
the IR it produces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.expressions import ExprLowering
from rubricdsl.reading.source import SourceFile
from rubricdsl.results.statements import Statements

Trace = Mapping[str, Any]
# (the indicator's trace, its score before indicator rounding, the facts and derived values) → the sentence
Sentence = Callable[[Trace, Decimal, Mapping[str, Any]], Text]


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
class ExplainCtx:
    """What a form's explanation may read: the source (for band texts), ``statements`` (how a value or a
    condition is stated with its labels and exact values, :mod:`rubricdsl.results.statements`), and ``rule``
    to prepare a nested rule's sentence through the registry."""

    source: SourceFile
    statements: Statements
    rule: Callable[[object, ExplainCtx], Sentence]
    is_rule: Callable[[object], bool]

    def snippet(self, node: Any) -> str:
        """The node's source text on one line."""
        return " ".join(self.source.snippet(node.span).split())


@dataclass(frozen=True, slots=True)
class Form:
    """One rule form: its name (as results show it), the AST node it lowers, its lowering, its explanation
    (prepared once per rule, then read from each evaluation's trace), and two bridges while records still
    carry the closure evaluator's detail (the band index, the items met, a DeductDetail…): ``detail`` reads a
    trace as that detail, ``trace_of`` a detail (the closures' or the fast path's) as the trace keys the
    sentence reads."""

    name: str
    node: type
    lower: Callable[[Any, LowerCtx], ir.Expr]
    explain: Callable[[Any, ExplainCtx], Sentence]
    detail: Callable[[Trace], Any]
    trace_of: Callable[[Any, Any], Trace]  # (rule, detail) → trace


def var(key: str) -> ir.Var:
    return ir.Var(key=key)


def const(value: ir.Value) -> ir.Const:
    return ir.Const(value=value)
