"""The expression nodes: literals, names, operators, calls and list aggregates."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from rubricdsl.reading.source import Span
from rubricdsl.syntax.nodes.fields import _span, _spelling


class LiteralKind(enum.Enum):
    NUMBER = "number"
    PERCENT = "percent"
    MONEY = "money"
    DATE = "date"  # a calendar day, valued as its day number (syntax/dates.py)


@dataclass(frozen=True, slots=True, kw_only=True)
class Literal:
    value: Decimal
    kind: LiteralKind
    text: str
    suffix: str = _spelling("")  # `分` after points (a header's, an outcome's, `base 5分`…), when written
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class StringLit:
    value: str
    quote: str = _spelling('"')  # the opening quote as written: " or “ (empty: a default level written bare)
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class BoolLit:
    value: bool
    text: str = _spelling("")  # true, false, 是 or 否 as written; empty when built in code
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Name:
    ident: str
    span: Span = _span()


class Op(enum.Enum):
    ADD = "+"
    SUB = "-"
    MUL = "*"
    DIV = "/"
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="
    NE = "!="
    AND = "and"
    OR = "or"


ARITHMETIC = frozenset({Op.ADD, Op.SUB, Op.MUL, Op.DIV})
COMPARISON = frozenset({Op.GE, Op.GT, Op.LE, Op.LT, Op.EQ, Op.NE})
LOGICAL = frozenset({Op.AND, Op.OR})


@dataclass(frozen=True, slots=True, kw_only=True)
class Binary:
    op: Op
    left: Expr
    right: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Negate:
    operand: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Not:
    operand: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Call:
    function: str
    args: tuple[Expr, ...]
    span: Span = _span()


LIST_FUNCTIONS = frozenset({"count", "all", "any", "share", "sum"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Aggregate:
    """An aggregate over a list fact's items: ``count(funds where paid_on > due)``, ``sum(funds.paid)``.

    ``function`` is one of :data:`LIST_FUNCTIONS`; ``field`` is the summed field (``funds.paid``); inside
    ``where``, the item's fields are in scope by name (before facts and derived values).  ``count(x)`` with a
    bare name is lowered to this node too; the checker reads it as the boolean ``count`` when ``x`` is not a
    list."""

    function: str
    items: Name
    field: Name | None
    where: Expr | None
    span: Span = _span()


Expr = Literal | StringLit | BoolLit | Name | Binary | Negate | Not | Call | Aggregate
