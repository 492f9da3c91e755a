"""Value types of the language and the typing of expressions.

Types are few and concrete: yes/no, an enum's levels, a level name written as a string, and four numeric
kinds.  Numeric kinds matter for units: money only meets money (元 and 万元 are already one unit after
lowering), and a percent is a share that must not be compared with a count.

A *share* is a value of kind ``percent``: a percent fact, a percent literal, or a quotient of two amounts of
the same kind (money ÷ money, count ÷ count, percent ÷ percent is a plain ratio).  Shares are exact
fractions (90% is 0.9), so comparing one with a bare number above 1 (``>= 90``) or a money value with a
bare non-zero number (``>= 432000``) is always a slip, reported with the corrected literal as the hint.
A plain ``number ÷ number`` stays a number: a number carries no unit, so its quotient says nothing about
scale.  A ``let`` that is not a share although it divides like one says so with ``: number``.

:class:`ExprTyper` types an expression; a function call is typed in :mod:`rubricdsl.semantics.calls`, and
whether two sides can be compared is decided in :mod:`rubricdsl.semantics.comparisons`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.diagnostics.suggest import did_you_mean
from rubricdsl.reading.source import Span
from rubricdsl.syntax import nodes as n


class HasSpan(Protocol):
    @property
    def span(self) -> Span: ...


@dataclass(frozen=True, slots=True)
class Type:
    kind: str  # bool | enum | string | text | list | number | percent | count | money | date | error
    levels: tuple[str, ...] = ()
    fields: tuple[tuple[str, Type], ...] = ()  # a list's item fields (semantics/lists.py)

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def describe(self) -> tuple[str, str]:
        return _DESCRIPTIONS.get(self.kind, (self.kind, self.kind))


NUMERIC_KINDS = frozenset({"number", "percent", "count", "money"})
BOOL = Type("bool")
NUMBER = Type("number")
PERCENT = Type("percent")
COUNT = Type("count")
MONEY = Type("money")
STRING = Type("string")
DATE = Type("date")  # a calendar day (carried as its day number, syntax/dates.py); never arithmetic
ERROR = Type("error")  # already reported; suppresses follow-on errors

_DESCRIPTIONS = {
    "bool": ("a yes/no value", "是/否值"),
    "enum": ("a level", "等级"),
    "string": ("a quoted level name", "等级名称"),
    "number": ("a number", "数值"),
    "percent": ("a percent", "百分数"),
    "count": ("a count", "计数"),
    "money": ("an amount of money", "金额"),
    "text": ("text", "文本"),
    "list": ("a list", "列表"),
    "date": ("a date", "日期"),
}

# Each function's (fewest, most) arguments; None: no upper limit.
FUNCTIONS: Mapping[str, tuple[int, int | None]] = {
    "min": (2, None),
    "max": (2, None),
    "round": (1, 2),
    "abs": (1, 1),
    "floor": (1, 1),
    "ceil": (1, 1),
    "clamp": (3, 3),
    "count": (1, None),
    "days_between": (2, 2),
    "working_days_between": (2, 2),
}
# Functions of two dates: the days from the first to the second (semantics in ir/calendar.py), a count.
DATE_FUNCTIONS = frozenset({"days_between", "working_days_between"})


LITERAL_TYPES = {
    n.LiteralKind.NUMBER: NUMBER,
    n.LiteralKind.PERCENT: PERCENT,
    n.LiteralKind.MONEY: MONEY,
    n.LiteralKind.DATE: DATE,
}


def fact_type(decl: n.FactDecl) -> Type:
    kind = decl.type.kind
    if kind is n.FactKind.ENUM:
        return Type("enum", decl.type.levels)
    if kind is n.FactKind.LIST:
        from rubricdsl.semantics.lists import list_type

        return list_type(decl.type)
    return Type(kind.value)


def is_zero_literal(expr: n.Expr) -> bool:
    return isinstance(expr, n.Literal) and expr.value == 0


class ExprTyper:
    """Infers expression types against a scope, reporting every problem through ``report``."""

    def __init__(
        self,
        scope: Callable[[n.Name], Type | None],
        names: Callable[[], list[str]],
        report: Callable[[Diagnostic], None],
        money_unit: Callable[[str], str | None] = lambda name: None,
    ) -> None:
        self._scope = scope
        self._names = names
        self._report = report
        self._money_unit = money_unit  # the unit a money name is written in (万元 or 元), for hints
        self.fields: Mapping[str, Type] = {}  # inside `where`: the item's fields (semantics/lists.py)

    def type_of(self, expr: n.Expr) -> Type:
        match expr:
            case n.Literal():
                return LITERAL_TYPES[expr.kind]
            case n.StringLit():
                return STRING
            case n.BoolLit():
                return BOOL
            case n.Name():
                found = self._scope(expr)
                if found is None:
                    suggestion = did_you_mean(expr.ident, self._names())
                    self._report(
                        messages.make(
                            "E201", expr.span, name=expr.ident, suggestion=suggestion, hint=suggestion is not None
                        )
                    )
                    return ERROR
                return found
            case n.Negate():
                operand = self.type_of(expr.operand)
                return operand if self._need_numeric(operand, expr.operand) else ERROR
            case n.Not():
                self.condition(expr.operand)
                return BOOL
            case n.Binary() if expr.op in n.LOGICAL:
                self.condition(expr.left)
                self.condition(expr.right)
                return BOOL
            case n.Binary() if expr.op in n.COMPARISON:
                self.comparable(self.type_of(expr.left), expr.left, self.type_of(expr.right), expr.right, expr.op)
                return BOOL
            case n.Binary():
                if expr.op is n.Op.DIV and isinstance(expr.right, n.Literal) and expr.right.value == 0:
                    self._report(messages.make("E216", expr.right.span))
                return self._arithmetic(expr)
            case n.Call():
                return self.call(expr)
            case n.Aggregate():
                from rubricdsl.semantics.lists import aggregate_type

                return aggregate_type(self, expr)

    def within(self, fields: Mapping[str, Type]) -> ExprTyper:
        """A typer for a ``where`` condition: a list item's fields in scope by name, before everything else."""

        def scope(name: n.Name) -> Type | None:
            found = fields.get(name.ident)
            return found if found is not None else self._scope(name)

        inner = ExprTyper(scope, lambda: [*fields, *self._names()], self._report, self._money_unit)
        inner.fields = fields
        return inner

    def report(self, diagnostic: Diagnostic) -> None:
        self._report(diagnostic)

    def call(self, expr: n.Call) -> Type:
        """The type of a function call (semantics/calls.py; a list function given something that is no list
        reads as one)."""
        from rubricdsl.semantics.calls import call_type

        return call_type(self, expr)

    def condition(self, expr: n.Expr) -> None:
        found = self.type_of(expr)
        if found.kind not in ("bool", "error"):
            en, zh = found.describe()
            self._report(messages.make("E204", expr.span, found=en, found_zh=zh))

    def numeric(self, expr: n.Expr) -> Type:
        found = self.type_of(expr)
        return found if self._need_numeric(found, expr) else ERROR

    def _need_numeric(self, found: Type, expr: n.Expr) -> bool:
        if found.numeric:
            return True
        if found.kind != "error":
            en, zh = found.describe()
            self._report(
                messages.make(
                    "E203", expr.span, detail=f"expected a number, found {en}", detail_zh=f"此处应为数值，实际为{zh}"
                )
            )
        return False

    def _arithmetic(self, expr: n.Binary) -> Type:
        left, right = self.type_of(expr.left), self.type_of(expr.right)
        if DATE in (left, right):
            what = {n.Op.ADD: ("added to anything", "相加"), n.Op.SUB: ("subtracted", "相减")}.get(
                expr.op, ("multiplied or divided", "相乘或相除")
            )
            self._report(messages.make("E271", expr.span, what=what[0], what_zh=what[1]))
            return ERROR
        left = left if self._need_numeric(left, expr.left) else ERROR
        right = right if self._need_numeric(right, expr.right) else ERROR
        if ERROR in (left, right):
            return ERROR
        money = (left.kind == "money", right.kind == "money")
        op = expr.op
        if op in (n.Op.ADD, n.Op.SUB):
            if money[0] != money[1]:
                return self.unit_error(expr, "adds money to a number", "将金额与非金额数值相加减")
            return left if left == right else NUMBER
        if op is n.Op.MUL:
            if all(money):
                return self.unit_error(expr, "multiplies money by money", "金额与金额相乘")
            return MONEY if any(money) else NUMBER
        if money == (True, True) or (left.kind == right.kind == "count"):
            return PERCENT  # a quotient of two amounts of one kind is a share (执行率 = 执行数 / 预算数)
        if money == (False, True):
            return self.unit_error(expr, "divides a number by money", "用数值除以金额")
        return MONEY if money[0] else NUMBER

    def unit_error(self, expr: n.Expr, en: str, zh: str) -> Type:
        """Report E215 (units that do not meet) over ``expr``; the failed expression's type, ERROR."""
        self._report(messages.make("E215", expr.span, detail=f"this expression {en}", detail_zh=f"该表达式{zh}"))
        return ERROR

    def money_unit(self, name: str) -> str | None:
        """The unit a money name is written in (万元 or 元), for hints; None when unknown."""
        return self._money_unit(name)

    def comparable(
        self, left: Type, left_expr: HasSpan, right: Type, right_expr: HasSpan, op: n.Op, at: Span | None = None
    ) -> None:
        """Report when two sides cannot be compared, at ``at`` or else over both sides (semantics/comparisons.py)."""
        from rubricdsl.semantics.comparisons import compare

        compare(self, left, left_expr, right, right_expr, op, at)
