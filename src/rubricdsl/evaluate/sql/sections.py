"""Issue 10's rubric-level policies in SQL, translated from the IR as :mod:`rubricdsl.ir.interpret` evaluates
them (the reference semantics).

Grade caps (``cap 良 when condition``): after the grade is found from the total, every cap whose condition
holds bounds it from above, and of several the lowest grade wins (:attr:`ir.Program.grade_order`, best first).
A condition that cannot be evaluated (a missing or invalid fact, a failed derived value, a zero divisor) caps
nothing and is the row's ``E256`` problem.  The total is unchanged.

Penalties and bonuses (``ir.Adjustment``): the scored ones are summed after a section's children; a section
other than the root is then floored at 0 and held to its points (unless ``uncapped``); the root's are read
by the total (its ``bonus`` and ``penalty`` frame values, which the lowering's ``Let adjusted`` combines with
the rescaled total), and are 0 when the root is vetoed.

Moved not-applicable points (``ir.Redistribution``), after the children's sum and before the adjustments:
each named move adds, when its source is not applicable and its receiver is applicable with points, the
receiver's score × moved / its points (a failed receiver adds none) and the moved points to the applicable
ones; then ``siblings`` scales the score by (A + N) / A, A the applicable points and N those of the other
not-applicable members, where both are positive (``_redistribute`` in the interpreter).

Assertions (``ir.Assertion``) are fact problems named by their place, ``assert#N`` as the Python result
names them (:func:`rubricdsl.ir.assertions.subject`): ``F462:assert#1`` violated (an error: the row is not
complete), ``F463`` violated but ``warn``, ``F464`` not checked (a side could not be computed); the last two
are warnings, which leave ``complete`` true.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from rubricdsl.evaluate.sql.dialects import Dialect
from rubricdsl.evaluate.sql.expressions import NOT_APPLICABLE, Bool, Compiled
from rubricdsl.evaluate.sql.numbers import Arithmetic, Num
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.assertions import subject


@dataclass(frozen=True, slots=True)
class CompiledCap:
    grade: str
    holds: str  # SQL: the condition was evaluated and holds
    failed: str | None  # SQL: the condition could not be evaluated (None: it always can)


def compile_cap(cap: ir.GradeCap, condition: Compiled) -> CompiledCap:
    """A cap from its compiled condition (value, error): where the error is set the value is meaningless."""
    value, error = condition
    test = value.sql if isinstance(value, Bool) else "NULL"
    if error is None:
        return CompiledCap(cap.grade, f"COALESCE({test}, FALSE)", None)
    return CompiledCap(cap.grade, f"({error} IS NULL AND COALESCE({test}, FALSE))", f"{error} IS NOT NULL")


def capped_grade(sql: Dialect, grade: str, caps: list[CompiledCap], order: tuple[str, ...]) -> str:
    """The grade column ``grade`` (SQL reading the uncapped grade) bounded by every cap that holds: tried from
    the worst grade up, the first grade that is either the uncapped one or a holding cap's is the lowest."""
    if not caps:
        return grade
    literal = sql.text
    whens = []
    for name in reversed(order):
        holding = "".join(f" OR {cap.holds}" for cap in caps if cap.grade == name)
        whens.append(f"WHEN {grade} = {literal(name)}{holding} THEN {literal(name)}")
    return f"(CASE {' '.join(whens)} ELSE {grade} END)"


def cap_problems(sql: Dialect, caps: list[CompiledCap], subject: str) -> list[str]:
    """``E256:<subject>`` for each cap whose condition could not be evaluated."""
    return [f"(CASE WHEN {cap.failed} THEN {sql.text('E256:' + subject)} END)" for cap in caps if cap.failed]


def adjustment_sums(
    math: Arithmetic, section: ir.Section, scores: dict[int, Num], errors: dict[int, str]
) -> tuple[Num, Num]:
    """The section's bonuses and penalties, each the sum of its scored indicators' (rounded) scores: a
    failed or not-applicable one adds nothing (``_adjustments`` in the interpreter)."""
    zero = math.const(Fraction(0))
    bonus, penalty = zero, zero
    for adjustment in section.adjustments:
        index = adjustment.indicator.index
        scored = math.choose([(f"{errors[index]} IS NULL", scores[index])], zero)
        assert scored is not None
        if adjustment.sign > 0:
            bonus = math.add(bonus, scored)
        else:
            penalty = math.add(penalty, scored)
    return bonus, penalty


def adjusted_section(math: Arithmetic, section: ir.Section, score: Num, bonus: Num, penalty: Num) -> Num:
    """A section's score after its penalties and bonuses: ``max(0, score + bonus − penalty)``, and at most its
    points when ``cap_at_points`` (vetoes apply after this, as in the interpreter)."""
    moved = math.add(math.add(score, bonus), penalty, subtract=True)
    zero = math.const(Fraction(0))
    arms: list[tuple[str, Num | None]] = [(math.compare(moved, "<", zero), zero)]
    if section.cap_at_points:
        points = math.const(Fraction(section.points))
        arms.append((math.compare(moved, ">", points), points))
    chosen = math.choose(arms, moved)
    assert chosen is not None
    return chosen


def redistributed(
    math: Arithmetic, section: ir.Section, score: Num, applicable: Num, scores: dict[int, Num], errors: dict[int, str]
) -> tuple[Num, Num]:
    """The section's score and applicable points after its not-applicable moves (``section.redistribution``)."""
    plan = section.redistribution
    assert plan is not None
    zero = math.const(Fraction(0))
    points = {child.index: child.points for child in section.children if isinstance(child, ir.Indicator)}

    def absent(index: int) -> str:  # not applicable (a NULL error is a scored indicator)
        return f"({errors[index]} IS NOT NULL AND {errors[index]} = {NOT_APPLICABLE})"

    def pick(condition: str, value: Num, otherwise: Num) -> Num:
        chosen = math.choose([(condition, value)], otherwise)
        assert chosen is not None
        return chosen

    for source, receiver in plan.named:
        if not points[receiver]:  # a receiver with no points receives nothing: the points leave
            continue
        moves = f"({absent(source)} AND NOT {absent(receiver)})"
        share = math.mul(scores[receiver], math.const(Fraction(points[source]) / Fraction(points[receiver])))
        score = math.add(score, pick(f"({moves} AND {errors[receiver]} IS NULL)", share, zero))
        applicable = math.add(applicable, pick(moves, math.const(Fraction(points[source])), zero))
    named = {source for source, _ in plan.named}
    pool = [index for index in plan.members if index not in named and index not in plan.exempt and points[index]]
    if plan.siblings and pool:
        moving = zero
        for index in pool:
            moving = math.add(moving, pick(absent(index), math.const(Fraction(points[index])), zero))
        spread = f"({math.compare(applicable, '>', zero)} AND {math.compare(moving, '>', zero)})"
        grown = math.add(applicable, moving)
        score = pick(spread, math.div(math.mul(score, grown), applicable), score)
        applicable = pick(spread, grown, applicable)
    return score, applicable


def assertion_problems(sql: Dialect, assertion: ir.Assertion, holds: Compiled) -> tuple[str, str | None]:
    """The assertion's problem from its compiled body (SQL, NULL when it holds), and the part of it that makes
    the row incomplete (F462; None for a ``warn`` one: F463 and F464 are warnings)."""
    value, error = holds
    test = value.sql if isinstance(value, Bool) else "NULL"
    checked = "TRUE" if error is None else f"{error} IS NULL"
    named = ":" + subject(assertion)
    code = ("F463" if assertion.warn else "F462") + named
    violated = f"WHEN {checked} AND NOT COALESCE({test}, TRUE) THEN {sql.text(code)}"
    unchecked = f" WHEN {error} IS NOT NULL THEN {sql.text('F464' + named)}" if error is not None else ""
    problem = f"(CASE {violated}{unchecked} END)"
    return problem, None if assertion.warn else f"(CASE {violated} END)"
