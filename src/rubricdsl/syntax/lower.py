"""Lowering: lark parse tree → typed AST.  The only module that reads lark trees.

Desugaring happens here (percent and money literals become exact shares and 元; full-width operators
become their ASCII meaning) so that no later stage needs to know how something was spelled.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, Final

from lark import Token, Transformer_NonRecursive, Tree, v_args
from lark.tree import Meta

from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.dates import day_number, parse_day
from rubricdsl.syntax.numbers import WAN, scaled, share_of_percent

MAX_EXPRESSION_DEPTH: Final = 200

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


def _span(meta: Meta) -> Span:
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


@v_args(meta=True, inline=True)
class _Lower(Transformer_NonRecursive[Token, Any]):
    """One method per grammar rule; each returns an AST node (or a small piece of one)."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._depth: dict[int, int] = {}
        self._text = text  # the source, to keep how a keyword such as 是 was spelled
        # lark looks a rule's method up for every tree node, and each look-up of a v_args method builds a new
        # wrapper (a quarter of lowering); bound once here, each look-up finds the instance's.
        for name, member in vars(_Lower).items():
            if getattr(member, "visit_wrapper", None) is not None:
                setattr(self, name, getattr(self, name))

    def _deep(self, node: n.Expr, *parts: Any) -> n.Expr:
        depth = 1 + max((self._depth.get(id(part), 0) for part in parts), default=0)
        if depth > MAX_EXPRESSION_DEPTH:
            raise LoweringError("E113", node.span, limit=MAX_EXPRESSION_DEPTH)
        self._depth[id(node)] = depth
        return node

    # ---- literals and names -------------------------------------------------------------------
    def number(self, meta: Meta, token: Token) -> n.Literal:
        return _number(token)

    def neg_number(self, meta: Meta, minus: Token, token: Token) -> n.Literal:
        return _number(token, negative=True)

    def percent(self, meta: Meta, token: Token) -> n.Literal:
        return _percent(token)

    def neg_percent(self, meta: Meta, minus: Token, token: Token) -> n.Literal:
        return _percent(token, negative=True)

    def money(self, meta: Meta, token: Token) -> n.Literal:
        return _money(token)

    def neg_money(self, meta: Meta, minus: Token, token: Token) -> n.Literal:
        return _money(token, negative=True)

    def date(self, meta: Meta, token: Token) -> n.Literal:
        return _date(token)

    def string(self, meta: Meta, token: Token) -> n.StringLit:
        return n.StringLit(value=_unquote(token), quote=str(token)[0], span=_tspan(token))

    def true(self, meta: Meta) -> n.BoolLit:
        span = _span(meta)
        return n.BoolLit(value=True, text=self._text[span.start : span.end], span=span)

    def false(self, meta: Meta) -> n.BoolLit:
        span = _span(meta)
        return n.BoolLit(value=False, text=self._text[span.start : span.end], span=span)

    def name(self, meta: Meta, token: Token) -> n.Name:
        return n.Name(ident=str(token), span=_tspan(token))

    def label(self, meta: Meta, token: Token) -> str:
        label = _Label(_unquote(token))
        label.quote = str(token)[0]
        return label

    def points(self, meta: Meta, token: Token) -> n.Literal:
        return _with_suffix(_number(token), self._text, _span(meta).end)

    def plain_points(self, meta: Meta, token: Token) -> n.Literal:
        return _with_suffix(_number(token), self._text, _span(meta).end)

    def points_number(self, meta: Meta, token: Token) -> n.Literal:
        """`10分` in an expression (an outcome such as `-> 10分`): the number 10; `分` only shows it is points."""
        return n.Literal(
            value=Decimal(str(token)), kind=n.LiteralKind.NUMBER, text=str(token), suffix="分", span=_span(meta)
        )

    # ---- expressions ----------------------------------------------------------------------------
    def call(self, meta: Meta, function: Token, *args: n.Expr) -> n.Expr:
        if str(function) == "round" and len(args) == 2:
            _bound_round_places(args[1])
        if str(function) in n.LIST_FUNCTIONS and len(args) == 1 and isinstance(args[0], n.Name):
            # `count(funds)`: the whole list; the checker reads it as the boolean count when it is no list
            whole = n.Aggregate(function=str(function), items=args[0], field=None, where=None, span=_span(meta))
            return self._deep(whole, *args)
        return self._deep(n.Call(function=str(function), args=tuple(args), span=_span(meta)), *args)

    def aggregate(self, meta: Meta, function: Token, items: Token, *rest: Any) -> n.Expr:
        """``f(items.field where condition)``, the field and the condition each optional (not both)."""
        field = next((n.Name(ident=str(part), span=_tspan(part)) for part in rest if isinstance(part, Token)), None)
        where = next((part for part in rest if not isinstance(part, Token)), None)
        node = n.Aggregate(
            function=str(function),
            items=n.Name(ident=str(items), span=_tspan(items)),
            field=field,
            where=where,
            span=_span(meta),
        )
        return self._deep(node, *([] if where is None else [where]))

    def neg(self, meta: Meta, minus: Token, operand: n.Expr) -> n.Expr:
        return self._deep(n.Negate(operand=operand, span=_span(meta)), operand)

    def not_(self, meta: Meta, operand: n.Expr) -> n.Expr:
        return self._deep(n.Not(operand=operand, span=_span(meta)), operand)

    def arith(self, meta: Meta, left: n.Expr, op: Token, right: n.Expr) -> n.Expr:
        node = n.Binary(op=_ARITHMETIC[str(op)], left=left, right=right, span=_span(meta))
        return self._deep(node, left, right)

    def compare(self, meta: Meta, left: n.Expr, op: Token, right: n.Expr) -> n.Expr:
        node = n.Binary(op=_COMPARISONS[str(op)], left=left, right=right, span=_span(meta))
        return self._deep(node, left, right)

    def and_(self, meta: Meta, left: n.Expr, right: n.Expr) -> n.Expr:
        return self._deep(n.Binary(op=n.Op.AND, left=left, right=right, span=_span(meta)), left, right)

    def or_(self, meta: Meta, left: n.Expr, right: n.Expr) -> n.Expr:
        return self._deep(n.Binary(op=n.Op.OR, left=left, right=right, span=_span(meta)), left, right)

    # ---- rules ------------------------------------------------------------------------------------
    def else_branch(self, meta: Meta, expr: n.Expr) -> _Else:
        return _Else(expr, _else_word(self._text, _span(meta).start))

    def interval(
        self, meta: Meta, opening: Token, low: n.Literal, comma: Token, high: n.Literal, closing: Token
    ) -> n.Interval:
        return n.Interval(
            low=low, low_inclusive=str(opening) == "[", high=high, high_inclusive=str(closing) == "]", span=_span(meta)
        )

    def compare_band(self, meta: Meta, op: Token, threshold: n.Literal, outcome: n.Expr) -> n.Band:
        test = n.Compare(op=_COMPARISONS[str(op)], threshold=threshold, span=_tspan(op).cover(threshold.span))
        return n.Band(test=test, outcome=outcome, span=_span(meta))

    def interval_band(self, meta: Meta, interval: n.Interval, outcome: n.Expr) -> n.Band:
        return n.Band(test=interval, outcome=outcome, span=_span(meta))

    def score_rule(self, meta: Meta, subject: n.Expr, *parts: n.Band | _Else) -> n.ScoreRule:
        bands = tuple(part for part in parts if isinstance(part, n.Band))
        otherwise = next((part for part in parts if isinstance(part, _Else)), None)
        return n.ScoreRule(
            subject=subject,
            bands=bands,
            otherwise=None if otherwise is None else n.outcome_expr(otherwise.expr),
            else_word="else" if otherwise is None else otherwise.word,
            span=_span(meta),
        )

    def branch(self, meta: Meta, condition: n.Expr, outcome: n.Outcome) -> n.Branch:
        return n.Branch(condition=condition, outcome=outcome, span=_span(meta))

    def when_else(self, meta: Meta, outcome: n.Outcome) -> _Else:
        return _Else(outcome, _else_word(self._text, _span(meta).start))

    def when_rule(self, meta: Meta, *parts: n.Branch | _Else) -> n.WhenRule:
        branches = tuple(part for part in parts if isinstance(part, n.Branch))
        otherwise = next((part for part in parts if isinstance(part, _Else)), None)
        return n.WhenRule(
            branches=branches,
            otherwise=None if otherwise is None else otherwise.expr,
            else_word="else" if otherwise is None else otherwise.word,
            span=_span(meta),
        )

    def unit_step(self, meta: Meta) -> None:
        return None

    def number_step(self, meta: Meta, token: Token) -> n.Literal:
        return _number(token)

    def percent_step(self, meta: Meta, token: Token) -> n.Literal:
        return _percent(token)

    def money_step(self, meta: Meta, token: Token) -> n.Literal:
        return _money(token)

    def direction(self, meta: Meta, token: Token) -> bool:
        return str(token) == "above"

    def pro_rata(self, meta: Meta) -> n.StepMode:
        return n.StepMode.PRO_RATA

    def whole_steps(self, meta: Meta) -> n.StepMode:
        return n.StepMode.WHOLE_STEPS

    def started_steps(self, meta: Meta) -> n.StepMode:
        return n.StepMode.STARTED_STEPS

    def cap(self, meta: Meta, points: n.Literal) -> n.Literal:
        return points

    def deduct_rule(
        self,
        meta: Meta,
        subject: n.Expr,
        base: n.Literal,
        minus: Token,
        rate: n.Literal,
        step: n.Literal | None,
        above: bool,
        threshold: n.Literal,
        *options: n.StepMode | n.Literal,
    ) -> n.DeductRule:
        modes = [option for option in options if isinstance(option, n.StepMode)]
        caps = [option for option in options if isinstance(option, n.Literal)]
        if len(modes) > 1:
            raise LoweringError("E211", _span(meta), what="the step mode")
        if len(caps) > 1:
            raise LoweringError("E211", caps[1].span, what="cap")
        return n.DeductRule(
            subject=subject,
            base=base,
            rate=rate,
            step=step,
            above=above,
            threshold=threshold,
            mode=modes[-1] if modes else None,
            cap=caps[-1] if caps else None,
            span=_span(meta),
        )

    def ratio(self, meta: Meta, numerator: Token, op: Token, denominator: Token) -> n.Ratio:
        span = _span(meta)
        if str(op) not in ("/", "÷"):
            raise LoweringError(
                "E260",
                span,
                text=self._text[span.start : span.end],
                detail="exact points divide with `/`",
                detail_zh="精确分值只能用 `/` 表示分数",
            )
        written = f"{numerator}/{denominator}"
        return n.Ratio(numerator=_number(numerator), denominator=_number(denominator), text=written, span=span)

    def ratio_points(self, meta: Meta, numerator: Token, op: Token, denominator: Token) -> n.Literal:
        span = _span(meta)
        raise LoweringError("E261", span, text=self._text[numerator.start_pos or 0 : denominator.end_pos or 0])

    def check_item(
        self, meta: Meta, condition: n.Expr, points: n.Literal | n.Ratio, label: str | None = None
    ) -> n.ChecklistItem:
        return n.ChecklistItem(
            condition=condition,
            points=points,
            label=None if label is None else str(label),
            label_quote=_quote_of(label),
            span=_span(meta),
        )

    def checklist_rule(self, meta: Meta, *items: n.ChecklistItem) -> n.ChecklistRule:
        return n.ChecklistRule(items=tuple(items), span=_span(meta))

    def better(self, meta: Meta, token: Token) -> bool:
        return str(token) == "lower"

    def proportional_rule(
        self, meta: Meta, achieved: n.Expr, target: n.Expr, lower: bool = False
    ) -> n.ProportionalRule:
        return n.ProportionalRule(achieved=achieved, target=target, lower_is_better=lower, span=_span(meta))

    def level_share(self, meta: Meta, level: Token, share: Token | n.Literal) -> n.LevelShare:
        literal = _percent(share) if isinstance(share, Token) else share
        return n.LevelShare(level=_level_name(level), share=literal, level_quote=_level_quote(level), span=_span(meta))

    def levels_rule(self, meta: Meta, subject: n.Expr, *shares: n.LevelShare) -> n.LevelsRule:
        return n.LevelsRule(subject=subject, shares=tuple(shares), span=_span(meta))

    def judged_rule(self, meta: Meta, token: Token) -> n.JudgedRule:
        return n.JudgedRule(fact=n.Name(ident=str(token), span=_tspan(token)), span=_span(meta))

    def tier_range(self, meta: Meta, level: Token, interval: n.Interval) -> n.TierRange:
        return n.TierRange(level=_level_name(level), range=interval, level_quote=_level_quote(level), span=_span(meta))

    def judged_within_rule(self, meta: Meta, score: Token, tier: Token, *ranges: n.TierRange) -> n.JudgedWithinRule:
        return n.JudgedWithinRule(
            score=n.Name(ident=str(score), span=_tspan(score)),
            tier=n.Name(ident=str(tier), span=_tspan(tier)),
            ranges=tuple(ranges),
            span=_span(meta),
        )

    def formula_rule(self, meta: Meta, expr: n.Expr) -> n.FormulaRule:
        return n.FormulaRule(expr=expr, span=_span(meta))

    # ---- declarations ------------------------------------------------------------------------------
    def bool_type(self, meta: Meta) -> n.FactType:
        return n.FactType(kind=n.FactKind.BOOL, span=_span(meta))

    def text_type(self, meta: Meta) -> n.FactType:
        return n.FactType(kind=n.FactKind.TEXT, span=_span(meta))

    def list_field(self, meta: Meta, name: Token, field_type: n.FactType) -> n.ItemField:
        return n.ItemField(name=str(name), type=field_type, bounds=(), optional=False, default=None, span=_span(meta))

    def list_type(self, meta: Meta, *entries: Any) -> n.FactType:
        """Fields in order, each with the options written after it (as a fact's follow its type)."""
        fields: list[n.ItemField] = []
        for entry in entries:
            if isinstance(entry, n.ItemField):
                fields.append(entry)
                continue
            last = fields[-1]  # the grammar starts the list with a field
            if isinstance(entry, n.Bound):
                last = replace(last, bounds=(*last.bounds, entry))
            elif isinstance(entry, n.Absence):
                last = replace(last, absent=entry, optional=True)
            elif isinstance(entry, tuple):
                last = replace(last, default=entry[1])
            elif entry == "optional":
                last = replace(last, optional=True)
            elif entry == "record":
                last = replace(last, record=True)
            fields[-1] = replace(last, span=last.span.cover(_span_of(entry, last.span)))
        return n.FactType(kind=n.FactKind.LIST, fields=tuple(fields), span=_span(meta))

    def count_type(self, meta: Meta) -> n.FactType:
        return n.FactType(kind=n.FactKind.COUNT, span=_span(meta))

    def number_type(self, meta: Meta) -> n.FactType:
        return n.FactType(kind=n.FactKind.NUMBER, span=_span(meta))

    def percent_type(self, meta: Meta) -> n.FactType:
        return n.FactType(kind=n.FactKind.PERCENT, span=_span(meta))

    def date_type(self, meta: Meta) -> n.FactType:
        return n.FactType(kind=n.FactKind.DATE, span=_span(meta))

    def money_unit(self, meta: Meta, token: Token) -> str:
        return str(token)

    def money_type(self, meta: Meta, unit: str = "元") -> n.FactType:
        return n.FactType(kind=n.FactKind.MONEY, money_unit=unit, span=_span(meta))

    def enum_type(self, meta: Meta, *levels: Token) -> n.FactType:
        return n.FactType(
            kind=n.FactKind.ENUM,
            levels=tuple(_level_name(level) for level in levels),
            level_quotes=tuple(_level_quote(level) for level in levels),
            span=_span(meta),
        )

    def bound_option(self, meta: Meta, op: Token, value: n.Literal) -> n.Bound:
        kind = _COMPARISONS[str(op)]
        text = f"{kind.value} {value.text}"
        low_ops = {n.Op.GE: True, n.Op.GT: False}
        high_ops = {n.Op.LE: True, n.Op.LT: False}
        if kind in low_ops:
            return n.Bound(
                low=value, low_inclusive=low_ops[kind], high=None, high_inclusive=False, text=text, span=_span(meta)
            )
        if kind in high_ops:
            return n.Bound(
                low=None, low_inclusive=False, high=value, high_inclusive=high_ops[kind], text=text, span=_span(meta)
            )
        # `= x` pins the value; `!= x` cannot be an interval and is rejected by the checker via an empty text
        if kind is n.Op.EQ:
            return n.Bound(low=value, low_inclusive=True, high=value, high_inclusive=True, text=text, span=_span(meta))
        return n.Bound(low=None, low_inclusive=False, high=None, high_inclusive=False, text=text, span=_span(meta))

    def range_option(self, meta: Meta, interval: n.Interval) -> n.Bound:
        text = "in {}{}, {}{}".format(
            "[" if interval.low_inclusive else "(",
            interval.low.text,
            interval.high.text,
            "]" if interval.high_inclusive else ")",
        )
        return n.Bound(
            low=interval.low,
            low_inclusive=interval.low_inclusive,
            high=interval.high,
            high_inclusive=interval.high_inclusive,
            text=text,
            span=_span(meta),
        )

    def optional_option(self, meta: Meta) -> str:
        return "optional"

    def absent_option(self, meta: Meta) -> n.Absence:
        return n.Absence.NOT_APPLICABLE

    def record_option(self, meta: Meta) -> str:
        return "record"

    def default_option(self, meta: Meta, value: n.Literal | n.BoolLit | Token) -> tuple[str, n.DefaultValue]:
        if isinstance(value, Token):
            return ("default", n.StringLit(value=_level_name(value), quote=_level_quote(value), span=_tspan(value)))
        return ("default", value)

    def fact_decl(self, meta: Meta, name: Token, *rest: Any) -> n.FactDecl:
        label = rest[0] if rest and isinstance(rest[0], str) and not isinstance(rest[0], Token) else None
        parts = rest[1:] if label is not None else rest
        fact_type: n.FactType = parts[0]
        options = parts[1:]
        default = next((option[1] for option in options if isinstance(option, tuple)), None)
        absent = next((option for option in options if isinstance(option, n.Absence)), None)
        return n.FactDecl(
            name=str(name),
            label=None if label is None else str(label),
            label_quote=_quote_of(label),
            type=fact_type,
            bounds=tuple(option for option in options if isinstance(option, n.Bound)),
            optional="optional" in options or absent is not None,
            default=default,
            absent=absent,
            record="record" in options,
            span=_span(meta),
        )

    def let_kind(self, meta: Meta, token: Token) -> n.LetKind:
        return n.FactKind(str(token))

    def let_decl(self, meta: Meta, name: Token, *rest: Any) -> n.LetDecl:
        label = next((part for part in rest[:-1] if isinstance(part, str) and not isinstance(part, Token)), None)
        kind = next((part for part in rest[:-1] if isinstance(part, n.FactKind)), None)
        return n.LetDecl(
            name=str(name),
            label=None if label is None else str(label),
            label_quote=_quote_of(label),
            expr=rest[-1],
            kind=kind,
            span=_span(meta),
        )

    def standard(self, meta: Meta, token: Token) -> tuple[_Label, Span]:
        text = _Label(_unquote(token))
        text.quote = str(token)[0]
        return text, _span(meta)

    def tolerance(self, meta: Meta, token: Token) -> n.Literal:
        kinds = {"MONEY": _money, "PERCENT": _percent}
        return kinds.get(token.type, _number)(token)

    def warn(self, meta: Meta) -> str:
        return "warn"

    def assertion(self, meta: Meta, left: n.Expr, op: Token, right: n.Expr, *rest: Any) -> n.Assertion:
        message = next((part for part in rest if isinstance(part, Token) and part.type == "STRING"), None)
        return n.Assertion(
            left=left,
            op=_COMPARISONS[str(op)],
            right=right,
            tolerance=next((part for part in rest if isinstance(part, n.Literal)), None),
            message=None if message is None else _unquote(message),
            message_quote=str(message)[0] if message is not None else '"',
            warn="warn" in rest,
            span=_span(meta),
        )

    def veto(self, meta: Meta, condition: n.Expr, reason: Token | None = None) -> n.Veto:
        return n.Veto(
            condition=condition,
            reason=_unquote(reason) if reason is not None else None,
            reason_quote=str(reason)[0] if reason is not None else '"',
            span=_span(meta),
        )

    def target(self, meta: Meta, *parts: Any) -> n.Target:
        op = _COMPARISONS[str(parts[0])] if len(parts) == 2 else None
        return n.Target(op=op, value=parts[-1], span=_span(meta))

    def actual(self, meta: Meta, expr: n.Expr) -> _Actual:
        return _Actual(expr)

    def indicator(self, meta: Meta, ident: Token, *rest: Any) -> n.Indicator:
        label = rest[0] if isinstance(rest[0], str) else None
        parts = rest[1:] if label is not None else rest
        points: n.Literal = parts[0]
        standard, standard_span = next((part for part in parts if isinstance(part, tuple)), (None, Span(0, 0)))
        target = next((part for part in parts if isinstance(part, n.Target)), None)
        actual = next((part.expr for part in parts if isinstance(part, _Actual)), None)
        return n.Indicator(
            id=str(ident),
            label=None if label is None else str(label),
            label_quote=_quote_of(label),
            points=points,
            standard=None if standard is None else str(standard),
            standard_quote=_quote_of(standard),
            standard_span=standard_span,
            target=target,
            actual=actual,
            rule=parts[-1],
            span=_span(meta),
        )

    def section(self, meta: Meta, ident: Token, *rest: Any) -> n.Section:
        label = rest[0] if isinstance(rest[0], str) else None
        parts = rest[1:] if label is not None else rest
        uncapped = len(parts) > 1 and parts[1] is _UNCAPPED
        items = parts[2:] if uncapped else parts[1:]
        return n.Section(
            id=str(ident),
            label=None if label is None else str(label),
            label_quote=_quote_of(label),
            points=parts[0],
            children=tuple(item for item in items if isinstance(item, (n.Section, n.Indicator))),
            vetoes=tuple(item for item in items if isinstance(item, n.Veto)),
            na_policies=tuple(item for item in items if isinstance(item, n.NotApplicablePolicy)),
            uncapped=uncapped,
            span=_span(meta),
        )

    # ---- outside the base points (issue 10) -------------------------------------------------------------
    def adjust_kind(self, meta: Meta, token: Token) -> n.IndicatorKind:
        return n.IndicatorKind(str(token))

    def adjustment(self, meta: Meta, kind: n.IndicatorKind, ident: Token, *rest: Any) -> n.Indicator:
        return replace(self.indicator(meta, ident, *rest), kind=kind)

    def uncapped(self, meta: Meta) -> object:
        return _UNCAPPED

    def na_siblings(self, meta: Meta) -> tuple[str, Span]:
        return n.SIBLINGS, _span(meta)

    def na_rescale(self, meta: Meta) -> tuple[str, Span]:
        return n.RESCALE, _span(meta)

    def na_named(self, meta: Meta, token: Token) -> tuple[str, Span]:
        return str(token), _tspan(token)

    def na_policy(self, meta: Meta, *parts: Any) -> n.NotApplicablePolicy:
        target, target_span = parts[-1]
        source = parts[0] if len(parts) == 2 else None
        return n.NotApplicablePolicy(
            target=target,
            source=None if source is None else str(source),
            target_span=target_span,
            source_span=Span(0, 0) if source is None else _tspan(source),
            span=_span(meta),
        )

    def grade_cap(self, meta: Meta, grade: Token, condition: n.Expr, reason: Token | None = None) -> n.GradeCap:
        return n.GradeCap(
            grade=_level_name(grade),
            grade_quote=_level_quote(grade),
            condition=condition,
            reason=_unquote(reason) if reason is not None else None,
            reason_quote=str(reason)[0] if reason is not None else '"',
            span=_span(meta),
        )

    # ---- header ----------------------------------------------------------------------------------
    def meta(self, meta: Meta, key: Token, value: Token) -> n.Meta:
        text = _unquote(value) if value.type == "STRING" else str(value)
        quote = str(value)[0] if value.type == "STRING" else ""
        return n.Meta(key=str(key), value=text, quote=quote, span=_span(meta))

    def grade_band(self, meta: Meta, name: Token, op: Token, threshold: n.Literal) -> n.GradeBand:
        return n.GradeBand(
            name=_level_name(name),
            op=_COMPARISONS[str(op)],
            threshold=_with_suffix(threshold, self._text, _span(meta).end),
            name_quote=_level_quote(name),
            span=_span(meta),
        )

    def grade_else(self, meta: Meta, name: Token) -> str:
        otherwise = _Label(_level_name(name))
        otherwise.quote = _level_quote(name)
        otherwise.word = _else_word(self._text, _span(meta).start)
        return otherwise

    def grades(self, meta: Meta, *parts: n.GradeBand | str) -> n.Grades:
        bands = tuple(part for part in parts if isinstance(part, n.GradeBand))
        otherwise = next(part for part in parts if isinstance(part, str))
        return n.Grades(
            bands=bands,
            otherwise=str(otherwise),
            otherwise_quote=_quote_of(otherwise),
            else_word=getattr(otherwise, "word", "else"),
            span=_span(meta),
        )

    def round_target(self, meta: Meta, token: Token) -> str:
        return str(token)

    def round_mode(self, meta: Meta, token: Token) -> n.RoundingMode:
        return n.RoundingMode(str(token))

    def rounding(
        self, meta: Meta, target: str, places: Token, mode: n.RoundingMode = n.RoundingMode.HALF_UP
    ) -> n.Rounding:
        text = str(places)
        if not text.isdigit() or int(text) > MAX_ROUNDING_PLACES:
            raise LoweringError("E140", _tspan(places), limit=MAX_ROUNDING_PLACES, text=text)
        return n.Rounding(target=target, places=int(text), mode=mode, span=_span(meta))

    def start(self, meta: Meta, *items: Any) -> Tree[Any]:
        grades = [item for item in items if isinstance(item, n.Grades)]
        if len(grades) > 1:
            raise LoweringError("E211", grades[1].span, what="grades")
        return Tree("start", list(items), meta)

    def header(self, meta: Meta, ident: Token, *rest: Any) -> tuple[str, str | None, n.Literal, bool]:
        uncapped = bool(rest) and rest[-1] is _UNCAPPED
        rest = rest[:-1] if uncapped else rest
        label = rest[0] if len(rest) == 2 else None
        # the label keeps its quote (a _Label) until lower() builds the Rubric
        return (str(ident), label, rest[-1], uncapped)


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


def lower(tree: Tree[Token], source: SourceFile, comments: tuple[n.Comment, ...]) -> n.Rubric:
    """Build the :class:`~rubricdsl.syntax.nodes.Rubric` for a parse tree of ``source``."""
    header, *items = _Lower(source.text).transform(tree).children
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


def _span_of(option: Any, otherwise: Span) -> Span:
    """Where a field's option was written (a bound or a default keeps its span; a keyword does not)."""
    if isinstance(option, tuple):
        option = option[1]
    found = getattr(option, "span", None)
    return found if isinstance(found, Span) else otherwise
