"""The guards the interval analysis proves can never fire, so the query need not write them.

An indicator's score is held to [0, points] by a :class:`~rubricdsl.ir.nodes.Guard` (E307).  Where the
generator's own bounds prove the score inside (a checklist, bands), it leaves the guard out; where they cannot
(a pro-rata deduction ``max(0, 2 − 25 × (share − 5%))``, whose bound the generator tracks by size only), the
interval analysis of :mod:`rubricdsl.ir.ranges` often can: it follows each operand's lower and upper end, and a
band's test narrows its subject.  A guard it proves is written as its value alone: the text of its test (the
value copied three times, a CASE around it, the error's CASE) is most of the seed rubric's largest columns, and
DuckDB's binder and optimiser spend their time in proportion to the text.

Only a guard the analysis reached, on every path it reached it by, inside its [low, high], is proved; the
analysis is sound (every value the interpreter computes lies in its interval: tests/ir/test_ranges.py), and a
fact outside its declared bounds is a fact problem, so the guard is never evaluated on it in SQL either.
"""

from __future__ import annotations

from rubricdsl.ir import nodes as ir
from rubricdsl.ir.ranges import Abstract, Frame, RangeAnalysis
from rubricdsl.lint import intervals as iv
from rubricdsl.lint.intervals import Interval


class _GuardRecorder(RangeAnalysis):
    """The range analysis, recording the hull of each guard's operand over every visit (None: unknown once)."""

    def __init__(self, program: ir.Program) -> None:
        self.guarded: dict[int, tuple[ir.Guard, Interval | None]] = {}
        super().__init__(program)

    def value(self, node: ir.Expr, frame: Frame) -> Abstract:
        if not isinstance(node, ir.Guard):
            return super().value(node, frame)
        found = self.number(node.value, frame)
        key = id(node)
        if key in self.guarded:
            before = self.guarded[key][1]
            found_all = None if before is None or found is None else iv.hull_of([before, found])
            self.guarded[key] = (node, found_all)
        else:
            self.guarded[key] = (node, found)
        return None if found is None else found.intersect(Interval.closed(node.low, node.high))


def proved_guards(program: ir.Program) -> frozenset[int]:
    """The ``id()`` of every guard of ``program`` (as the generator walks the same nodes) whose value always
    lies inside its [low, high]."""
    try:
        guarded = _GuardRecorder(program).guarded
    except Exception:  # a node the analysis does not know (the generator refuses it by name): prove nothing
        return frozenset()
    proved = set()
    for key, (guard, found) in guarded.items():
        if found is None or found.is_empty or found.lo is None or found.hi is None:
            continue
        if found.lo >= iv.exact(guard.low) and found.hi <= iv.exact(guard.high):
            proved.add(key)
    return frozenset(proved)
