"""The fast path's scoring rules: the source that scores one indicator (see :mod:`rubricdsl.evaluate.codegen`).

Each rule is emitted as the closure rule scores it (:mod:`rubricdsl.evaluate.rules`), in straight-line
statements: a score or when rule as the first band or branch that holds, a deduction step by step, a
checklist of up to 8 items as a precomputed table of every (sum, items satisfied), a proportional, levels,
judged or formula rule as its one expression.  The detail the explanation reads is recorded beside the score,
and the range test (E307) is left out where the checked rule cannot leave [0, points].  Anything the fast
path does not take raises ``_Fallback`` in the generated code, and the closure evaluator scores the fact set.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rubricdsl.evaluate.fastfacts import SourceWriter
from rubricdsl.evaluate.program import CONTEXT, IndicatorPlan, Program
from rubricdsl.evaluate.rules import NO_BAND, v1_outcome
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.numbers import approximate_points, exact_sum, scaled

COMPARE_SOURCE = {n.Op.GE: ">=", n.Op.GT: ">", n.Op.LE: "<=", n.Op.LT: "<", n.Op.EQ: "==", n.Op.NE: "!="}


class RuleEmitter:
    """The rule half of the generator: emits into ``out``, reading expressions through :meth:`expr`."""

    program: Program
    out: SourceWriter

    def expr(self, expr: n.Expr) -> str:
        """The source of an expression (the generator's)."""
        raise NotImplementedError

    def test(self, test: n.Compare | n.Interval, subject: str) -> str:
        if isinstance(test, n.Compare):
            return f"{subject} {COMPARE_SOURCE[test.op]} {self.out.constant(test.threshold.value)}"
        low, high = self.out.constant(test.low.value), self.out.constant(test.high.value)
        return f"{low} {'<=' if test.low_inclusive else '<'} {subject} {'<=' if test.high_inclusive else '<'} {high}"

    # ---- rules --------------------------------------------------------------------------------------------
    def indicator(self, plan: IndicatorPlan, target: str, detail: str) -> None:
        """Score one indicator into ``target`` and its detail (what the closure rule returns) into ``detail``."""
        emit, const = self.out.emit, self.out.constant
        rule = plan.info.node.rule
        points = const(plan.points)
        match rule:
            case n.ScoreRule():
                subject = self.out.temp()
                emit(2, f"{subject} = {self.expr(rule.subject)}")
                tests = [(self.test(band.test, subject), band.outcome) for band in rule.bands]
                self._first_match(tests, rule.otherwise, target, detail)
            case n.WhenRule():
                tests = [(self.expr(branch.condition), v1_outcome(branch.outcome)) for branch in rule.branches]
                otherwise = None if rule.otherwise is None else v1_outcome(rule.otherwise)
                self._first_match(tests, otherwise, target, detail)
            case n.DeductRule():
                self._deduct(rule, target, detail)
            case n.ChecklistRule() if len(rule.items) <= _CHECKLIST_TABLE_ITEMS:
                # Conditions are checked booleans, so nested tuples indexed by them hold every possible
                # (sum, items satisfied).
                table = _checklist_table([approximate_points(item.points) for item in rule.items])
                lookups = "".join(f"[{self.expr(item.condition)}]" for item in rule.items)
                emit(2, f"{target}, {detail} = {const(table)}{lookups}")
            case n.ChecklistRule():
                emit(2, f"{target} = _ZERO")
                emit(2, f"{detail} = []")
                for position, item in enumerate(rule.items):
                    emit(2, f"if {self.expr(item.condition)}:")
                    emit(3, f"{target} = {target} + {const(approximate_points(item.points))}")
                    emit(3, f"{detail}.append({position})")
                emit(2, f"{detail} = tuple({detail})")
            case n.ProportionalRule():
                got, wanted = self.out.temp(), self.out.temp()
                emit(2, f"{got} = {self.expr(rule.achieved)}")
                emit(2, f"{wanted} = {self.expr(rule.target)}")
                if rule.lower_is_better:
                    emit(2, f"{target} = _ONE if {got} <= 0 else {wanted} / {got}")
                else:
                    emit(2, f"if not {wanted}: raise _Fallback")
                    emit(2, f"{target} = {got} / {wanted}")
                emit(2, f"{detail} = _ONE if {target} > 1 else _ZERO if {target} < 0 else {target}")
                emit(2, f"{target} = {points} * {detail}")
            case n.LevelsRule():
                shares = {
                    share.level: scaled(plan.points, share.share.value)  # exact, as the closure rule has it
                    if share.share.kind is n.LiteralKind.PERCENT
                    else share.share.value
                    for share in rule.shares
                }
                emit(2, f"{detail} = {self.expr(rule.subject)}")
                emit(2, f"{target} = {const(shares)}[{detail}]")  # KeyError → fall back
            case n.JudgedRule():
                emit(2, f"{target} = {self.expr(rule.fact)}")
                emit(2, f"if not 0 <= {target} <= {points}: raise _Fallback")
            case n.FormulaRule():
                emit(2, f"{target} = {self.expr(rule.expr)}")
        if not _always_in_range(rule, plan.points):
            emit(2, f"if not _ZERO <= {target} <= {points}: raise _Fallback")  # E307
        rounding = self.program.indicator_rounding
        if rounding is not None:
            emit(2, f"_r{plan.index} = {target}")
            emit(2, f"{target} = {target}.quantize({const(rounding[0])}, rounding={const(rounding[1])})")

    def _first_match(self, tests: list[tuple[str, n.Expr]], otherwise: n.Expr | None, target: str, detail: str) -> None:
        """The first band or branch whose test holds, else ``otherwise``.

        One if/elif chain of thousands of branches makes Python's compiler recurse once per ``elif`` (a
        RecursionError at ~3,000 bands), so long chains are cut into chains of CHAIN_LINKS, each run only
        while nothing has matched: the same first match, at a constant nesting depth.
        """
        emit = self.out.emit
        else_value = self.expr(otherwise) if otherwise is not None else "_ZERO"
        else_index = len(tests) if otherwise is not None else NO_BAND
        if len(tests) <= CHAIN_LINKS:
            for position, (test, outcome) in enumerate(tests):
                emit(2, f"{'if' if position == 0 else 'elif'} {test}:")
                emit(3, f"{target} = {self.expr(outcome)}")
                emit(3, f"{detail} = {position}")
            emit(2, "else:")
            emit(3, f"{target} = {else_value}")
            emit(3, f"{detail} = {else_index}")
            return
        emit(2, f"{detail} = None")
        for start in range(0, len(tests), CHAIN_LINKS):
            emit(2, f"if {detail} is None:")
            for position in range(start, min(start + CHAIN_LINKS, len(tests))):
                test, outcome = tests[position]
                emit(3, f"{'if' if position == start else 'elif'} {test}:")
                emit(4, f"{target} = {self.expr(outcome)}")
                emit(4, f"{detail} = {position}")
        emit(2, f"if {detail} is None:")
        emit(3, f"{target} = {else_value}")
        emit(3, f"{detail} = {else_index}")

    def _deduct(self, rule: n.DeductRule, target: str, detail: str) -> None:
        emit, const = self.out.emit, self.out.constant
        value, distance, deduction = self.out.temp(), self.out.temp(), self.out.temp()
        threshold, base = const(rule.threshold.value), const(rule.base.value)
        emit(2, f"{value} = {self.expr(rule.subject)}")
        emit(2, f"{distance} = {value} - {threshold}" if rule.above else f"{distance} = {threshold} - {value}")
        emit(2, f"if {distance} <= 0:")
        emit(3, f"{target} = {base}")
        emit(3, f"{detail} = ({value}, _ZERO, _ZERO)")
        emit(2, "else:")
        step = const(rule.step.value) if rule.step is not None else "_ONE"
        emit(3, f"{distance} = {distance} / {step}")  # from here on: the units, as DeductDetail has them
        mode = rule.mode or n.StepMode.PRO_RATA
        if mode is n.StepMode.WHOLE_STEPS:
            emit(3, f"{distance} = {distance}.to_integral_value(rounding=_FLOOR)")
        elif mode is n.StepMode.STARTED_STEPS:
            emit(3, f"{distance} = {distance}.to_integral_value(rounding=_CEILING)")
        emit(3, f"{deduction} = {const(rule.rate.value)} * {distance}")
        if rule.cap is not None:
            cap = const(rule.cap.value)
            emit(3, f"if {deduction} > {cap}: {deduction} = {cap}")
        emit(3, f"{target} = {base} - {deduction}")
        emit(3, f"if not {target} > 0: {target} = _ZERO")
        emit(3, f"{detail} = ({value}, {distance}, {deduction})")


_CHECKLIST_TABLE_ITEMS = 8  # 256 precomputed sums at most
CHAIN_LINKS = 100  # branches of one if/elif chain, terms of one sum: far below the compiler's recursion limit


def _checklist_table(
    points: list[Decimal], total: Decimal = Decimal(0), position: int = 0, met: tuple[int, ...] = ()
) -> Any:
    """Nested pairs: table[c0][c1]… is (the sum the closure evaluator reaches, added in the same order, the
    indices of the items satisfied)."""
    if position == len(points):
        return (total, met)
    with decimal.localcontext(CONTEXT):
        added = total + points[position]
    return (
        _checklist_table(points, total, position + 1, met),
        _checklist_table(points, added, position + 1, (*met, position)),
    )


def has_detail(rule: n.Rule) -> bool:
    """Whether the closure rule returns a detail other than None."""
    return not isinstance(rule, (n.JudgedRule, n.FormulaRule))


def _always_in_range(rule: n.Rule, points: Decimal) -> bool:
    """True when the checked rule can only produce scores in [0, points]: the E307 test can be left out."""

    def within(value: Decimal) -> bool:
        return 0 <= value <= points

    def literal_outcomes(outcomes: Sequence[n.Outcome | None]) -> bool:
        return all(
            (outcome is None and within(Decimal(0))) or (isinstance(outcome, n.Literal) and within(outcome.value))
            for outcome in outcomes
        )

    match rule:
        case n.ScoreRule():
            return literal_outcomes([*(band.outcome for band in rule.bands), rule.otherwise])
        case n.WhenRule():
            return literal_outcomes([*(branch.outcome for branch in rule.branches), rule.otherwise])
        case n.ChecklistRule():
            values = [approximate_points(item.points) for item in rule.items]
            return all(value >= 0 for value in values) and exact_sum(values) <= points
        case n.DeductRule():
            # base − rate × units with units > 0, floored at 0: never above base when rate >= 0 and step > 0.
            step_positive = rule.step is None or rule.step.value > 0
            return within(rule.base.value) and rule.rate.value >= 0 and step_positive
        case n.LevelsRule():
            shares = [
                scaled(points, share.share.value) if share.share.kind is n.LiteralKind.PERCENT else share.share.value
                for share in rule.shares
            ]
            return all(within(share) for share in shares)
        case n.JudgedRule():
            return True  # E304 already bounds the value to [0, points]
        case _:
            return False
