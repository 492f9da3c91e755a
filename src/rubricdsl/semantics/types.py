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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
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
                return self._call(expr)
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
        """The type of a function call (a list function given something that is no list reads as one)."""
        return self._call(expr)

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
                return self._unit_error(expr, "adds money to a number", "将金额与非金额数值相加减")
            return left if left == right else NUMBER
        if op is n.Op.MUL:
            if all(money):
                return self._unit_error(expr, "multiplies money by money", "金额与金额相乘")
            return MONEY if any(money) else NUMBER
        if money == (True, True) or (left.kind == right.kind == "count"):
            return PERCENT  # a quotient of two amounts of one kind is a share (执行率 = 执行数 / 预算数)
        if money == (False, True):
            return self._unit_error(expr, "divides a number by money", "用数值除以金额")
        return MONEY if money[0] else NUMBER

    def _unit_error(self, expr: n.Expr, en: str, zh: str) -> Type:
        self._report(messages.make("E215", expr.span, detail=f"this expression {en}", detail_zh=f"该表达式{zh}"))
        return ERROR

    def comparable(
        self, left: Type, left_expr: HasSpan, right: Type, right_expr: HasSpan, op: n.Op, at: Span | None = None
    ) -> None:
        """Report when two sides cannot be compared, at ``at`` or else over both sides."""
        if "error" in (left.kind, right.kind):
            return
        span = at or left_expr.span.cover(right_expr.span)
        if left.numeric and right.numeric:
            if self._bare_number_slip(left, left_expr, right, right_expr, at):
                return
            kinds = {left.kind, right.kind}
            zero_side = any(isinstance(side, n.Literal) and side.value == 0 for side in (left_expr, right_expr))
            if "money" in kinds and len(kinds) > 1 and not zero_side:
                self._report(
                    messages.make(
                        "E215",
                        span,
                        detail="money is compared with a value that is not money",
                        detail_zh="金额与非金额数值进行比较",
                    )
                )
            elif kinds == {"percent", "count"}:
                self._report(
                    messages.make(
                        "E203",
                        span,
                        detail="a percent is compared with a count",
                        detail_zh="百分数与计数进行比较",
                        help="a count is compared with a plain number (`>= 12`); if the fact is a share, declare it `percent`",
                        help_zh="计数应与普通数字比较（如 `>= 12`）；如果这个事实是比率，请把它声明为 `percent`",
                    )
                )
            return
        if "text" in (left.kind, right.kind):
            from rubricdsl.semantics.lists import compare_text

            compare_text(self._report, left, right, op, span)
            return
        if {left.kind, right.kind} <= {"enum", "string"}:
            if op not in (n.Op.EQ, n.Op.NE):
                self._report(
                    messages.make(
                        "E203",
                        span,
                        detail="levels can only be compared with == or !=",
                        detail_zh="等级只能用 == 或 != 比较",
                    )
                )
                return
            enum_type = left if left.kind == "enum" else right
            other, subject = (right_expr, left_expr) if left.kind == "enum" else (left_expr, right_expr)
            if enum_type.kind == "enum" and isinstance(other, n.StringLit) and other.value not in enum_type.levels:
                name = subject.ident if isinstance(subject, n.Name) else "…"
                self._report(
                    messages.make("E209", other.span, level=other.value, name=name, levels="、".join(enum_type.levels))
                )
            return
        if left.kind == right.kind == "bool" and op in (n.Op.EQ, n.Op.NE):
            return
        if left.kind == right.kind == "date":
            return  # days compare by the calendar: earlier is less
        en_l, zh_l = left.describe()
        en_r, zh_r = right.describe()
        self._report(
            messages.make(
                "E203", span, detail=f"cannot compare {en_l} with {en_r}", detail_zh=f"无法比较{zh_l}与{zh_r}"
            )
        )

    def _bare_number_slip(
        self, left: Type, left_expr: HasSpan, right: Type, right_expr: HasSpan, at: Span | None
    ) -> bool:
        """Report a share compared with a bare number above 1, or money with a bare non-zero number."""
        for kind, subject, other in ((left, left_expr, right_expr), (right, right_expr, left_expr)):
            if not (isinstance(other, n.Literal) and other.kind is n.LiteralKind.NUMBER):
                continue
            where = at or other.span
            en, zh = _shown(subject)
            if kind.kind == "percent" and abs(other.value) > 1:
                fixed = fixed_zh = f"{other.text}%"
                if abs(other.value) < 10:  # `>= 1.5` may mean 1.5% or 150%: offer both
                    times = format((other.value * 100).normalize(), "f")
                    fixed, fixed_zh = f"{fixed}` or `{times}%", f"{fixed}` 或 `{times}%"
                self._report(
                    messages.make("E230", where, what=en, what_zh=zh, text=other.text, fixed=fixed, fixed_zh=fixed_zh)
                )
                return True
            if kind.kind == "money" and other.value != 0:
                unit = next((u for u in map(self._money_unit, _names_in(subject)) if u is not None), "元")
                fixed = f"{other.text}{unit}"
                self._report(messages.make("E231", where, what=en, what_zh=zh, text=other.text, fixed=fixed))
                return True
        return False

    def _call(self, expr: n.Call) -> Type:
        if expr.function == "given":
            from rubricdsl.semantics.lists import given_type

            return given_type(self, expr)
        if expr.function not in FUNCTIONS:
            self._report(messages.make("E206", expr.span, name=expr.function))
            for arg in expr.args:
                self.type_of(arg)
            return ERROR
        low, high = FUNCTIONS[expr.function]
        count = len(expr.args)
        if count < low or (high is not None and count > high):
            expected = str(low) if high == low else (f"{low}+" if high is None else f"{low}-{high}")
            self._report(messages.make("E207", expr.span, name=expr.function, expected=expected, actual=count))
            return ERROR
        if expr.function == "count":
            return self._count(expr)
        if expr.function in DATE_FUNCTIONS:
            return self._date_call(expr)
        types = [self.numeric(arg) for arg in expr.args]
        if ERROR in types:
            return ERROR
        if expr.function == "clamp":
            return self._clamp(expr, types)
        if expr.function in ("floor", "ceil"):
            return types[0]  # a whole number of the operand's kind: floor(95%) is 0%, floor(12.5万元) whole 元
        if expr.function == "round":
            if count == 2 and not (
                isinstance(expr.args[1], n.Literal)
                and expr.args[1].value == int(expr.args[1].value)
                and expr.args[1].kind is n.LiteralKind.NUMBER
            ):
                self._report(
                    messages.make(
                        "E203",
                        expr.args[1].span,
                        detail="round takes a whole number of places",
                        detail_zh="round 的小数位数必须是整数",
                    )
                )
            return types[0]
        if expr.function == "abs":
            return types[0]
        if len({t.kind == "money" for t in types}) > 1:
            return self._unit_error(
                expr, f"mixes money and numbers in {expr.function}", f"在 {expr.function} 中混用金额与数值"
            )
        return types[0] if len(set(types)) == 1 else NUMBER

    def _clamp(self, expr: n.Call, types: list[Type]) -> Type:
        """``clamp(x, lo, hi)`` is ``x`` held to [lo, hi]: the bounds are compared with ``x`` (so a bound of
        another kind is the comparison's own error), and the result is of ``x``'s kind."""
        value, low, high = expr.args
        self.comparable(types[0], value, types[1], low, n.Op.GE, at=low.span)
        self.comparable(types[0], value, types[2], high, n.Op.LE, at=high.span)
        lowest, highest = _constant(low), _constant(high)
        if lowest is not None and highest is not None and lowest > highest:
            self._report(messages.make("E221", low.span.cover(high.span), low=_text(low), high=_text(high)))
        return types[0]

    def _count(self, expr: n.Call) -> Type:
        """``count(…)``: how many of its arguments are true.  Typed by argument kind, so a kind that can be
        counted another way (a list fact, with a filter) adds its own case here; today only yes/no values."""
        for arg in expr.args:
            found = self.type_of(arg)
            if found.kind in ("bool", "error"):
                continue
            en, zh = found.describe()
            self._report(messages.make("E220", arg.span, found=en, found_zh=zh))
        return COUNT

    def _date_call(self, expr: n.Call) -> Type:
        """``days_between(a, b)`` and ``working_days_between(a, b)``: two dates in, a count of days out."""
        failed = False
        for position, arg in enumerate(expr.args, start=1):
            found = self.type_of(arg)
            if found.kind not in ("date", "error"):
                en, zh = found.describe()
                self._report(
                    messages.make("E272", arg.span, name=expr.function, position=position, found=en, found_zh=zh)
                )
            failed = failed or found.kind != "date"
        return ERROR if failed else COUNT


def _constant(expr: n.Expr) -> Decimal | None:
    """The value of a literal or a negated literal (a bound written `-5`), else None."""
    if isinstance(expr, n.Literal):
        return expr.value
    if isinstance(expr, n.Negate) and isinstance(expr.operand, n.Literal):
        return -expr.operand.value
    return None


def _text(expr: n.Expr) -> str:
    """A bound as written (only literals and negated literals are shown)."""
    if isinstance(expr, n.Negate) and isinstance(expr.operand, n.Literal):
        return f"-{expr.operand.text}"
    return expr.text if isinstance(expr, n.Literal) else "…"


def _names_in(subject: HasSpan) -> list[str]:
    """Names an expression reads, left to right (a declaration's type node reads none)."""
    found: list[str] = []
    stack: list[object] = [subject]
    while stack:
        item = stack.pop()
        match item:
            case n.Name():
                found.append(item.ident)
            case n.Binary():
                stack.extend((item.right, item.left))
            case n.Negate() | n.Not():
                stack.append(item.operand)
            case n.Call():
                stack.extend(reversed(item.args))
            case n.Aggregate():
                stack.append(item.items)
            case _:
                pass
    return found


def _shown(subject: HasSpan) -> tuple[str, str]:
    """How a message names the compared value: its name when it is one, else a generic word."""
    if isinstance(subject, n.Name):
        return f"`{subject.ident}`", f"`{subject.ident}` "
    return "this value", "该值"
