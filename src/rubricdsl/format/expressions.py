"""Expressions and literals back to canonical text, with the fewest parentheses that keep the meaning."""

from __future__ import annotations

import re

from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.grammar import keywords

_NAME = re.compile(r"[^\W\d]\w*")

# Binding strength, weakest first; mirrors the grammar's or → and → not → comparison → sum → product → unary.
_OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _UNARY, _ATOM = range(8)
_LEVEL = {n.Op.OR: _OR, n.Op.AND: _AND, n.Op.ADD: _SUM, n.Op.SUB: _SUM, n.Op.MUL: _PRODUCT, n.Op.DIV: _PRODUCT}


# What a full-width label may hold: its own quotes only as balanced pairs, one deep (the STRING terminal).
_NESTED_FULL_WIDTH = re.compile(r"(?:[^“”\r\n]|“[^“”\r\n]*”)*")


def label(text: str, quote: str = '"') -> str:
    """A label in the quotes the author used (``quote`` is the opening one), unless its text rules them out:
    ``"…"`` cannot hold ``"``, and ``“…”`` holds ``”`` only inside a balanced ``“…”`` of its own."""
    full_width = _NESTED_FULL_WIDTH.fullmatch(text) is not None or "”" not in text
    if full_width and (quote == "“" or '"' in text):
        return f"“{text}”"
    return f'"{text}"'


def level(name: str, quote: str = "") -> str:
    """A level or grade name as the author wrote it: in the quotes they used (``quote``), or bare when they
    wrote it bare (``""``) and it still lexes as a name."""
    if quote or not _NAME.fullmatch(name) or name in keywords():
        return label(name, quote or '"')
    return name


def boolean(literal: n.BoolLit) -> str:
    """`true`/`false`, or `是`/`否` when that is how the author wrote it."""
    return literal.text or ("true" if literal.value else "false")


def _level_of(expr: n.Expr) -> int:
    match expr:
        case n.Binary() if expr.op in n.COMPARISON:
            return _COMPARE
        case n.Binary():
            return _LEVEL[expr.op]
        case n.Not():
            return _NOT
        case n.Negate():
            return _UNARY
        case _:
            return _ATOM


def expression(expr: n.Expr) -> str:
    match expr:
        case n.Literal():
            return expr.text + expr.suffix
        case n.StringLit():
            return label(expr.value, expr.quote)
        case n.BoolLit():
            return boolean(expr)
        case n.Name():
            return expr.ident
        case n.Call():
            return f"{expr.function}({', '.join(expression(arg) for arg in expr.args)})"
        case n.Aggregate():
            subject = expr.items.ident + ("" if expr.field is None else f".{expr.field.ident}")
            where = "" if expr.where is None else f" where {expression(expr.where)}"
            return f"{expr.function}({subject}{where})"
        case n.Negate():
            return "-" + _wrap(expr.operand, _UNARY)
        case n.Not():
            return "not " + _wrap(expr.operand, _NOT)
        case n.Binary():
            level_ = _level_of(expr)
            # Left-associative: the right operand needs parentheses at the same level (a - (b - c)).
            # Comparisons do not chain, so both sides of one need parentheses at that level.
            left_min = level_ + 1 if level_ == _COMPARE else level_
            return f"{_wrap(expr.left, left_min)} {expr.op.value} {_wrap(expr.right, level_ + 1)}"


def _wrap(expr: n.Expr, minimum: int) -> str:
    text = expression(expr)
    return f"({text})" if _level_of(expr) < minimum else text
