"""The lowering's expression-depth guard (E113) reads the depth of the very node it is given.

Depths are kept by the ``id`` of each node; a node dropped during lowering frees its id for the next object
of its size, so the guard must hold every node it keyed (else a fresh leaf could read the depth of a deep
expression that is gone, and a shallow expression be refused).
"""

from __future__ import annotations

import pytest

from rubricdsl.reading.source import Span
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.lower import MAX_EXPRESSION_DEPTH, Lowerer, LoweringError


def _negations(lowerer: Lowerer, leaf: n.Expr, depth: int) -> n.Expr:
    expr = leaf
    for _ in range(depth):
        expr = lowerer._deep(n.Negate(operand=expr, span=Span(0, 1)), expr)
    return expr


def _leaf() -> n.Expr:
    return n.Name(ident="a", span=Span(0, 1))


def test_a_dropped_deep_expression_leaves_no_depth_behind() -> None:
    lowerer = Lowerer("a")
    for _ in range(300):
        # as deep as allowed, then dropped: its nodes' ids are free for the objects made next
        _negations(lowerer, _leaf(), MAX_EXPRESSION_DEPTH)
        fresh = lowerer._deep(n.Negate(operand=_leaf(), span=Span(0, 1)), _leaf())
        assert lowerer._depth[id(fresh)][0] == 1


def test_the_limit_still_holds() -> None:
    lowerer = Lowerer("a")
    deepest = _negations(lowerer, _leaf(), MAX_EXPRESSION_DEPTH)
    with pytest.raises(LoweringError) as raised:
        lowerer._deep(n.Negate(operand=deepest, span=Span(0, 1)), deepest)
    assert raised.value.code == "E113"
