"""Values and conditions as true sentences about the exact values of one evaluation.

A condition is never printed as written (``surplus <= carried_last``): it is stated with the labels and the
values compared (``结余资金 12万元 ≤ 上年结转 15万元``), and a condition that did not hold is stated as what did
hold instead (``结余资金 18万元 > 上年结转 15万元``).  ``and``/``or``/``not`` are resolved on the values the way
the evaluator resolves them, so a statement is always a conjunction of comparisons that each hold.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import cached_property
from typing import Any, cast

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.expressions import ExprCompiler
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.results.display import expression_kind, rubric_money_unit, show
from rubricdsl.results.lists import ListExplainer, has_aggregate
from rubricdsl.semantics.check import CheckedRubric, free_names
from rubricdsl.syntax import nodes as n

Env = Mapping[str, Any]
_SYMBOL = {n.Op.GE: "≥", n.Op.GT: ">", n.Op.LE: "≤", n.Op.LT: "<", n.Op.EQ: "=", n.Op.NE: "≠"}
_NEGATION = {n.Op.GE: n.Op.LT, n.Op.GT: n.Op.LE, n.Op.LE: n.Op.GT, n.Op.LT: n.Op.GE, n.Op.EQ: n.Op.NE, n.Op.NE: n.Op.EQ}
_TWO = Decimal(2)
_MIDPOINT = decimal.Context(prec=400)


class Statements:
    """Prepares, per expression, how its value and its truth are stated."""

    def __init__(
        self,
        checked: CheckedRubric,
        labels: Mapping[str, str],
        kinds: Mapping[str, str],
        name_bounds: Mapping[str, tuple[Decimal, ...]],
    ) -> None:
        self.checked = checked
        self.name_bounds = name_bounds  # every threshold each name is compared with anywhere in the rubric
        self.source = checked.source
        self.labels = labels
        self.kinds = kinds
        self._exprs = ExprCompiler(checked.source, frozenset(checked.facts))
        self._money_unit = rubric_money_unit(checked)

    def text(self, expr: n.Expr) -> str:
        return " ".join(self.source.snippet(expr.span).split())

    @cached_property
    def lists(self) -> ListExplainer:
        return ListExplainer(self.checked)

    def kind(self, expr: n.Expr) -> str:
        return expression_kind(expr, self.checked, self.kinds, self._money_unit)

    def evaluator(self, expr: n.Expr) -> Callable[[Env], Any]:
        """The value of ``expr`` on recorded values, computed as the evaluator computed it (its context)."""
        if isinstance(expr, n.Name):
            ident = expr.ident
            return lambda env: env.get(ident)
        if isinstance(expr, n.Literal):
            fixed = expr.value
            return lambda env: fixed
        if has_aggregate(expr):  # an aggregate over a list: the IR's closures compute it
            return self.lists.evaluator(expr)
        compiled = self._exprs.compile(expr)

        def value(env: Env) -> Any:
            with decimal.localcontext(CONTEXT):
                return compiled(cast("dict[str, Any]", env))  # the closures only read it

        return value

    def value(self, expr: n.Expr, bounds: tuple[Decimal, ...] = ()) -> Callable[[Env], Text]:
        """``标签 = 值``: a name by its label in both languages (as every table shows it), an expression as
        written, with its value."""
        written, kind, of = self.text(expr), self.kind(expr), self.evaluator(expr)
        label = written
        if isinstance(expr, n.Name):
            label = self.labels.get(expr.ident, written)
            bounds = (*bounds, *self.name_bounds.get(expr.ident, ()))

        def stated(env: Env) -> Text:
            shown = show(of(env), kind, bounds)
            if isinstance(expr, n.Literal):  # a literal is its value: `95%`, not `95% = 95%`
                return Text(shown, shown)
            return Text(f"{label} = {shown}", f"{label} = {shown}")

        return stated

    def condition(self, expr: n.Expr) -> Callable[[Env, bool], Text]:
        """``(values, held) → what held``: the condition when it held, what held instead when it did not."""
        parts = self._statement(expr)

        def stated(env: Env, held: bool) -> Text:
            found = parts(env, held)
            return Text(" and ".join(part.en for part in found), "，且".join(part.zh for part in found))

        return stated

    def _statement(self, expr: n.Expr) -> Callable[[Env, bool], list[Text]]:
        match expr:
            case n.Not():
                inner = self._statement(expr.operand)
                return lambda env, held: inner(env, not held)
            case n.Binary() if expr.op in n.LOGICAL:
                return self._logical(expr)
            case n.Binary() if expr.op in n.COMPARISON:
                return self._comparison(expr)
            case _:
                # A yes/no value: its value says whether it held.
                value = self.value(expr)
                return lambda env, held: [value(env)]

    def _logical(self, expr: n.Binary) -> Callable[[Env, bool], list[Text]]:
        left, right = self._statement(expr.left), self._statement(expr.right)
        left_value = self.evaluator(expr.left)
        conjunction = expr.op is n.Op.AND

        def stated(env: Env, held: bool) -> list[Text]:
            if held == conjunction:  # `a and b` held, or `a or b` failed: both sides say so
                return [*left(env, held), *right(env, held)]
            # `a and b` failed on its first false side; `a or b` held on its first true side
            if bool(left_value(env)) == held:
                return left(env, held)
            return right(env, held)

        return stated

    def _comparison(self, expr: n.Binary) -> Callable[[Env, bool], list[Text]]:
        left_of, right_of = self.evaluator(expr.left), self.evaluator(expr.right)
        left_side, right_side = self._side(expr.left), self._side(expr.right)
        left_kind, right_kind = self.kind(expr.left), self.kind(expr.right)
        op = expr.op
        left_fixed, right_fixed = isinstance(expr.left, n.Literal), isinstance(expr.right, n.Literal)
        left_static, right_static = self._static_bounds(expr.left), self._static_bounds(expr.right)

        def stated(env: Env, held: bool) -> list[Text]:
            left, right = left_of(env), right_of(env)
            left_bounds, right_bounds = _apart(left, right, left_fixed, right_fixed)
            left_bounds, right_bounds = (*left_bounds, *left_static), (*right_bounds, *right_static)
            shown_left = left_side(show(left, left_kind, left_bounds))
            shown_right = right_side(show(right, right_kind, right_bounds))
            symbol = _SYMBOL[op if held else _NEGATION[op]]
            return [Text(f"{shown_left.en} {symbol} {shown_right.en}", f"{shown_left.zh} {symbol} {shown_right.zh}")]

        return stated

    def _static_bounds(self, expr: n.Expr) -> tuple[Decimal, ...]:
        return self.name_bounds.get(expr.ident, ()) if isinstance(expr, n.Name) else ()

    def _side(self, expr: n.Expr) -> Callable[[str], Text]:
        """How one side of a comparison reads around its shown value."""
        written = self.text(expr)
        if isinstance(expr, (n.Literal, n.StringLit, n.BoolLit)):
            fixed = Text(written, written)
            return lambda shown: fixed  # a literal reads as the author wrote it
        if isinstance(expr, n.Name):
            label = self.labels.get(expr.ident, written)
            return lambda shown: Text(f"{label} {shown}", f"{label} {shown}")
        return lambda shown: Text(f"({written} = {shown})", f"（{written} = {shown}）")


def _apart(
    left: Any, right: Any, left_fixed: bool, right_fixed: bool
) -> tuple[tuple[Decimal, ...], tuple[Decimal, ...]]:
    """The bounds each side is shown against: the other side's exact value; when both sides are shown rounded,
    also the midpoint between them, so two rounded values never read equal or swapped."""
    if not (isinstance(left, Decimal) and isinstance(right, Decimal)):
        return (), ()
    if left_fixed or right_fixed or left == right or not (left.is_finite() and right.is_finite()):
        return (right,), (left,)
    middle = _MIDPOINT.divide(_MIDPOINT.add(left, right), _TWO)
    return (right, middle), (left, middle)


def compared_with(rule: n.Rule) -> dict[str, tuple[tuple[Decimal, ...], tuple[str, ...]]]:
    """name → (thresholds, other names) it is compared with in ``rule``: what its shown value must be told
    apart from wherever it is shown for this indicator."""
    bounds: dict[str, list[Decimal]] = {}
    others: dict[str, list[str]] = {}
    conditions: list[n.Expr] = []
    match rule:
        case n.ScoreRule(subject=n.Name(ident=ident)):
            for band in rule.bands:
                test = band.test
                found = [test.threshold] if isinstance(test, n.Compare) else [test.low, test.high]
                bounds.setdefault(ident, []).extend(literal.value for literal in found)
        case n.DeductRule(subject=n.Name(ident=ident)):
            bounds.setdefault(ident, []).append(rule.threshold.value)
        case n.WhenRule():
            conditions = [branch.condition for branch in rule.branches]
        case n.ChecklistRule():
            conditions = [item.condition for item in rule.items]
    stack = conditions
    while stack:
        expr = stack.pop()
        if isinstance(expr, n.Not):
            stack.append(expr.operand)
        elif isinstance(expr, n.Binary) and expr.op in n.LOGICAL:
            stack += [expr.left, expr.right]
        elif isinstance(expr, n.Binary) and expr.op in n.COMPARISON:
            for one, other in ((expr.left, expr.right), (expr.right, expr.left)):
                if isinstance(one, n.Name) and isinstance(other, n.Literal):
                    bounds.setdefault(one.ident, []).append(other.value)
                elif isinstance(one, n.Name) and isinstance(other, n.Name):
                    others.setdefault(one.ident, []).append(other.ident)
    return {
        name: (tuple(dict.fromkeys(bounds.get(name, ()))), tuple(dict.fromkeys(others.get(name, ()))))
        for name in {*bounds, *others}
    }


def lets_read(checked: CheckedRubric) -> dict[str, frozenset[str]]:
    """Derived value → every derived value it reads, transitively."""
    found: dict[str, frozenset[str]] = {}
    for let in checked.rubric.lets:
        direct = {name for name in free_names(let.expr) if name in checked.lets and name != let.name}
        found[let.name] = frozenset(direct.union(*(found.get(name, frozenset()) for name in direct)))
    return found


def rubric_bounds(
    compared: Iterable[Mapping[str, tuple[tuple[Decimal, ...], tuple[str, ...]]]],
) -> dict[str, tuple[Decimal, ...]]:
    """name → every threshold it is compared with anywhere in the rubric (``compared``: each rule's
    :func:`compared_with`), so a value reads the same in every row and is told apart from all of them."""
    found: dict[str, dict[Decimal, None]] = {}
    for rule in compared:
        for name, (bounds, _others) in rule.items():
            found.setdefault(name, {}).update(dict.fromkeys(bounds))
    return {name: tuple(bounds) for name, bounds in found.items()}
