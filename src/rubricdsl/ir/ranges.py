"""An interval analysis over the IR: the set of values every derived value and indicator score can take.

The third back end over the IR, and the linter's migration target (:mod:`rubricdsl.lint.ranges` does the same
per rule form).  It is an abstract interpretation, one case per node, with the exact arithmetic of
:mod:`rubricdsl.lint.intervals`.  A :class:`~rubricdsl.ir.nodes.Select` narrows a bound subject by each arm's
test when the test is a band (``Var op Const`` or ``Const ≤ Var < Const``): the values that reach an arm are
those its test accepts, less those an earlier arm took.  That is what gives each band its reach, and what
turns ``distance <= 0`` into "deducted only when beyond the threshold".  Other conditions are decided
three-valued (true, false, unknown) from the intervals, which is sound but less sharp than the linter's
enumeration of yes/no and enum facts; that precision moves here when the linter does.

Sections and the total (penalties, bonuses, moved points, vetoes, the rescale) and the grades the total can
reach (grade caps included) follow from the indicators' scores in :mod:`rubricdsl.ir.section_ranges`.

Soundness (every value the interpreter computes lies in its interval) is tested on the differential corpus;
agreement with the linter's per-form analysis is tested form by form (tests/ir/test_ranges.py).
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from rubricdsl.ir import nodes as ir
from rubricdsl.ir.section_ranges import SectionRanges, ceil50, reachable_grades
from rubricdsl.lint import intervals as iv
from rubricdsl.lint.intervals import Interval, IntervalSet

EMPTY = Interval(Fraction(1), False, Fraction(0), False)
_ZERO = Fraction(0)
Abstract = Interval | bool | None  # an interval of numbers, a known truth value, or nothing known
Frame = dict[str, Abstract | IntervalSet]


def input_range(item: ir.Input) -> Interval | None:
    """A fact's values from its kind (a count is a whole number ≥ 0) and its declared bounds."""
    if item.kind in ("bool", "enum"):
        return None
    found = Interval(_ZERO, True, None, False, True) if item.kind == "count" else iv.EVERYTHING
    for low, low_inclusive, high, high_inclusive in item.bounds:
        found = found.intersect(
            Interval(
                None if low is None else iv.exact(low),
                low_inclusive and low is not None,
                None if high is None else iv.exact(high),
                high_inclusive and high is not None,
            )
        )
    return found


# For each recorded Select (by its trace path: ``arm``, ``rule1.arm``), the arms some value reaches, and for a
# band the subject values that reach it (None when the arm's condition is not a band).  What the lint rules for
# unreachable and overlapping bands read, under the same keys as the trace.
Reach = dict[str, dict[int, IntervalSet | None]]


@dataclass(frozen=True, slots=True)
class ProgramRanges:
    values: dict[str, Interval]  # numeric facts and derived values
    scores: dict[str, Interval]  # each indicator's raw score (its guards included: within [0, points])
    reach: dict[str, Reach]  # by indicator id
    # each section's score (penalties, bonuses, moved points and vetoes included; the root's before the rescale),
    # the total (rescaled, with the root's penalties and bonuses and its rounding) and the grades it can end with
    sections: dict[str, Interval] = field(default_factory=dict)
    total: Interval = field(default_factory=lambda: iv.EVERYTHING)
    grades: tuple[str, ...] = ()


def _band(condition: ir.Expr) -> tuple[str, IntervalSet] | None:
    """``Var op Const`` or ``Const ≤ Var < Const`` (any closedness): the bound key and the values it accepts."""
    if isinstance(condition, ir.Cmp) and isinstance(condition.left, ir.Var) and isinstance(condition.right, ir.Const):
        threshold = condition.right.value
        if isinstance(threshold, Decimal):
            return condition.left.key, _accepted(condition.op, iv.exact(threshold))
    if isinstance(condition, ir.And) and isinstance(condition.left, ir.Cmp) and isinstance(condition.right, ir.Cmp):
        low, high = condition.left, condition.right
        if (
            isinstance(low.left, ir.Const)
            and isinstance(low.right, ir.Var)
            and isinstance(high.left, ir.Var)
            and isinstance(high.right, ir.Const)
            and low.right.key == high.left.key
            and low.op in (ir.CmpOp.LE, ir.CmpOp.LT)
            and high.op in (ir.CmpOp.LE, ir.CmpOp.LT)
            and isinstance(low.left.value, Decimal)
            and isinstance(high.right.value, Decimal)
        ):
            part = Interval(
                iv.exact(low.left.value), low.op is ir.CmpOp.LE, iv.exact(high.right.value), high.op is ir.CmpOp.LE
            )
            return low.right.key, IntervalSet.of([part])
    return None


def _accepted(op: ir.CmpOp, t: Fraction) -> IntervalSet:
    match op:
        case ir.CmpOp.GE | ir.CmpOp.GT:
            return IntervalSet.of([Interval(t, op is ir.CmpOp.GE, None, False)])
        case ir.CmpOp.LE | ir.CmpOp.LT:
            return IntervalSet.of([Interval(None, False, t, op is ir.CmpOp.LE)])
        case ir.CmpOp.EQ:
            return IntervalSet.of([Interval.point(t)])
        case ir.CmpOp.NE:
            return IntervalSet.of([Interval(None, False, t, False), Interval(t, False, None, False)])


def list_size(item: ir.Input) -> Interval:
    """How many items a list fact can have: a whole number ≥ 0, within its declared bounds."""
    found = input_range(ir.Input(name=item.name, kind="count", levels=(), bounds=item.bounds, optional=item.optional))
    assert found is not None  # a count always has a range
    return found


class RangeAnalysis:
    def __init__(self, program: ir.Program) -> None:
        self.values: dict[str, Interval] = {}
        self.sizes: dict[str, Interval] = {}  # list facts: how many items
        self.fields: dict[tuple[str, str], Interval | None] = {}  # (list, field): its values
        for item in program.inputs:
            if item.kind == "list":
                self.sizes[item.name] = list_size(item)
                for field in item.fields:
                    self.fields[item.name, field.name] = input_range(field)
                continue
            found = input_range(item)
            if found is not None:
                self.values[item.name] = found
        for derived in program.derived:
            value = self.value(derived.expr, {})
            if isinstance(value, Interval):
                self.values[derived.name] = value
        self.scores: dict[str, Interval] = {}
        self.reach: dict[str, Reach] = {}
        self._path = ""
        self._rescaled: Interval | None = None  # the rescale's range, while the total is analysed
        for indicator in program.indicators:
            self._reach: Reach = {}
            score = self.value(indicator.body, {})
            self.scores[indicator.id] = score if isinstance(score, Interval) else iv.EVERYTHING
            self.reach[indicator.id] = self._reach
        self._program_ranges(program)

    def _program_ranges(self, program: ir.Program) -> None:
        """Sections, the total and the grades, from the indicators' scores (:mod:`rubricdsl.ir.section_ranges`)."""
        rounding = program.indicator_rounding

        def counted(indicator: ir.Indicator) -> Interval:  # the score a section adds: guarded, then rounded
            raw = self.scores[indicator.id].intersect(Interval.closed(0, indicator.points))
            return raw if rounding is None or raw.is_empty else _rounded(raw, rounding[0], rounding[1])

        sections = SectionRanges(program, counted)
        self.sections = {ident: bound.interval for ident, bound in sections.bounds.items()}
        self._rescaled = sections.rescaled(iv.exact(program.full))
        try:
            total = self.number(program.total, dict(sections.total_frame()))
        finally:
            self._rescaled = None
        self.total = total if total is not None else iv.EVERYTHING
        self._reach = {}
        self.value(program.grade, {"total": self.total})
        reached = self._reach.get("grade", {})
        self.grades = reachable_grades(program, reached, lambda cap: self.truth(cap.condition, {}) is not False)

    def assertion(self, node: ir.Assertion) -> tuple[bool | None, Interval | None, Interval | None]:
        """Whether ``node`` holds for every fact set within the declared bounds (True), for none (False), or it
        depends (None); with the two sides' values.  ``x op y`` is decided as ``x − y op 0`` (the tolerance is
        already in ``holds``): sound, and exact on the difference's interval, though the sides are treated as
        independent, so ``a == a`` is undecided."""
        left, right = self.number(node.left, {}), self.number(node.right, {})
        if left is None or right is None or left.is_empty or right.is_empty:
            return None, left, right
        holds = node.holds
        if isinstance(holds, ir.Cmp) and not isinstance(holds.right, ir.Const):
            difference = ir.Arith(op=ir.ArithOp.SUB, left=holds.left, right=holds.right)
            holds = ir.Cmp(op=holds.op, left=difference, right=ir.Const(value=Decimal(0)))
        return self.truth(holds, {"left": left, "right": right}), left, right

    def result(self) -> ProgramRanges:
        return ProgramRanges(
            dict(self.values), dict(self.scores), dict(self.reach), dict(self.sections), self.total, self.grades
        )

    # ---- numbers -------------------------------------------------------------------------------------------
    def number(self, node: ir.Expr, frame: Frame) -> Interval | None:
        found = self.value(node, frame)
        return found if isinstance(found, Interval) else None

    def value(self, node: ir.Expr, frame: Frame) -> Abstract:
        match node:
            case ir.Const():
                if isinstance(node.value, bool):
                    return node.value
                return Interval.point(node.value) if isinstance(node.value, Decimal) else None
            case ir.Ref():
                return self.values.get(node.name)
            case ir.Var():
                bound = frame.get(node.key)
                return bound.hull() if isinstance(bound, IntervalSet) else bound
            case ir.Let():
                inner = dict(frame)
                bound = self.value(node.value, frame)
                if self._rescaled is not None and isinstance(bound, Interval) and bound.hi is not None:
                    # the total's steps are rounded to 50 digits: a bound value is at most its exact bound rounded up
                    bound = Interval(bound.lo, bound.lo_closed, ceil50(bound.hi), True, bound.integral)
                inner[node.key] = bound
                return self.value(node.body, inner)
            case ir.Scope():
                outer = self._path
                self._path = f"{outer}{node.key}."
                try:
                    return self.value(node.body, {})
                finally:
                    self._path = outer
            case ir.Select():
                return self._select(node, frame)
            case ir.Rescale():
                return self._rescaled  # set only while the total is analysed
            case ir.Guard():
                guarded = self.number(node.value, frame)
                return None if guarded is None else guarded.intersect(Interval.closed(node.low, node.high))
            case ir.Fail():
                return EMPTY  # no value comes out of a failure
            case ir.Cmp() | ir.Not() | ir.And() | ir.Or():
                return self.truth(node, frame)
            case ir.Item():
                return None if node.given else self.fields.get((node.fact, node.name))
            case ir.Over():
                return self._over(node, frame)
            case _:
                return self._arithmetic(node, frame)

    def _over(self, node: ir.Over, frame: Frame) -> Abstract:
        """A count lies in [0, the list's size] (exactly the size with no condition); a sum of n item values in
        [lo, hi] lies in [n·lo, n·hi] over the sizes n, with 0 for no item; ``all``/``any`` are unknown unless the
        condition is decided for every item (or the list is empty)."""
        size = self.sizes.get(node.items.name) if isinstance(node.items, ir.Ref) else None
        size = size if size is not None else Interval(_ZERO, True, None, False, True)
        verdict = None if node.where is None else self.truth(node.where, frame)
        if node.op is ir.ListOp.COUNT:
            if node.where is None or verdict is True:
                return size
            if verdict is False:
                return Interval.point(0)
            return Interval(_ZERO, True, size.hi, size.hi_closed, True)
        if node.op is ir.ListOp.SUM:
            if verdict is False:
                return Interval.point(0)
            each = None if node.value is None else self.number(node.value, frame)
            if each is None:
                return None
            # k of the items, k from 0 to the size: the ends are reached at k = 0 and at the largest k
            return iv.mul(Interval(_ZERO, True, size.hi, size.hi_closed, True), each)
        if size.hi == 0 and size.hi_closed:
            return node.op is ir.ListOp.ALL  # an empty list: all holds, any does not
        if verdict is not None and node.where is not None and size.lo is not None and size.lo > 0:
            return verdict
        return None

    def _arithmetic(self, node: ir.Expr, frame: Frame) -> Interval | None:
        if isinstance(node, ir.Count):
            return Interval(_ZERO, True, Fraction(len(node.conditions)), True, True)
        parts = [self.number(child, frame) for child in _operands(node)]
        if any(part is None for part in parts):
            return None
        known = [part for part in parts if part is not None]
        match node:
            case ir.Neg():
                return iv.negate(known[0])
            case ir.Abs():
                return iv.absolute(known[0])
            case ir.Arith():
                operation = {ir.ArithOp.ADD: iv.add, ir.ArithOp.SUB: iv.sub, ir.ArithOp.MUL: iv.mul}[node.op]
                return operation(known[0], known[1])
            case ir.Div():
                return iv.div(known[0], known[1])  # a zero divisor fails: only non-zero divisors count
            case ir.Min():
                return iv.minimum(known)
            case ir.Max():
                return iv.maximum(known)
            case ir.Clamp():
                return iv.clamp_between(known[0], known[1], known[2])
            case ir.Floor() | ir.Ceil():
                return iv.whole(known[0], floor=isinstance(node, ir.Floor))
            case ir.Round():
                return _rounded(known[0], node.places, node.mode)
            case ir.WorkingDays():
                # as many as the calendar days at most, with their sign: between 0 and end − start
                return iv.hull_of([iv.sub(known[1], known[0]), Interval.point(0)])
            case ir.Sum():
                total = Interval.point(0)
                for part in known:
                    total = iv.add(total, part)
                return total
            case _:
                return None

    # ---- conditions ----------------------------------------------------------------------------------------
    def truth(self, node: ir.Expr, frame: Frame) -> bool | None:
        match node:
            case ir.Not():
                inner = self.truth(node.operand, frame)
                return None if inner is None else not inner
            case ir.And():
                left, right = self.truth(node.left, frame), self.truth(node.right, frame)
                return False if False in (left, right) else (True if left is True and right is True else None)
            case ir.Or():
                left, right = self.truth(node.left, frame), self.truth(node.right, frame)
                return True if True in (left, right) else (False if left is False and right is False else None)
            case ir.Cmp():
                return self._compare(node, frame)
            case _:
                found = self.value(node, frame)
                return found if isinstance(found, bool) else None

    def _compare(self, node: ir.Cmp, frame: Frame) -> bool | None:
        left, right = self.number(node.left, frame), self.number(node.right, frame)
        if left is None or right is None or left.is_empty or right.is_empty:
            return None
        if right.lo is not None and right.lo == right.hi:  # a threshold: decide on the exact accepted set
            accepted = _accepted(node.op, right.lo)
            if IntervalSet.of([left]).subtract(accepted).is_empty:
                return True
            if IntervalSet.of([left]).intersect(accepted).is_empty:
                return False
        return None

    def _select(self, node: ir.Select, frame: Frame) -> Abstract:
        remaining: dict[str, IntervalSet] = {}
        reached: list[Interval] = []
        arms: dict[int, IntervalSet | None] = {}
        if node.key is not None:
            self._reach[f"{self._path}{node.key}"] = arms
        for index, arm in enumerate(node.arms):
            band = _band(arm.condition)
            if band is not None:
                key, accepted = band
                if key not in remaining:
                    start = self.number(ir.Var(key=key), frame)
                    remaining[key] = IntervalSet.of([start if start is not None else iv.EVERYTHING])
                reach = remaining[key].intersect(accepted)
                remaining[key] = remaining[key].subtract(accepted)
                if not reach.is_empty:
                    arms[index] = reach
                    inner = dict(frame)
                    inner[key] = reach
                    reached.append(self.number(arm.value, inner) or iv.EVERYTHING)
                if remaining[key].is_empty:
                    return iv.hull_of(reached)
                continue
            verdict = self.truth(arm.condition, frame)
            if verdict is False:
                continue
            arms[index] = None
            reached.append(self.number(arm.value, frame) or iv.EVERYTHING)
            if verdict is True:
                return iv.hull_of(reached)
        inner = dict(frame)
        inner.update(remaining)
        arms[node.otherwise_arm] = remaining[next(iter(remaining))] if len(remaining) == 1 else None
        reached.append(self.number(node.otherwise, inner) or iv.EVERYTHING)
        return iv.hull_of(reached)


def _operands(node: ir.Expr) -> tuple[ir.Expr, ...]:
    if isinstance(node, ir.Div):
        return (node.dividend, node.divisor)  # in the order the interval operation takes them
    return ir.children_of(node)


def _rounded(value: Interval, places: int, mode: ir.RoundMode) -> Interval:
    """Every rounding mode is monotone: the rounded set lies between the rounded ends (attained, so closed)."""
    if mode is ir.RoundMode.HALF_UP:
        return iv.round_half_up(value, places)
    quantum = Decimal(1).scaleb(-places)

    def end(bound: Fraction | None) -> Fraction | None:
        if bound is None:
            return None
        with decimal.localcontext(decimal.Context(prec=60)):
            exact = Decimal(bound.numerator) / Decimal(bound.denominator)
            return Fraction(exact.quantize(quantum, rounding=mode.value))

    return Interval(end(value.lo), value.lo is not None, end(value.hi), value.hi is not None)


def analyse(program: ir.Program) -> ProgramRanges:
    return RangeAnalysis(program).result()


__all__ = ["EMPTY", "ProgramRanges", "RangeAnalysis", "Reach", "analyse", "input_range"]
