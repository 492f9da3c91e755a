"""How each kind of value is shown: one display per kind, used everywhere a value is shown.

A value's kind comes from the checker's type table: a ``percent`` reads as a percent (``86.2%``), money in
the unit the rubric's money facts are declared in (``3000万元``, or ``500000元``), counts and plain numbers as
numbers.  :func:`show` is the one function that writes a value: given the values it is compared with (a
rule's thresholds, the other side of a comparison), it writes as many digits as it takes for the shown value
to sit on the same side of every one of them as the exact value does, so a rounded value never looks equal to,
or past, a bound it was compared with (``89.999%`` against ``90%`` is never ``≈90%``).
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.semantics.types import ExprTyper, Type
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.dates import day_text

_DISPLAY = decimal.Context(prec=400, rounding=decimal.ROUND_HALF_EVEN)  # exact for every value shown
# kind → (power of ten the shown number is scaled by, unit written after it, places shown before "≈")
_SCALES: Mapping[str, tuple[int, str, int]] = {
    "percent": (2, "%", 2),
    "money": (0, "元", 2),
    "money_wan": (-4, "万元", 6),
}
_PLAIN = (0, "", 6)
_MONEY_KINDS = {"元": "money", "万元": "money_wan"}


def show(value: Any, kind: str, bounds: Iterable[Decimal] = ()) -> str:
    """``value`` as a person reads it in its ``kind``, told apart from every value in ``bounds``.

    Exact when the exact text is short (``95%``, ``0.375``, ``12万元``); otherwise rounded with ``≈`` to the
    kind's places (2 for percents, 6 for numbers), and to more places while the rounded value would be equal
    to or on the other side of any of ``bounds`` (exact values in the same unit as ``value``).
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, tuple):  # a list fact's items: how many (the reason names the ones that decided)
        return f"{len(value)}项"
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        if kind == "date":
            return day_text(value)  # a day number is only ever shown as the day it is
        power, unit, places = _SCALES.get(kind, _PLAIN)
        shifted = value.scaleb(power, context=_DISPLAY) if power else value  # exact, whatever the context
        exact = _plain(shifted)
        if len(exact.partition(".")[2]) <= places:  # short: shown exactly, no bound can be crossed
            return exact + unit
        return _rounded(shifted, [bound.scaleb(power, context=_DISPLAY) for bound in bounds], places, exact) + unit
    return str(value)


def number_text(value: Decimal) -> str:
    """A plain number (a score, points, units): exact when short, else ``≈`` to 6 places."""
    return show(value, "number")


def percent_text(share: Decimal, bounds: Iterable[Decimal] = ()) -> str:
    """A share as a percent: 0.93023… → ≈93.02%."""
    return show(share, "percent", bounds)


def _rounded(value: Decimal, bounds: list[Decimal], places: int, exact: str) -> str:
    """``≈`` and the fewest places from ``places`` on that keep ``value`` on its side of every bound."""
    while True:
        rounded = value.quantize(Decimal(1).scaleb(-places), context=_DISPLAY)
        if rounded == value:
            return exact
        if all(_side(rounded, bound) == _side(value, bound) for bound in bounds):
            return "≈" + _plain(rounded)
        places += 1


def _side(value: Decimal, bound: Decimal) -> int:
    return (value > bound) - (value < bound)


def _plain(value: Decimal) -> str:
    """The exact decimal text without trailing zeros; ``format`` is exact (no context rounding)."""
    if value == 0:
        return "0"  # also -0 and 0E-7
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def display_kinds(checked: CheckedRubric) -> dict[str, str]:
    """How each fact and derived value reads: its checked type's kind; money in its facts' declared unit."""
    kinds = {name: found.kind for name, found in checked.types.items()}
    money_unit = rubric_money_unit(checked)
    for name, decl in checked.facts.items():
        if decl.type.kind is n.FactKind.MONEY:
            kinds[name] = _MONEY_KINDS[decl.type.money_unit or "元"]
    for name, let in checked.lets.items():
        if kinds.get(name) == "number" and _is_share(let.expr, checked.types):
            kinds[name] = "percent"
        elif kinds.get(name) == "money":
            units = {checked.facts[fact].type.money_unit or "元" for fact in checked.let_facts.get(name, ())}
            units &= set(_MONEY_KINDS)
            kinds[name] = _MONEY_KINDS[units.pop() if len(units) == 1 else money_unit]
    return kinds


def rubric_money_unit(checked: CheckedRubric) -> str:
    """万元 when every money fact of the rubric is declared in 万元, else 元."""
    units = {decl.type.money_unit or "元" for decl in checked.facts.values() if decl.type.kind is n.FactKind.MONEY}
    return "万元" if units == {"万元"} else "元"


def expression_kind(expr: n.Expr, checked: CheckedRubric, kinds: Mapping[str, str], money_unit: str) -> str:
    """The display kind of an expression that is not a name (a subject such as ``a / b`` or ``a - b``);
    money in ``money_unit`` (:func:`rubric_money_unit`)."""
    if isinstance(expr, n.Name):
        return kinds.get(expr.ident, "number")
    if isinstance(expr, n.Literal):
        return {n.LiteralKind.PERCENT: "percent", n.LiteralKind.MONEY: _MONEY_KINDS[money_unit]}.get(
            expr.kind, "number"
        )
    found = _typer(checked.types).type_of(expr).kind
    if found == "number" and _is_share(expr, checked.types):
        return "percent"
    if found == "money":
        return _MONEY_KINDS[money_unit]
    return found


def _is_share(expr: n.Expr, types: Mapping[str, Type]) -> bool:
    """A quotient of two amounts of the same kind (money ÷ money, count ÷ count) is a share.

    The checker types such a quotient ``percent`` (issue 9 §3); this reads the same rule for a checker that
    still types it ``number``, and has nothing left to do once it does not.
    """
    if not (isinstance(expr, n.Binary) and expr.op is n.Op.DIV):
        return False
    typer = _typer(types)
    left, right = typer.type_of(expr.left).kind, typer.type_of(expr.right).kind
    return left == right and left in ("money", "count")


def _typer(types: Mapping[str, Type]) -> ExprTyper:
    """An expression typer over the checked types; the rubric is already checked, so it reports nothing."""
    return ExprTyper(lambda name: types.get(name.ident), list, lambda diagnostic: None)
