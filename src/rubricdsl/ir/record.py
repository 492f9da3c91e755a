"""The IR as the path that scores: a rubric lowered once, and each IR run read as the ``Run`` record that the
explainer, the steps and the result rows read.

The record keeps every indicator's trace (the explainer reads reasons and branches from it) and names each
veto that fired by its AST node (the steps quote its reason or condition).  It carries no closure details:
those are the :class:`rubricdsl.evaluate.program.Program`'s, which stays as the differential reference
(tests/ir/test_differential.py).
"""

from __future__ import annotations

from typing import Any

from rubricdsl.evaluate.program import Run, SectionScore
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.interpret import Interpreter
from rubricdsl.ir.lower import lower_program
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n


def vetoes_by_section(rubric: n.Rubric) -> dict[str, tuple[n.Veto, ...]]:
    """Each section's (and the rubric's) vetoes as written, by id: an IR veto's index is its position here."""
    found: dict[str, tuple[n.Veto, ...]] = {rubric.id: rubric.vetoes}
    stack = list(rubric.children)
    while stack:
        item = stack.pop()
        if isinstance(item, n.Section):
            found[item.id] = item.vetoes
            stack.extend(item.children)
    return found


class IRScoring:
    """A checked rubric's IR program and its interpreter; :meth:`run` scores converted facts into a ``Run``."""

    def __init__(self, checked: CheckedRubric) -> None:
        self.program: ir.Program = lower_program(checked)
        self.interpreter = Interpreter(self.program)
        self._vetoes = vetoes_by_section(checked.rubric)

    def run(self, values: dict[str, Any], not_applicable: frozenset[str], invalid: frozenset[str]) -> Run:
        run = self.interpreter.run(values, not_applicable, invalid)
        vetoes = self._vetoes
        sections = {
            ident: SectionScore(
                outcome.score,
                outcome.applicable_points,
                None if outcome.vetoed_by is None else vetoes[ident][outcome.vetoed_by],
                outcome.veto_errors,
                outcome.moves,
                outcome.adjusted,
            )
            for ident, outcome in run.sections.items()
        }
        return Run(
            run.env,
            run.scores,
            run.raw_scores,
            [],  # no closure details: the traces say the same
            run.status,
            run.errors,
            run.na_reasons,
            sections,
            run.raw_total,
            run.rescaled_total,
            run.total,
            run.grade,
            run.errors_outside,
            run.traces,
            run.assertions,
            run.adjusted,
            run.grade_caps,
            run.uncapped_grade,
        )
