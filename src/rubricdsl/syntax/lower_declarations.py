"""Lowering, second half: fact and derived-value declarations, the indicator tree, and the rubric's header."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lark import Token, Tree, v_args
from lark.tree import Meta

from rubricdsl.reading.source import Span
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.lower_parts import (
    _COMPARISONS,
    _UNCAPPED,
    MAX_ROUNDING_PLACES,
    TOKENS,
    LoweringBase,
    LoweringError,
    _Actual,
    _else_word,
    _Label,
    _level_name,
    _level_quote,
    _money,
    _number,
    _percent,
    _quote_of,
    _span,
    _span_of,
    _tspan,
    _unquote,
    _with_suffix,
)


@v_args(meta=True, inline=True)
class DeclarationLowering(LoweringBase):
    """The methods of the grammar's declaration, tree and header productions."""

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
        if isinstance(value, n.Literal | n.BoolLit):
            return ("default", value)
        return ("default", n.StringLit(value=_level_name(value), quote=_level_quote(value), span=_tspan(value)))

    def fact_decl(self, meta: Meta, name: Token, *rest: Any) -> n.FactDecl:
        label = rest[0] if rest and isinstance(rest[0], str) and not isinstance(rest[0], TOKENS) else None
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
        label = next((part for part in rest[:-1] if isinstance(part, str) and not isinstance(part, TOKENS)), None)
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
        message = next((part for part in rest if isinstance(part, TOKENS) and part.type == "STRING"), None)
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
