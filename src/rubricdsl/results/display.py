"""How each kind of value is shown: exact short numbers, percents, amounts in 元 or 万元, yes/no."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n

_HUNDRED = Decimal(100)
_SIX_PLACES = Decimal("0.000001")
_TWO_PLACES = Decimal("0.01")
_DISPLAY = decimal.Context(prec=200)  # wide enough that shortening a value for display never fails
_WAN = Decimal(10000)


def number_text(value: Decimal) -> str:
    """Exact short text of a Decimal: 5, 0.375, 98.75; long expansions (1/3) are cut at 6 places with ≈."""
    text = format(value, "f")  # `format` is exact; no context rounding here
    if "." not in text:
        return text
    text = text.rstrip("0").rstrip(".")  # a whole number written with places (5.00) reads 5
    if len(text.partition(".")[2]) > 6:
        rounded = format(value.quantize(_SIX_PLACES, context=_DISPLAY), "f").rstrip("0").rstrip(".")
        return "≈" + rounded
    return text


def percent_text(share: Decimal) -> str:
    """A share as a percent, to two decimals when it has more: 0.93023… → ≈93.02%."""
    value = share * _HUNDRED
    exact = number_text(value)
    if exact.startswith("≈") or len(exact.partition(".")[2]) > 2:
        return "≈" + format(value.quantize(_TWO_PLACES, context=_DISPLAY), "f").rstrip("0").rstrip(".") + "%"
    return exact + "%"


def display_kinds(checked: CheckedRubric) -> dict[str, str]:
    """How each name's value reads: derived ratios compared with percent thresholds read as percents."""
    kinds = {name: found.kind for name, found in checked.types.items()}
    for name, decl in checked.facts.items():
        if decl.type.money_unit == "万元":
            kinds[name] = "money_wan"
    for info in checked.indicators:
        rule = info.node.rule
        if isinstance(rule, (n.ScoreRule, n.DeductRule)) and isinstance(rule.subject, n.Name):
            literals = _rule_literals(rule)
            all_percent = literals and all(lit.kind is n.LiteralKind.PERCENT for lit in literals)
            if all_percent and kinds.get(rule.subject.ident) == "number":
                kinds[rule.subject.ident] = "percent"
    return kinds


def _rule_literals(rule: n.ScoreRule | n.DeductRule) -> list[n.Literal]:
    if isinstance(rule, n.DeductRule):
        return [rule.threshold]
    found: list[n.Literal] = []
    for band in rule.bands:
        found.extend([band.test.threshold] if isinstance(band.test, n.Compare) else [band.test.low, band.test.high])
    return [lit for lit in found if lit.value != 0]


def show(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if kind == "percent":
            return percent_text(value)
        if kind == "money_wan":
            return number_text(value / _WAN) + "万元"
        if kind == "money":
            return number_text(value) + "元"
        return number_text(value)
    return str(value)
