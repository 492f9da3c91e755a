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
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from rubricdsl.evaluate.sql.dialects import Dialect
from rubricdsl.evaluate.sql.expressions import Bool, Compiled
from rubricdsl.evaluate.sql.numbers import Arithmetic, Num
from rubricdsl.ir import nodes as ir


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
