"""Lowering with its rule methods bound once per transformer builds the same AST, spans included, as lark's own
look-up per tree node (the speed-up in ``Lowerer.__init__`` changes how a method is found, never what it does)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token, Tree

from rubricdsl.syntax.grammar import lark_parser
from rubricdsl.syntax.lower import Lowerer, rule_method_names
from rubricdsl.testing.synth import synth_rubric
from tests.conftest import RUBRICS

SHIPPED = sorted(RUBRICS.glob("**/*.rubric"))


def _looked_up_per_node(text: str) -> Lowerer:
    """A transformer without the bound methods: every look-up goes through lark's v_args descriptor."""
    lowerer = Lowerer(text)
    for name in rule_method_names():
        delattr(lowerer, name)
    return lowerer


def _everything(value: Any) -> Any:
    """Every field of every node, spans and spellings included (node equality leaves those out)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(_everything(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, (tuple, list)):
        return tuple(_everything(item) for item in value)
    if isinstance(value, Tree):
        return ("tree", value.data, _everything(value.children))
    return (type(value).__name__, value)


def _both(text: str) -> tuple[Any, Any]:
    tree: Tree[Token] = lark_parser().parse(text)
    bound = Lowerer(text)
    assert any(getattr(value, "visit_wrapper", None) for value in vars(bound).values())  # the binding is there
    return _everything(bound.transform(tree)), _everything(_looked_up_per_node(text).transform(tree))


def test_the_binding_covers_every_rule_method() -> None:
    rules = {name for name in dir(Lowerer) if getattr(getattr(Lowerer, name), "visit_wrapper", None)}
    assert rules and rules == set(rule_method_names()) and rules <= set(vars(Lowerer("")))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_shipped_rubrics_lower_the_same(path: Path) -> None:
    bound, per_node = _both(path.read_text(encoding="utf-8"))
    assert bound == per_node
    assert "Span" in repr(bound)  # spans are compared too


def test_a_different_span_is_seen() -> None:
    text = SHIPPED[0].read_text(encoding="utf-8")
    assert _both(text)[0] != _both(" " + text)[0]  # everything shifted by one character


@settings(max_examples=25, deadline=None)
@given(indicators=st.integers(1, 60), seed=st.integers(0, 10**6))
def test_synthetic_rubrics_lower_the_same(indicators: int, seed: int) -> None:
    bound, per_node = _both(synth_rubric(indicators, seed=seed).text)
    assert bound == per_node
