"""Turn a run record into explanations: which band fired, on which values, and why, in both languages.

Everything that is the same in every evaluation — ids, labels, paths, rule names, the source text and line of
every band and branch, the labels and display kinds of the values read — is prepared once per rubric
(:class:`IndicatorStatic`, :class:`SectionStatic`).  Explaining one evaluation then builds one small object
per indicator and section over that evaluation's record (a ``Run`` or the fast path's :class:`CleanRun`);
reason texts and values read are formatted when first read.  Each reason is its rule form's sentence read
from the indicator's IR trace (:mod:`rubricdsl.forms`, the one source of reason sentences); a record that
carries the closure evaluator's details instead is read through each form's ``trace_of``.  Values are shown
by :mod:`rubricdsl.results.display`, conditions stated by :mod:`rubricdsl.results.statements`.
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any, cast

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.program import (
    CONTEXT,
    SCORED,
    IndicatorPlan,
    Program,
    Run,
    SectionPlan,
)
from rubricdsl.forms import ExplainCtx, explain_rule, form_of, is_rule
from rubricdsl.results.clean import CleanRun, CleanSections, TracesOfDetails
from rubricdsl.results.display import display_kinds, show
from rubricdsl.results.indicator_texts import branch_of, reason_of
from rubricdsl.results.lists import date_fields, readable_items
from rubricdsl.results.model import (
    ExplainedRun,
    GradeCapResult,
    IndicatorResult,
    IndicatorStatic,
    SectionResult,
    SectionStatic,
    SectionValues,
    Step,
    ValueRead,
)
from rubricdsl.results.statements import Statements, compared_with, lets_read, rubric_bounds
from rubricdsl.results.steps import total_steps
from rubricdsl.results.targets import goal_of
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.dates import day_of

_MEMO_ENTRIES = 65536  # reason texts kept for reuse per rubric (a few tens of MB at most), shared by its indicators
_ZERO = Decimal(0)
Trace = Mapping[str, Any]


class Explainer:
    """Prepares once per rubric everything explanations share, and explains evaluations from their records."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.checked = program.checked
        self.source = program.checked.source
        self.kinds = display_kinds(self.checked)
        self.labels: dict[str, str] = {}
        for name, decl in self.checked.facts.items():
            self.labels[name] = decl.label or name
        for name, let in self.checked.lets.items():
            self.labels[name] = let.label or name
        self.section_labels: dict[str, str] = {}

        def collect(items: tuple[n.Section | n.Indicator, ...]) -> None:
            for item in items:
                self.section_labels[item.id] = item.label or item.id
                if isinstance(item, n.Section):
                    collect(item.children)

        collect(self.checked.rubric.children)
        self._compared = [compared_with(info.node.rule) for info in self.checked.indicators]
        self._name_bounds = rubric_bounds(self._compared)
        self.statements = Statements(self.checked, self.labels, self.kinds, self._name_bounds)
        self.explain_ctx = ExplainCtx(self.source, self.statements, explain_rule, is_rule)
        self._trace_readers = tuple(_trace_reader(info.node.rule) for info in self.checked.indicators)
        self._lets_read = lets_read(self.checked)
        self._date_fields = date_fields(self.checked)
        self._let_order = {name: position for position, name in enumerate(self.checked.lets)}
        self._memo_limit = max(16, _MEMO_ENTRIES // max(1, len(self.program.indicators)))
        self.statics = tuple(self._static(plan) for plan in self.program.indicators)
        self._section_statics: list[SectionStatic] = []
        self._section_order: list[SectionPlan] = []  # as listed: each section before what it contains
        self._prepare_sections(self.program.root, ())
        self._prepare_clean_sums()
        self._clean_run = type(
            "CleanRun",
            (CleanRun,),
            {
                "__slots__": (),
                "status": (SCORED,) * len(self.statics),
                "trace_readers": self._trace_readers,
                # The order in which the generated fast path records values: facts, then derived values.
                "env_names": (*self.checked.facts, *(let.name for let in self.checked.rubric.lets)),
            },
        )

    def record(self, env: Mapping[str, Any]) -> tuple[ValueRead, ...]:
        """The facts kept for the record (`record`), with their values as shown (— when absent)."""
        found = []
        for name, decl in self.checked.facts.items():
            if decl.record:
                value = env.get(name)
                shown = show(value, self.kinds.get(name, ""))
                if isinstance(value, tuple):
                    value = readable_items(value, self._date_fields.get(name, frozenset()))
                elif self.kinds.get(name) == "date" and isinstance(value, Decimal):
                    value = day_of(value)
                found.append(ValueRead(name, self.labels[name], value, shown))
        return tuple(found)

    @property
    def section_count(self) -> int:
        return len(self._section_statics)

    def explain(self, run: Run) -> tuple[tuple[IndicatorResult, ...], tuple[SectionResult, ...]]:
        """Explain a run: the IR interpreter's with its traces, or the closure evaluator's with its details."""
        if run.traces is None:
            run = replace(run, traces=TracesOfDetails(run.details, run.status, self._trace_readers))
        values: list[SectionValues] = []
        for plan in self._section_order:
            score = run.sections[plan.id]
            vetoed = None
            if score.vetoed_by is not None:
                vetoed = score.vetoed_by.reason or self.source.snippet(score.vetoed_by.condition.span)
            values.append((score.applicable_points, score.score, vetoed, score.adjusted))
        traced = cast("ExplainedRun", run)  # its traces are set above
        return self._indicators(traced), tuple([SectionResult(static, values) for static in self._section_statics])

    # ---- fast-path results: explained from what the generated function recorded, nothing evaluated again ----
    def clean_indicators(
        self,
        scores: Mapping[str, Decimal | None],
        details: tuple[Any, ...],
        values: tuple[Any, ...],
        raw_scores: tuple[Decimal, ...] | None,
    ) -> tuple[IndicatorResult, ...]:
        listed = cast("tuple[Decimal, ...]", tuple(scores.values()))  # a clean result scored every indicator
        return self._indicators(self._clean_run(listed, listed if raw_scores is None else raw_scores, details, values))

    def clean_sections(self, scores: Mapping[str, Decimal | None]) -> tuple[SectionResult, ...]:
        """A clean result has every indicator scored and no veto fired: each section's applicable points are
        the same every time, and its score is the sum of its children's, added (on first access) as the
        closure evaluator adds."""
        values = CleanSections(self, scores)
        new, cls = object.__new__, SectionResult
        sections = []
        for static in self._section_statics:
            section = new(cls)
            section._static = static
            section._values = values
            sections.append(section)
        return tuple(sections)

    def clean_section_values(self, scores: Mapping[str, Decimal | None]) -> list[tuple[Decimal, Decimal, None]]:
        sums: list[Any] = [*scores.values(), *self._no_sums]
        saved = decimal.getcontext()
        decimal.setcontext(self._context)  # a third of the cost of localcontext
        try:
            for target, children in self._sum_plan:
                sums[target] = sum(children(sums), _ZERO)
        finally:
            decimal.setcontext(saved)
        return [(applicable, sums[position], None) for applicable, position in self._clean_positions]

    def _indicators(self, run: ExplainedRun) -> tuple[IndicatorResult, ...]:
        new, cls = object.__new__, IndicatorResult
        out = []
        for static in self.statics:
            item = new(cls)
            item._static = static
            item._run = run
            out.append(item)
        return tuple(out)

    def _prepare_clean_sums(self) -> None:
        """Positions 0… hold the indicator scores, then one per section (the rubric last): ``_sum_plan`` adds
        children into their section innermost first."""
        count = len(self.program.indicators)
        position: dict[str, int] = {}
        plan_out: list[tuple[int, tuple[int, ...]]] = []
        applicable: dict[str, Decimal] = {}

        def walk(plan: SectionPlan) -> int:
            children = []
            points = _ZERO
            for child in plan.children:
                if isinstance(child, IndicatorPlan):
                    children.append(child.index)
                    with decimal.localcontext(CONTEXT):
                        points += child.points
                else:
                    children.append(walk(child))
                    with decimal.localcontext(CONTEXT):
                        points += applicable[child.id]
            position[plan.id] = count + len(position)
            applicable[plan.id] = points
            plan_out.append((position[plan.id], tuple(children)))
            return position[plan.id]

        walk(self.program.root)
        self._sum_plan = tuple((target, _getter(children)) for target, children in plan_out)
        self._context = CONTEXT.copy()  # a private copy: setcontext installs the object, flags and all
        self._no_sums = (None,) * len(position)
        self._clean_positions = tuple((applicable[plan.id], position[plan.id]) for plan in self._section_order)

    def steps(self, run: Run) -> tuple[Step, ...]:
        return total_steps(self.program, self.section_labels, self.statements, run)

    def grade_caps(self, run: Run) -> tuple[GradeCapResult, ...]:
        """The grade caps whose condition held, with their reasons (issue 10, form 6)."""
        written = self.checked.rubric.grade_caps
        found = []
        for cap in run.grade_caps:
            node = written[cap.index]
            reason = (
                Text(node.reason, node.reason)
                if node.reason
                else self.statements.condition(node.condition)(run.env, True)
            )
            found.append(GradeCapResult(cap.grade, run.uncapped_grade or run.grade, reason, cap.lowered))
        return tuple(found)

    # ---- sections -------------------------------------------------------------------------------------
    def _prepare_sections(self, plan: SectionPlan, path: tuple[str, ...]) -> None:
        for child in plan.children:
            if isinstance(child, SectionPlan):
                own = (*path, child.id)
                self._section_statics.append(
                    SectionStatic(
                        child.id,
                        self.section_labels[child.id],
                        own,
                        tuple(self.section_labels[p] for p in own),
                        child.points,
                        tuple(c.id if isinstance(c, SectionPlan) else c.info.node.id for c in child.children),
                        len(self._section_statics),
                    )
                )
                self._section_order.append(child)
                self._prepare_sections(child, own)

    # ---- indicators -----------------------------------------------------------------------------------
    def _static(self, plan: IndicatorPlan) -> IndicatorStatic:
        info = plan.info
        node = info.node
        path = (*info.path, node.id)
        return IndicatorStatic(
            id=node.id,
            label=node.label or node.id,
            path=path,
            path_labels=tuple(self.section_labels[p] for p in path),
            points=plan.points,
            standard=node.standard,
            rule=form_of(node.rule).name,
            index=plan.index,
            reason=reason_of(
                node.rule,
                self.explain_ctx,
                self.checked,
                lets=self._names_read(info.lets, ()),
                kind=node.kind,
                memo_limit=self._memo_limit,
            ),
            branch=branch_of(self.source, node.rule),
            reads=self._reads_of(self._names_read(info.lets, info.facts), self._compared[plan.index]),
            kind=node.kind.value,
            goal=goal_of(node, self.statements),
        )

    def _names_read(self, lets: tuple[str, ...], facts: tuple[str, ...]) -> tuple[str, ...]:
        """Every derived value an indicator depends on, transitively, in declaration order, then its facts."""
        found = set(lets)
        for name in lets:
            found.update(self._lets_read[name])
        return (*sorted(found, key=self._let_order.__getitem__), *facts)

    def _reads_of(
        self, names: tuple[str, ...], compared: Mapping[str, tuple[tuple[Decimal, ...], tuple[str, ...]]]
    ) -> Callable[[Mapping[str, Any]], tuple[ValueRead, ...]]:
        named = tuple(
            (name, self.labels[name], self.kinds.get(name, ""), self._bounds_of(name, compared)) for name in names
        )

        def reads(env: Mapping[str, Any]) -> tuple[ValueRead, ...]:
            out = []
            for name, label, kind, (bounds, others) in named:
                value = env.get(name)
                if others:
                    bounds = (*bounds, *[other for other in map(env.get, others) if isinstance(other, Decimal)])
                shown = show(value, kind, bounds)
                if kind == "date" and isinstance(value, Decimal):
                    value = day_of(value)  # a caller reads the day, never the day number it is carried as
                elif kind == "list" and isinstance(value, tuple):
                    value = readable_items(value, self._date_fields.get(name, frozenset()))
                out.append(ValueRead(name, label, value, shown))
            return tuple(out)

        return reads

    def _bounds_of(
        self, name: str, compared: Mapping[str, tuple[tuple[Decimal, ...], tuple[str, ...]]]
    ) -> tuple[tuple[Decimal, ...], tuple[str, ...]]:
        """What a value read is shown told apart from: every threshold it meets in the rubric, and the values of
        the names this indicator compares it with."""
        return self._name_bounds.get(name, ()), compared.get(name, ((), ()))[1]


def _trace_reader(rule: n.Rule) -> Callable[[Any], Trace]:
    """A closure detail of ``rule`` (the closures' or the fast path's) read as its form's trace."""
    trace_of = form_of(rule).trace_of
    return lambda detail: trace_of(rule, detail)


def _getter(positions: tuple[int, ...]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """``items → (items[p] for p in positions)`` as a tuple, one C call for two positions or more."""
    if len(positions) >= 2:
        return operator.itemgetter(*positions)
    return lambda items: tuple([items[position] for position in positions])
