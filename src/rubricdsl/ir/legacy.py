"""The bridge for the migration: an IR run read as the closure evaluator's ``Run``, so that everything
downstream (the explainer, result rows, steps) works unchanged on IR results, and the differential tests can
compare the two back ends on every visible attribute.

Each indicator's legacy detail is read from its trace by its form (:attr:`Form.detail`); a veto that fired is
mapped back to its AST node for the explainer.  This module goes away when the explainer reads traces.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rubricdsl.compiled import CompiledRubric
from rubricdsl.diagnostics.errors import FactsError
from rubricdsl.evaluate.program import Run, SectionScore
from rubricdsl.forms import REGISTRY, Form
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.interpret import Interpreter, IRRun
from rubricdsl.ir.lower import SCORE_KEY, lower_program
from rubricdsl.results.model import EvaluationResult
from rubricdsl.syntax import nodes as n

_FORMS: dict[str, Form] = {form.name: form for form in REGISTRY.values()}


def _vetoes_by_section(rubric: n.Rubric) -> dict[str, tuple[n.Veto, ...]]:
    found: dict[str, tuple[n.Veto, ...]] = {rubric.id: rubric.vetoes}
    stack = list(rubric.children)
    while stack:
        item = stack.pop()
        if isinstance(item, n.Section):
            found[item.id] = item.vetoes
            stack.extend(item.children)
    return found


class IREvaluator:
    """``CompiledRubric.evaluate_closures`` with the IR interpreter in place of the closure program."""

    def __init__(self, rubric: CompiledRubric) -> None:
        self.rubric = rubric
        self.program: ir.Program = lower_program(rubric.checked)
        self.interpreter = Interpreter(self.program)
        self._vetoes = _vetoes_by_section(rubric.checked.rubric)
        self._forms = tuple(_FORMS[indicator.form] for indicator in self.program.indicators)

    def run(self, facts: Mapping[str, Any], *, strict: bool = False) -> tuple[IRRun, list[Any]]:
        rubric = self.rubric
        values, not_applicable, problems = rubric.schema.convert(facts)
        if problems and not_applicable:
            problems = rubric._excuse_not_applicable(problems, not_applicable)
        if problems and strict:
            raise FactsError(problems)
        invalid = frozenset(problem.subject for problem in problems if problem.code != "F401" and problem.subject)
        return self.interpreter.run(values, not_applicable, invalid), problems

    def legacy_run(self, run: IRRun) -> Run:
        details: list[Any] = []
        for form, trace in zip(self._forms, run.traces, strict=True):
            # The closure rule hands back its detail whenever the rule itself finished (its E307 check comes
            # after); the guard's binding of the score says the same.
            details.append(form.detail(trace) if trace is not None and SCORE_KEY in trace else None)
        sections = {
            ident: SectionScore(
                outcome.score,
                outcome.applicable_points,
                None if outcome.vetoed_by is None else self._vetoes[ident][outcome.vetoed_by],
                list(outcome.veto_errors),
            )
            for ident, outcome in run.sections.items()
        }
        return Run(
            run.env,
            run.scores,
            run.raw_scores,
            details,
            run.status,
            run.errors,
            run.na_reasons,
            sections,
            run.raw_total,
            run.rescaled_total,
            run.total,
            run.grade,
            run.errors_outside,
        )

    def evaluate(self, facts: Mapping[str, Any], *, strict: bool = False) -> EvaluationResult:
        rubric = self.rubric
        ir_run, problems = self.run(facts, strict=strict)
        run = self.legacy_run(ir_run)
        explainer = rubric._explainer
        errors = [run.errors[index] for index in sorted(run.errors)]
        for section in run.sections.values():
            errors.extend(section.veto_errors)
        errors.extend(run.errors_outside)
        return EvaluationResult(
            rubric_id=rubric.id,
            rubric_label=rubric.label,
            rubric_hash=rubric.sha256,
            total=run.total,
            maximum=rubric.max,
            grade=run.grade,
            steps=explainer.steps(run),
            fact_problems=tuple(problems),
            errors=tuple(errors),
            scores=dict(zip((i.id for i in self.program.indicators), run.scores, strict=True)),
            explain=lambda: explainer.explain(run),
            meta=rubric.meta,
            rubric_source=rubric.source,
        )
