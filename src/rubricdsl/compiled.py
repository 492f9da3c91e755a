"""The façade: compile a rubric once, evaluate many fact sets.

``load``/``loads`` run the pipeline source → parse → check → program; :class:`CompiledRubric` is safe to share
between threads.  Evaluation has two back ends behind :meth:`CompiledRubric.evaluate`: the IR interpreter
(the reference, :mod:`rubricdsl.ir.record`) and, once a rubric has scored a few fact sets, a function generated from the checked AST for the
clean case (:mod:`rubricdsl.evaluate.codegen`); they agree on every result (tests/evaluate/test_differential.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from rubricdsl.diagnostics import Diagnostic, Severity
from rubricdsl.diagnostics.errors import FactsError
from rubricdsl.evaluate.program import Program, Run
from rubricdsl.forms import fact_problem_codes
from rubricdsl.inputs.facts import FactSchema
from rubricdsl.ir.record import IRScoring
from rubricdsl.reading.rubric_file import read_rubric_text
from rubricdsl.reading.source import SourceFile
from rubricdsl.results.assertions import AssertionReport
from rubricdsl.results.explain import Explainer
from rubricdsl.results.model import AssertionOutcome, EvaluationResult, IndicatorResult, SectionResult
from rubricdsl.semantics import CheckedRubric, check
from rubricdsl.semantics.check import free_names
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.parse import parse_rubric

if TYPE_CHECKING:
    from rubricdsl.evaluate.codegen import CellsFn, FastFn, Finish


class CleanResult(EvaluationResult):
    """A fast-path result (complete, no steps); :meth:`CompiledRubric._clean_result_maker` subclasses it per
    rubric with the shared attributes.  Explained on demand from what the generated function recorded: the
    band, branch or items that decided each indicator and the values of the facts and derived values."""

    __slots__ = ("_details", "_indicators", "_raw_scores", "_scores", "_sections", "_values", "grade", "total")
    _rubric: CompiledRubric
    _details: tuple[Any, ...]
    _values: tuple[Any, ...]
    _raw_scores: tuple[Decimal, ...] | None
    _indicators: tuple[IndicatorResult, ...]
    _sections: tuple[SectionResult, ...]

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        found: tuple[IndicatorResult, ...] | None = getattr(self, "_indicators", None)  # built on first access
        if found is None:
            self._indicators = found = self._rubric._explainer.clean_indicators(
                self._scores, self._details, self._values, self._raw_scores
            )
        return found

    @property
    def sections(self) -> tuple[SectionResult, ...]:
        found: tuple[SectionResult, ...] | None = getattr(self, "_sections", None)
        if found is None:
            self._sections = found = self._rubric._explainer.clean_sections(self._scores)
        return found

    def _explain(self) -> tuple[tuple[IndicatorResult, ...], tuple[SectionResult, ...]]:
        return self.indicators, self.sections


WARM_UP_EVALUATIONS = 3  # evaluations on the closures before the fast path is generated


def _never_fast(facts: Mapping[str, Any]) -> None:
    """Stands in for the fast path of a rubric that has none, so evaluate stops counting."""
    return None


class CompiledRubric:
    """A checked rubric ready to score facts.  Build it with :func:`load` or :func:`loads`."""

    def __init__(self, checked: CheckedRubric) -> None:
        self.checked = checked
        self.program = Program(checked)
        self._has_record = any(decl.record for decl in checked.facts.values())
        self.schema = FactSchema(checked.facts.values(), (info.node.id for info in checked.indicators))
        rubric = checked.rubric
        self.id = rubric.id
        self.label = rubric.label or rubric.id
        self.max = rubric.full.value
        self.sha256 = checked.sha256
        self._ids = tuple(info.node.id for info in checked.indicators)
        self.meta: Mapping[str, str] = MappingProxyType({item.key: item.value for item in rubric.meta})
        # The failures the rule forms declare as fact problems (Form.fact_problem_codes), read once per rubric.
        self._found_scoring = fact_problem_codes()
        self._cells_paths: dict[tuple[int, ...], CellsFn | None] = {}

    @property
    def source(self) -> SourceFile:
        """The rubric's text and file name (diagnostics' spans point into it)."""
        return self.checked.source

    @cached_property
    def _explainer(self) -> Explainer:
        return Explainer(self.program)

    @cached_property
    def _fast(self) -> FastFn | None:
        """The generated evaluator (built here, once), or None when the rubric has no case it can take.

        The fast path is only an optimisation, so *any* failure to build it leaves the rubric on the closure
        evaluator: Python's compiler gives up on a long if/elif chain (3,000 bands, 5,000 indicators) with
        RecursionError, on deep parentheses with SyntaxError, on a huge source with MemoryError.
        """
        from rubricdsl.evaluate.codegen import compile_fast_path  # only rubrics that score many fact sets

        try:
            return compile_fast_path(self.program, self.schema, self._clean_result_maker())
        except Exception:  # whatever the compiler raises, the closures score the same
            return None

    def evaluate(self, facts: Mapping[str, Any], *, strict: bool = False) -> EvaluationResult:
        """Score one fact set.

        Facts that are missing or invalid fail only the indicators that read them; the result lists every
        problem and says it is incomplete.  With ``strict=True`` any fact problem raises :class:`FactsError`.
        """
        fast = self._fast_ready
        if fast is not None:
            # The generated function takes the clean case; it returns None for anything it would not
            # report exactly the way the closure evaluator does.
            try:
                result: EvaluationResult | None = fast(facts)
            except (RecursionError, MemoryError):  # the interpreter's limits, not the facts: stop using it
                self._fast_ready = _never_fast
                result = None
            if result is not None:
                return result
        else:
            self._warm_up()
        return self.evaluate_closures(facts, strict=strict)

    _fast_ready: FastFn | None = None
    _evaluations = 0

    def _cells_path(self, places: Mapping[str, int]) -> CellsFn | None:
        """The fast path for rows of text cells that hold every fact and nothing else (``places``: each fact's
        place in the row): the generated function reads the row as :attr:`_fast` reads the dict of its cells and
        returns the row's total, grade and scores (codegen.CellsFn).  Built once per header; None when the
        rubric has no fast path (any failure to build it included)."""
        key = tuple(places[name] for name in self.checked.facts)
        if key not in self._cells_paths:
            from rubricdsl.evaluate.codegen import compile_cells_path

            try:
                built = compile_cells_path(self.program, self.schema, places)
            except Exception:  # as for _fast: the dict path and the closures score the same
                built = None
            self._cells_paths[key] = built if self._fast is not None else None
        return self._cells_paths[key]

    def _generate_fast_path(self) -> None:
        """Generate the fast path now rather than after a few evaluations: a batch that forks its workers does
        it once, in the parent, so no worker warms up or generates it again."""
        if self._fast_ready is None:
            self._fast_ready = self._fast or _never_fast

    def _warm_up(self) -> None:
        """Generate the fast path once the rubric has scored a few fact sets, not before.

        Generating costs about 0.2 ms per indicator; a rubric checked, linted or scored once
        (``rubric eval`` on one file) never pays it, and one scoring a batch pays it once.
        """
        self._evaluations += 1
        if self._evaluations >= WARM_UP_EVALUATIONS:
            self._fast_ready = self._fast or _never_fast

    def _clean_result_maker(self) -> Finish:
        """Build the results of the fast path: complete, no steps, explained on demand.

        The fast path's whole budget is a few microseconds and keyword construction of eleven attributes
        would be a sixth of it.  Its results are instances of a subclass made for this rubric: what every
        clean result shares (ids, maximum, no steps, no problems) is on the class, the four values that vary
        are slots.  The differential tests check both paths' results agree on every attribute ``__init__``
        sets.
        """
        template = EvaluationResult(
            rubric_id=self.id,
            rubric_label=self.label,
            rubric_hash=self.sha256,
            total=self.max,
            maximum=self.max,
            grade="",
            steps=(),
            fact_problems=(),
            errors=(),
            scores={},
            explain=lambda: ((), ()),
            meta=self.meta,
            rubric_source=self.source,
        )
        # Taken from a constructed result, so an attribute added to __init__ is here too; a shared mapping
        # is read-only, as one result's change must not show in another's.
        shared: dict[str, Any] = {
            name: MappingProxyType(value) if isinstance(value, dict) else value
            for name, value in vars(template).items()
            if name not in CleanResult.__slots__ and name != "_explain"
        }
        shared.update(__slots__=(), _rubric=self)
        result_class = type("EvaluationResult", (CleanResult,), shared)
        new_instance = object.__new__

        def finish(
            scores: dict[str, Decimal],
            total: Decimal,
            grade: str,
            details: tuple[Any, ...],
            values: tuple[Any, ...],
            raw_scores: tuple[Decimal, ...] | None,
        ) -> EvaluationResult:
            result: CleanResult = new_instance(result_class)
            result.total = total
            result.grade = grade
            result._scores = scores
            # What the explanation reads, recorded as the function scored: a caller reusing its dict of facts
            # cannot change an earlier result.
            result._details = details
            result._values = values
            result._raw_scores = raw_scores
            return result

        return finish

    @cached_property
    def _assertions(self) -> AssertionReport:
        return AssertionReport(self.checked, self._explainer.kinds)

    @cached_property
    def _ir(self) -> IRScoring:
        return IRScoring(self.checked)  # lowered on the first evaluation that needs it, not at load

    def evaluate_closures(self, facts: Mapping[str, Any], *, strict: bool = False) -> EvaluationResult:
        """:meth:`evaluate` on the IR interpreter alone: every case the fast path does not take, and the
        reference the fast path is tested against (``Program.run`` is in turn the IR's, in tests/ir)."""
        return self._evaluate_run(self._ir.run, facts, strict=strict)

    def _evaluate_run(
        self, run_facts: Callable[..., Run], facts: Mapping[str, Any], *, strict: bool = False
    ) -> EvaluationResult:
        values, not_applicable, problems = self.schema.convert(facts)
        if problems and not_applicable:
            problems = self._excuse_not_applicable(problems, not_applicable)
        if problems and strict:
            raise FactsError(problems)
        invalid = frozenset(problem.subject for problem in problems if problem.code != "F401" and problem.subject)
        run = run_facts(values, not_applicable, invalid)
        assertions: tuple[AssertionOutcome, ...] = ()
        if self.checked.rubric.assertions:
            reported = self._assertions.report(tuple(run.assertions), run.env)
            assertions = tuple(outcome for outcome, _ in reported)
            found = [problem for _, problem in reported if problem is not None]
            if strict and any(problem.severity is Severity.ERROR for problem in found):
                raise FactsError(found)  # a violated assertion is a fact problem, as strict callers expect
            problems = [*problems, *found]
        explainer = self._explainer
        errors = [run.errors[index] for index in sorted(run.errors)]
        for section in run.sections.values():
            errors.extend(section.veto_errors)
        errors.extend(run.errors_outside)
        # A fact problem found only while scoring (a failure a form declares in Form.fact_problem_codes, such as
        # a judged score outside its tier's range: two facts that contradict each other) is listed with the
        # facts' problems; its indicator's row still shows it.
        found_scoring = self._found_scoring
        if found_scoring and errors:
            problems = [*problems, *(error for error in errors if error.code in found_scoring)]
            errors = [error for error in errors if error.code not in found_scoring]
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
            meta=self.meta,
            rubric_source=self.source,
            assertions=assertions,
            adjusted=run.adjusted,
            grade_caps=explainer.grade_caps(run) if run.grade_caps else (),
            record=explainer.record(run.env) if self._has_record else (),
        )

    def _excuse_not_applicable(self, problems: list[Diagnostic], not_applicable: frozenset[str]) -> list[Diagnostic]:
        """A fact that only not-applicable indicators read need not be given: drop its "missing" problem."""
        checked = self.checked
        needed: set[str] = set()
        for info in checked.indicators:
            if info.node.id not in not_applicable:
                needed.update(info.facts)
        for veto in self._vetoes:
            for name in free_names(veto.condition):
                needed.update(checked.let_facts.get(name, (name,)))
        return [p for p in problems if p.code != "F401" or p.subject in needed]

    @cached_property
    def _vetoes(self) -> tuple[n.Veto, ...]:
        found: list[n.Veto] = list(self.checked.rubric.vetoes)
        stack = list(self.checked.rubric.children)
        while stack:
            item = stack.pop()
            if isinstance(item, n.Section):
                found.extend(item.vetoes)
                stack.extend(item.children)
        return tuple(found)

    def evaluate_many(self, fact_sets: Iterable[Mapping[str, Any]]) -> Iterator[EvaluationResult]:
        """Score fact sets one at a time, lazily: memory stays flat however many there are."""
        for facts in fact_sets:
            yield self.evaluate(facts)

    def evaluate_frame(self, frame: Any) -> Iterator[EvaluationResult]:
        """Score every row of a pandas or Polars DataFrame, lazily and in row order, one result per row.

        Columns are facts (plus ``id``/``$id`` and ``not_applicable``, which are not); typed cells skip text
        parsing (:mod:`rubricdsl.inputs.frames` says how each column type is read).  Neither pandas nor Polars
        is a dependency: the frame's own methods read it.  For a frame of results, pass them to
        :func:`rubricdsl.render.arrow.results_table` (exact decimal columns; ``.to_pandas()`` from there).
        """
        from rubricdsl.inputs.frames import frame_rows, without_ids

        return self.evaluate_many(without_ids(frame_rows(frame), self.schema.specs))

    def evaluate_arrow(self, table: Any) -> Iterator[EvaluationResult]:
        """Score every row of a pyarrow Table or RecordBatch (or any Arrow stream, with pyarrow installed:
        ``pip install 'rubricdsl[arrow]'``), lazily and in row order; ``decimal128`` cells are exact."""
        from rubricdsl.inputs.frames import arrow_rows, without_ids

        return self.evaluate_many(without_ids(arrow_rows(table), self.schema.specs))

    def validate_facts(self, facts: object) -> list[Diagnostic]:
        """Every problem with ``facts`` (missing, unknown, wrong type, out of bounds), without scoring.

        ``facts`` may be anything a facts file can hold; what is not a mapping is one problem (F406).
        """
        return self.schema.validate(facts)[2]

    def facts_json_schema(self, lang: str = "en") -> dict[str, Any]:
        """The JSON Schema of a facts file for this rubric, described in ``lang`` (as `rubric schema` prints)."""
        from rubricdsl.inputs.schema import facts_json_schema

        return facts_json_schema(self.schema, self.label, lang)

    def __repr__(self) -> str:
        return f"<CompiledRubric {self.id} max={self.max} indicators={len(self._ids)}>"


def compile_source(source: SourceFile) -> CompiledRubric:
    return CompiledRubric(check(parse_rubric(source), source))


def loads(text: str, *, name: str = "<string>") -> CompiledRubric:
    """Compile rubric text; raises :class:`~rubricdsl.diagnostics.errors.RubricError` with every diagnostic."""
    return compile_source(SourceFile(name, text))


def load(path: str | Path) -> CompiledRubric:
    """Read and compile a rubric file (UTF-8, with or without BOM; CRLF is fine)."""
    return compile_source(read_rubric_text(Path(path)))
