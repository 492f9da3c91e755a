"""The pieces lowering is built from: token readers, literal builders, markers, and the base class of its halves.

lower_expressions.py (literals, expressions, rules) and lower_declarations.py (facts, the indicator tree,
the header) each hold one half of the lowering methods; lower.py joins them into :class:`Lowerer`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from lark import Token, Transformer_NonRecursive
from lark.tree import Meta

from rubricdsl.reading.source import Span
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.dates import day_number, parse_day
from rubricdsl.syntax.numbers import WAN, scaled, share_of_percent

MAX_EXPRESSION_DEPTH: Final = 200

# What a lowering method may receive as a token: lark's (a str) from the reference route, and lark-cython's
# (not a str) from the one-pass route on the `fast` extra, which hands its tokens over as they are (converting
# each to lark's was a twentieth of the parse).  The methods read only what both have: ``type``,
# ``start_pos``, ``end_pos`` and the text, by ``str()``.
try:
    from lark_cython import Token as _CythonToken
except ImportError:  # without the `fast` extra every token is lark's
    TOKENS: tuple[type[Any], ...] = (Token,)
else:
    TOKENS = (Token, _CythonToken)


_COMPARISONS: Final = {
    ">=": n.Op.GE, "≥": n.Op.GE, "≧": n.Op.GE,
    "<=": n.Op.LE, "≤": n.Op.LE, "≦": n.Op.LE,
    ">": n.Op.GT, "＞": n.Op.GT,
    "<": n.Op.LT, "＜": n.Op.LT,
    "==": n.Op.EQ, "=": n.Op.EQ, "＝": n.Op.EQ,
    "!=": n.Op.NE, "≠": n.Op.NE,
}  # fmt: skip
_ARITHMETIC: Final = {"+": n.Op.ADD, "-": n.Op.SUB, "*": n.Op.MUL, "×": n.Op.MUL, "/": n.Op.DIV, "÷": n.Op.DIV}


class LoweringError(Exception):
    """Something the grammar accepts but the language does not: becomes one E1xx diagnostic."""

    def __init__(self, code: str, span: Span, **args: object) -> None:
        super().__init__(code)
        self.code = code
        self.span = span
        self.details: dict[str, Any] = dict(args)


MAX_ROUNDING_PLACES: Final = 10
_UNCAPPED: Final = object()  # what `uncapped` lowers to, read by the header and section


def _span(meta: Meta | Span) -> Span:
    """A rule's span: the one-pass route (syntax/onepass.py) hands it over as is, lark's tree as a Meta."""
    if isinstance(meta, Span):
        return meta
    if getattr(meta, "empty", True):
        return Span(0, 0)
    return Span(meta.start_pos, meta.end_pos)


def _tspan(token: Token) -> Span:
    start = token.start_pos or 0
    return Span(start, token.end_pos if token.end_pos is not None else start)


def _unquote(token: Token) -> str:
    return str(token)[1:-1]


class _Label(str):
    """A label's text that remembers its opening quote (" or “) until the node holding it is built."""

    quote: str = '"'
    word: str = "else"  # a grade's `else` level: the keyword as written (`else` or `否则`)


def _quote_of(text: object) -> str:
    return text.quote if isinstance(text, _Label) else '"'


def _number(token: Token, negative: bool = False) -> n.Literal:
    value = Decimal(str(token))
    return n.Literal(
        value=-value if negative else value,
        kind=n.LiteralKind.NUMBER,
        text=("-" if negative else "") + str(token),
        span=_tspan(token),
    )


def _percent(token: Token, negative: bool = False) -> n.Literal:
    text = str(token)
    value = share_of_percent(Decimal(text[:-1]))
    return n.Literal(
        value=-value if negative else value,
        kind=n.LiteralKind.PERCENT,
        text=("-" if negative else "") + text[:-1] + "%",
        span=_tspan(token),
    )


def _money(token: Token, negative: bool = False) -> n.Literal:
    text = str(token)
    value = scaled(Decimal(text[:-2]), WAN) if text.endswith("万元") else Decimal(text[:-1])
    return n.Literal(
        value=-value if negative else value,
        kind=n.LiteralKind.MONEY,
        text=("-" if negative else "") + text,
        span=_tspan(token),
    )


def _date(token: Token) -> n.Literal:
    text = str(token)
    day = parse_day(text)
    if day is None:  # the shape of a date, but no day of the calendar (2021-02-30, 2021-13-01)
        raise LoweringError("E270", _tspan(token), text=text)
    return n.Literal(value=day_number(day), kind=n.LiteralKind.DATE, text=text, span=_tspan(token))


class _Else:
    __slots__ = ("expr", "word")

    def __init__(self, expr: n.Outcome, word: str) -> None:
        self.expr = expr
        self.word = word  # `else` or `否则`, as written


class _Actual:
    __slots__ = ("expr",)

    def __init__(self, expr: n.Expr) -> None:
        self.expr = expr


def _else_word(text: str, start: int) -> str:
    return "否则" if text.startswith("否则", start) else "else"


def _with_suffix(literal: n.Literal, text: str, end: int) -> n.Literal:
    """``literal`` remembering a `分` written after it (up to ``end``, the end of the rule that read it)."""
    if "分" not in text[literal.span.end : end]:
        return literal
    return n.Literal(value=literal.value, kind=literal.kind, text=literal.text, suffix="分", span=literal.span)


class LoweringBase(Transformer_NonRecursive[Token, Any]):
    """What every lowering method may use: the source text and the expression depth guard."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        # an expression's depth by the id of its node; each entry holds its node, so while the entry lives no
        # other object can have that id (a freed node's id may be reused: keyed by id alone, a new node could
        # read the depth of one that was dropped)
        self._depth: dict[int, tuple[int, n.Expr]] = {}
        self._text = text  # the source, to keep how a keyword such as 是 was spelled

    def _deep(self, node: n.Expr, *parts: Any) -> n.Expr:
        depth = 1
        for part in parts:
            found = self._depth.get(id(part))
            if found is not None and found[0] >= depth:
                depth = found[0] + 1
        if depth > MAX_EXPRESSION_DEPTH:
            raise LoweringError("E113", node.span, limit=MAX_EXPRESSION_DEPTH)
        self._depth[id(node)] = (depth, node)
        return node


def _bound_round_places(places: n.Expr) -> None:
    """`round(x, 99999999999)` would make every later stage work with a 10^-99999999999 quantum (lint built
    the fraction, eval overflowed the context): the places are bounded here, like `rounding`'s.  Places that
    are not a whole-number literal are the checker's E203."""
    if (
        isinstance(places, n.Literal)
        and places.kind is n.LiteralKind.NUMBER
        and places.value == places.value.to_integral_value()
        and places.value > MAX_ROUNDING_PLACES
    ):
        raise LoweringError("E142", places.span, limit=MAX_ROUNDING_PLACES, text=places.text)


def _level_name(token: Token) -> str:
    return _unquote(token) if token.type == "STRING" else str(token)


def _level_quote(token: Token) -> str:
    """The opening quote of a quoted level name, or "" for one written bare."""
    return str(token)[0] if token.type == "STRING" else ""


def _span_of(option: Any, otherwise: Span) -> Span:
    """Where a field's option was written (a bound or a default keeps its span; a keyword does not)."""
    if isinstance(option, tuple):
        option = option[1]
    found = getattr(option, "span", None)
    return found if isinstance(found, Span) else otherwise
