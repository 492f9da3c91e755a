"""Lowering: lark parse tree → typed AST.  The only modules that read lark trees are this one and its halves.

Desugaring happens here (percent and money literals become exact shares and 元; full-width operators
become their ASCII meaning) so that no later stage needs to know how something was spelled.  The methods,
one per grammar rule, live in lower_expressions.py and lower_declarations.py; the helpers they share in
lower_parts.py.  The same methods serve both routes: lark's tree walked by :func:`lower`, and the one-pass
route (syntax/onepass.py) that calls them as the parser reduces.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from lark import Token, Tree

from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.lower_declarations import DeclarationLowering
from rubricdsl.syntax.lower_expressions import ExpressionLowering
from rubricdsl.syntax.lower_parts import MAX_EXPRESSION_DEPTH as MAX_EXPRESSION_DEPTH
from rubricdsl.syntax.lower_parts import MAX_ROUNDING_PLACES as MAX_ROUNDING_PLACES
from rubricdsl.syntax.lower_parts import LoweringError as LoweringError
from rubricdsl.syntax.lower_parts import _quote_of


class Lowerer(ExpressionLowering, DeclarationLowering):
    """One method per grammar rule; each returns an AST node (or a small piece of one)."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        # lark looks a rule's method up for every tree node, and each look-up of a v_args method builds a new
        # wrapper (a quarter of lowering); bound once here, each look-up finds the instance's.
        for name in rule_method_names():
            setattr(self, name, getattr(self, name))

    def rule_method(self, name: str) -> Callable[..., Any] | None:
        """The lowering method of grammar rule ``name`` as a plain bound method ``(span, *children)``."""
        member = getattr(type(self), name, None)
        base = getattr(member, "base_func", None)
        return None if base is None else base.__get__(self)


@functools.cache
def rule_method_names() -> tuple[str, ...]:
    """The names of every grammar rule's lowering method (those lark's ``v_args`` wrapped)."""
    return tuple(
        name
        for cls in Lowerer.__mro__
        for name, member in vars(cls).items()
        if getattr(member, "visit_wrapper", None) is not None
    )


def lower(tree: Tree[Token], source: SourceFile, comments: tuple[n.Comment, ...]) -> n.Rubric:
    """Build the :class:`~rubricdsl.syntax.nodes.Rubric` for a parse tree of ``source``."""
    return build_rubric(Lowerer(source.text).transform(tree), source, comments)


def build_rubric(start: Tree[Any], source: SourceFile, comments: tuple[n.Comment, ...]) -> n.Rubric:
    """The Rubric from the lowered ``start`` rule: its header and its top-level items."""
    children: list[Any] = list(start.children)
    header, *items = children
    ident, label, full, uncapped = header

    def of(kind: type[Any]) -> tuple[Any, ...]:
        return tuple(item for item in items if isinstance(item, kind))

    return n.Rubric(
        id=ident,
        label=None if label is None else str(label),
        label_quote=_quote_of(label),
        full=full,
        meta=of(n.Meta),
        grades=(of(n.Grades) or (None,))[-1],
        rounding=of(n.Rounding),
        facts=of(n.FactDecl),
        lets=of(n.LetDecl),
        children=tuple(item for item in items if isinstance(item, (n.Section, n.Indicator))),
        vetoes=of(n.Veto),
        assertions=of(n.Assertion),
        na_policies=of(n.NotApplicablePolicy),
        uncapped=uncapped,
        grade_caps=of(n.GradeCap),
        comments=comments,
        span=Span(0, len(source.text)),
    )
