"""The façade: compile a rubric once, evaluate many fact sets.

``load``/``loads`` run the pipeline source → parse → check → program; :class:`CompiledRubric` is immutable
and safe to share between threads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from rubricdsl.errors import FactsError
from rubricdsl.evaluate.program import Program
from rubricdsl.explain import Explainer
from rubricdsl.facts import FactSchema
from rubricdsl.reading import read_rubric_text
from rubricdsl.result import EvaluationResult
from rubricdsl.semantics import CheckedRubric, check
from rubricdsl.source import SourceFile
from rubricdsl.syntax import parse_rubric


class CompiledRubric:
    """A checked rubric ready to score facts.  Build it with :func:`load` or :func:`loads`."""

    def __init__(self, checked: CheckedRubric) -> None:
        self.checked = checked
        self.program = Program(checked)
        self.schema = FactSchema(checked.facts.values(), (info.node.id for info in checked.indicators))
        rubric = checked.rubric
        self.id = rubric.id
        self.label = rubric.label or rubric.id
        self.max = rubric.full.value
        self.sha256 = checked.sha256
        self._ids = tuple(info.node.id for info in checked.indicators)

    @property
    def source(self) -> SourceFile:
        return self.checked.source

    @cached_property
    def _explainer(self) -> Explainer:
        return Explainer(self.program)

    def evaluate(self, facts: Mapping[str, Any], *, strict: bool = False) -> EvaluationResult:
        """Score one fact set.

        Facts that are missing or invalid fail only the indicators that read them; the result lists every
        problem and says it is incomplete.  With ``strict=True`` any fact problem raises :class:`FactsError`.
        """
        values, not_applicable, problems = self.schema.convert(facts)
        if problems and strict:
            raise FactsError(problems)
        invalid = frozenset(problem.subject for problem in problems if problem.code != "F401" and problem.subject)
        run = self.program.run(values, not_applicable, invalid)
        explainer = self._explainer
        errors = [run.errors[index] for index in sorted(run.errors)]
        for section in run.sections.values():
            errors.extend(section.veto_errors)
        errors.extend(run.errors_outside)
        scores = dict(zip(self._ids, run.scores, strict=True))
        return EvaluationResult(
            rubric_id=self.id,
            rubric_label=self.label,
            rubric_hash=self.sha256,
            total=run.total,
            maximum=self.max,
            grade=run.grade,
            steps=explainer.steps(run),
            fact_problems=tuple(problems),
            errors=tuple(errors),
            scores=scores,
            explain=lambda: explainer.explain(run),
        )

    def evaluate_many(self, fact_sets: Iterable[Mapping[str, Any]]) -> Iterator[EvaluationResult]:
        """Score fact sets one at a time, lazily: memory stays flat however many there are."""
        for facts in fact_sets:
            yield self.evaluate(facts)

    def validate_facts(self, facts: Any) -> list[Any]:
        """Every problem with ``facts`` (missing, unknown, wrong type, out of bounds), without scoring."""
        return self.schema.validate(facts)[2]

    def facts_json_schema(self) -> dict[str, Any]:
        return self.schema.json_schema()

    def __repr__(self) -> str:
        return f"<CompiledRubric {self.id} max={self.max} indicators={len(self._ids)}>"


def compile_source(source: SourceFile) -> CompiledRubric:
    return CompiledRubric(check(parse_rubric(source), source))


def loads(text: str, *, name: str = "<string>") -> CompiledRubric:
    """Compile rubric text; raises :class:`~rubricdsl.errors.RubricError` with every diagnostic."""
    return compile_source(SourceFile(name, text))


def load(path: str | Path) -> CompiledRubric:
    """Read and compile a rubric file (UTF-8, with or without BOM; CRLF is fine)."""
    return compile_source(read_rubric_text(Path(path)))
