"""Checklist items worth exact fractions (``10/3``): the checks on their points.

Three items of ``10/3`` sum to exactly 10: the sum of a checklist's items is checked with fractions, and
evaluated as one division at the end (forms/checklist.py).  A partial sum such as 20/3 has no finite decimal,
so a rubric that writes a ratio must declare the rounding of indicator scores (``rounding indicators 2``):
that is the precision every result shows and every total adds (E262).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.numbers import exact_points


def checklist_problems(
    rule: n.ChecklistRule, points: Decimal, rubric: n.Rubric, fmt: Callable[[Decimal], str]
) -> list[Diagnostic]:
    """E260 for a ratio that is not one, E210 when the items add up to more than the points (exactly), E262
    for ratios without a declared rounding of indicator scores."""
    problems: list[Diagnostic] = []
    ratios = [item.points for item in rule.items if isinstance(item.points, n.Ratio)]
    bad = [ratio for ratio in ratios if not _proper(ratio)]
    for ratio in bad:
        problems.append(
            messages.make(
                "E260",
                ratio.span,
                text=ratio.text,
                detail="both parts must be whole numbers and the denominator above zero",
                detail_zh="分子、分母须为整数，且分母大于零",
            )
        )
    if bad:
        return problems
    total = sum((exact_points(item.points) for item in rule.items), start=Fraction(0))
    if total > points:
        shown = fmt(Decimal(total.numerator)) if total.denominator == 1 else f"{total.numerator}/{total.denominator}"
        problems.append(messages.make("E210", rule.span, value=shown, points=fmt(points)))
    if ratios and not any(rounding.target == "indicators" for rounding in rubric.rounding):
        problems.append(messages.make("E262", ratios[0].span, text=ratios[0].text))
    return problems


def _proper(ratio: n.Ratio) -> bool:
    numerator, denominator = ratio.numerator.value, ratio.denominator.value
    whole = numerator == numerator.to_integral_value() and denominator == denominator.to_integral_value()
    return whole and denominator > 0
