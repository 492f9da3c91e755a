"""Whether an assertion can hold, given the facts' declared bounds: the interval analysis over the IR
(:mod:`rubricdsl.ir.ranges`) applied to ``left − right`` (the tolerance included), compared with 0.

Sound in both directions: "never holds" means no facts within their bounds satisfy it, "always holds" that all
do.  The analysis treats the two sides as independent, so ``a == a`` is undecided (never a false claim).
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from rubricdsl.ir import nodes as ir
from rubricdsl.ir.lower import lower_program
from rubricdsl.ir.ranges import RangeAnalysis
from rubricdsl.lint.intervals import Interval
from rubricdsl.results.display import display_kinds, expression_kind, rubric_money_unit, show
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n


@dataclass(frozen=True, slots=True)
class Decided:
    assertion: n.Assertion
    holds: bool  # True: holds for every fact set within the bounds; False: for none
    left: str  # each side's values, in its unit: [100万元, +∞)
    right: str


def decided_assertions(checked: CheckedRubric) -> list[Decided]:
    if not checked.rubric.assertions:
        return []
    program = lower_program(checked)
    analysis = RangeAnalysis(program)
    kinds = display_kinds(checked)
    unit = rubric_money_unit(checked)
    found: list[Decided] = []
    for node, item in zip(program.assertions, checked.rubric.assertions, strict=True):
        verdict, left, right = analysis.assertion(node)
        if verdict is None or left is None or right is None:
            continue
        left_kind = expression_kind(item.left, checked, kinds, unit)
        right_kind = expression_kind(item.right, checked, kinds, unit)
        found.append(Decided(item, verdict, interval_text(left, left_kind), interval_text(right, right_kind)))
    return found


def interval_text(values: Interval, kind: str) -> str:
    """``[100万元, +∞)``, ``{100%}``: an interval's ends shown as values of ``kind`` are."""

    def end(value: Fraction | None, infinite: str) -> str:
        if value is None:
            return infinite
        with decimal.localcontext(decimal.Context(prec=60)):
            return show(Decimal(value.numerator) / Decimal(value.denominator), kind)

    if values.lo is not None and values.lo == values.hi:
        return "{" + end(values.lo, "") + "}"
    low = ("[" if values.lo_closed else "(") + end(values.lo, "-∞")
    high = end(values.hi, "+∞") + ("]" if values.hi_closed else ")")
    return f"{low}, {high}"


def _against_zero(holds: ir.Expr) -> ir.Expr:
    """``x op y`` as ``x − y op 0``, which the analysis decides exactly against the threshold 0."""
    if isinstance(holds, ir.Cmp) and not isinstance(holds.right, ir.Const):
        difference = ir.Arith(op=ir.ArithOp.SUB, left=holds.left, right=holds.right)
        return ir.Cmp(op=holds.op, left=difference, right=ir.Const(value=Decimal(0)))
    return holds
