"""One walk over an expression's nodes, for every stage that asks what an expression reads or holds.

An aggregate's list (``items``) and its ``where`` are different scopes: the list is a fact, while a `where`
reads the items' own fields, which never share a name with a fact or a derived value.  So each caller says
which it wants, rather than each keeping its own copy of the walk with its own choice built in.
"""

from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.syntax.nodes.expressions import Aggregate, Binary, Call, Expr, Name, Negate, Not


def subexpressions(expr: Expr, *, items: bool = True, where: bool = True) -> Iterator[Expr]:
    """``expr`` and every expression inside it, in source order (a node before its operands, left before
    right); into an aggregate's list name when ``items``, into its condition when ``where``."""
    stack: list[Expr] = [expr]
    while stack:
        item = stack.pop()
        yield item
        match item:
            case Binary():
                stack.extend((item.right, item.left))
            case Negate() | Not():
                stack.append(item.operand)
            case Call():
                stack.extend(reversed(item.args))
            case Aggregate():
                if where and item.where is not None:
                    stack.append(item.where)
                if items:
                    stack.append(item.items)
            case _:
                pass


def names_read(expr: Expr, *, where: bool = True) -> Iterator[str]:
    """The names ``expr`` reads, in source order (repeats kept); inside a `where` only when ``where``."""
    for item in subexpressions(expr, where=where):
        if isinstance(item, Name):
            yield item.ident
