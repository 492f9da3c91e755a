"""Lowering, first half: literals, names, expressions and the rules that score an indicator."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lark import Token, v_args
from lark.tree import Meta

from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.lower_parts import (
    _ARITHMETIC,
    _COMPARISONS,
    TOKENS,
    LoweringBase,
    LoweringError,
    _bound_round_places,
    _date,
    _Else,
    _else_word,
    _Label,
    _level_name,
    _level_quote,
    _money,
    _number,
    _percent,
    _quote_of,
    _span,
    _tspan,
    _unquote,
    _with_suffix,
)


@v_args(meta=True, inline=True)
class ExpressionLowering(LoweringBase):
    """The methods of the grammar's literal, expression and rule productions."""

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
        field = next((n.Name(ident=str(part), span=_tspan(part)) for part in rest if isinstance(part, TOKENS)), None)
        where = next((part for part in rest if not isinstance(part, TOKENS)), None)
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
        literal = share if isinstance(share, n.Literal) else _percent(share)
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
