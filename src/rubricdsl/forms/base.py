"""What a rule form provides, and what its lowering may use.

A form is one unit (a module in this package) that owns its surface: its lowering to the IR, its reason
sentence read from the IR trace (the one source of every indicator's reason), and, through the optional hooks
below, its check, the expressions it reads, its canonical print, its 评价标准 sentence and its score range for
the linter.  Each stage that handles rules calls the form's hook for a form it does not know itself, so a form
added since v1 is one module here plus its grammar rule and AST node.  The eight v1 forms still keep those
parts in the stages' own ``match`` (docs/architecture.md, migration plan).  Back ends never import this
package: they read the IR it produces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from rubricdsl.diagnostics import Text
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.expressions import ExprLowering
from rubricdsl.reading.source import SourceFile
from rubricdsl.results.statements import Statements

if TYPE_CHECKING:
    from fractions import Fraction

    from rubricdsl.diagnostics import Diagnostic
    from rubricdsl.lint.intervals import Interval
    from rubricdsl.reading.source import Span
    from rubricdsl.semantics.types import ExprTyper
    from rubricdsl.syntax import nodes as n

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


class CheckCtx(Protocol):
    """What a form's check may use (the checker itself): the expression typer, the problem list, the declared
    facts, the outcome check (a literal outcome within [0, points]) and ``rule`` to check a nested rule."""

    typer: ExprTyper
    problems: list[Diagnostic]
    facts: dict[str, n.FactDecl]

    def outcome(self, expr: n.Expr, points: Decimal) -> None: ...

    def rule(self, rule: object, points: Decimal) -> None: ...


class PrintCtx(Protocol):
    """What a form's printer may use: canonical text of an expression, a label, a level name; ``rule`` prints a
    nested rule on one line."""

    def expression(self, expr: n.Expr) -> str: ...

    def label(self, text: str, quote: str) -> str: ...

    def level(self, name: str, quote: str) -> str: ...

    def rule(self, rule: object) -> str: ...


class StandardCtx(Protocol):
    """What a form's 评价标准 sentence may use: names as their Chinese labels, literals as written, band tests
    in the tables' register; ``rule`` gives a nested rule's sentence."""

    def expr(self, node: n.Expr) -> str: ...

    def literal(self, node: n.Literal) -> str: ...

    def test(self, test: n.Compare | n.Interval) -> str: ...

    def rule(self, rule: object, points: n.Literal) -> str: ...


class RangeCtx(Protocol):
    """What a form's range hook may use: the linter's interval of an expression (None when unknown) and of a
    nested rule's score."""

    def expr(self, expr: n.Expr) -> Interval | None: ...

    def rule(self, rule: object, points: Fraction) -> Interval: ...


Parts = tuple[str, list[tuple[str, "Span"]]]  # a rule's head and its ``;``-separated parts with their spans


@dataclass(frozen=True, slots=True)
class Form:
    """One rule form: its name (as results show it), the AST node it lowers, its lowering, its explanation
    (prepared once per rule, then read from each evaluation's trace), and two bridges while records still
    carry the closure evaluator's detail (the band index, the items met, a DeductDetail…): ``detail`` reads a
    trace as that detail, ``trace_of`` a detail (the closures' or the fast path's) as the trace keys the
    sentence reads.  ``fact_problem_codes`` names the failures it raises that are fact problems."""

    name: str
    node: type
    lower: Callable[[Any, LowerCtx], ir.Expr]
    explain: Callable[[Any, ExplainCtx], Sentence]
    detail: Callable[[Trace], Any]
    trace_of: Callable[[Any, Any], Trace]  # (rule, detail) → trace
    # Hooks for the stages that do not know the form: each form added since v1 provides all five.
    check: Callable[[Any, CheckCtx, Decimal], None] | None = None  # (rule, checker, points)
    expressions: Callable[[Any], list[n.Expr]] | None = None  # every expression the rule reads (free names)
    parts: Callable[[Any, PrintCtx], Parts] | None = None  # the canonical print
    standard: Callable[[Any, StandardCtx, n.Literal], str] | None = None  # (rule, words, points) → 评价标准
    ranges: Callable[[Any, RangeCtx, Fraction], Interval] | None = None  # (rule, analysis, points) → score range
    # Failure codes of the form's lowering (its ``ir.Fail``s) that are fact problems, not evaluation errors: the
    # facts contradict each other in a way only scoring finds (judged_within's score outside its tier's range).
    # The façade lists them with the facts' problems (``EvaluationResult.fact_problems``); the indicator still
    # fails with them, so its row shows the problem.
    fact_problem_codes: frozenset[str] = frozenset()


def var(key: str) -> ir.Var:
    return ir.Var(key=key)


def const(value: ir.Value) -> ir.Const:
    return ir.Const(value=value)
