"""A closure back end over the IR: the program compiled once (its nodes by :mod:`rubricdsl.ir.closures`), then
run per fact set.

It produces what :meth:`rubricdsl.evaluate.program.Program.run` produces — every indicator's status, score
(before and after rounding) and diagnostic, every section's score, applicable points and veto, the total
before and after the rescale and rounding, the grade — and, instead of per-form details, each scored
indicator's *trace*: the frame its IR recorded (:mod:`rubricdsl.ir.nodes`, "Traces").  Failures are caught
per derived value, per indicator and per veto, exactly as there.  It knows no rule form.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.evaluate.program import CONTEXT, FAILED, NOT_APPLICABLE, SCORED
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.assertions import Checked, check
from rubricdsl.ir.assertions import body as assertion_body
from rubricdsl.ir.closures import Env, Fn, Frame, compile_expr, item_label
from rubricdsl.ir.outcomes import Adjusted, CapOutcome, Move

_ZERO = Decimal(0)


@dataclass(slots=True)
class SectionOutcome:
    score: Decimal
    applicable_points: Decimal
    vetoed_by: int | None = None  # the position of the veto that fired, among its section's
    veto_errors: list[Diagnostic] = field(default_factory=list)
    moves: tuple[Move, ...] = ()  # points of not-applicable indicators moved to siblings
    adjusted: Adjusted | None = None  # penalties and bonuses (the root's: see IRRun.adjusted)


@dataclass(slots=True)
class IRRun:
    """One evaluation, by indicator index; ``traces[i]`` is indicator i's frame (None unless it ran)."""

    env: Env
    scores: list[Decimal | None]
    raw_scores: list[Decimal | None]
    traces: list[Frame | None]
    status: list[str]
    errors: dict[int, Diagnostic]
    na_reasons: dict[int, str]
    sections: dict[str, SectionOutcome]
    raw_total: Decimal
    rescaled_total: Decimal
    total: Decimal
    grade: str
    errors_outside: list[Diagnostic]
    program_trace: Frame  # raw_total, applicable, rescale, rescaled, total, grade
    assertions: tuple[Checked, ...] = ()  # each `assert`'s outcome, in declaration order
    adjusted: Adjusted | None = None  # the root's penalties and bonuses, on the rescaled total
    grade_caps: tuple[CapOutcome, ...] = ()  # caps whose condition held
    uncapped_grade: str | None = None  # the grade the total reached, when a cap lowered it


@dataclass(frozen=True, slots=True)
class CompiledIndicator:
    indicator: ir.Indicator
    body: Fn


@dataclass(frozen=True, slots=True)
class CompiledSection:
    node: ir.Section
    children: tuple[CompiledSection | CompiledIndicator, ...]
    vetoes: tuple[tuple[ir.Veto, Fn], ...]
    adjustments: tuple[tuple[ir.Adjustment, int], ...]
    ids: dict[int, str] = field(default_factory=dict)  # indicator index → id, for the moves' record


class Interpreter:
    """Compiles an :class:`ir.Program` once; :meth:`run` scores one set of converted facts."""

    def __init__(self, program: ir.Program) -> None:
        self.program = program
        self.derived = tuple((item.name, compile_expr(item.expr)) for item in program.derived)
        self.indicators = tuple(CompiledIndicator(item, compile_expr(item.body)) for item in program.indicators)
        self.root = self._section(program.root)
        self.total = compile_expr(program.total)
        self.grade = compile_expr(program.grade)
        self.assertions: tuple[tuple[ir.Assertion, Fn], ...] = tuple(
            (item, compile_expr(assertion_body(item))) for item in program.assertions
        )
        self.grade_caps = tuple((cap, compile_expr(cap.condition)) for cap in program.grade_caps)
        rounding = program.indicator_rounding
        self.rounding = None if rounding is None else (Decimal(1).scaleb(-rounding[0]), rounding[1].value)

    def _section(self, node: ir.Section) -> CompiledSection:
        by_index = {compiled.indicator.index: compiled for compiled in self.indicators}
        return CompiledSection(
            node,
            tuple(
                by_index[child.index] if isinstance(child, ir.Indicator) else self._section(child)
                for child in node.children
            ),
            tuple((veto, compile_expr(veto.condition)) for veto in node.vetoes),
            tuple((adjustment, adjustment.indicator.index) for adjustment in node.adjustments),
            {item.indicator.index: item.indicator.id for item in self.indicators},
        )

    def run(self, values: dict[str, Any], not_applicable: frozenset[str], invalid: frozenset[str]) -> IRRun:
        with decimal.localcontext(CONTEXT):
            return self._run(values, not_applicable, invalid)

    def _run(self, values: dict[str, Any], not_applicable: frozenset[str], invalid: frozenset[str]) -> IRRun:
        env: Env = dict(values)
        no_frame: Frame = {}
        let_failures: dict[str, EvalFailure | MissingName] = {}
        for name, compute in self.derived:
            try:
                env[name] = compute(env, no_frame)
            except MissingName as missing:
                let_failures[name] = let_failures.get(missing.name, missing)
            except EvalFailure as failure:
                let_failures[name] = failure
            except ArithmeticError:
                let_failures[name] = EvalFailure("E308", None)
        checks = tuple(check(item, compiled, env) for item, compiled in self.assertions)
        count = len(self.indicators)
        scores: list[Decimal | None] = [None] * count
        raw_scores: list[Decimal | None] = [None] * count
        traces: list[Frame | None] = [None] * count
        status = [SCORED] * count
        errors: dict[int, Diagnostic] = {}
        na_reasons: dict[int, str] = {}
        rounding = self.rounding
        optional = self.program.optional_facts
        for compiled in self.indicators:
            indicator = compiled.indicator
            index = indicator.index
            if not_applicable and indicator.id in not_applicable:
                status[index] = NOT_APPLICABLE
                na_reasons[index] = ""
                continue
            frame: Frame = {}
            traces[index] = frame
            try:
                score = compiled.body(env, frame)
            except MissingName as missing:
                cause = let_failures.get(missing.name, missing)
                if isinstance(cause, MissingName) and cause.name in optional and cause.name not in invalid:
                    status[index] = NOT_APPLICABLE
                    na_reasons[index] = cause.name
                else:
                    status[index] = FAILED
                    errors[index] = self._failure(cause, invalid)
                continue
            except EvalFailure as failure:
                status[index] = FAILED
                errors[index] = failure.diagnostic()
                continue
            except ArithmeticError:
                status[index] = FAILED
                errors[index] = messages.make("E308", indicator.span)
                continue
            raw_scores[index] = score
            scores[index] = score.quantize(rounding[0], rounding=rounding[1]) if rounding else score
        sections: dict[str, SectionOutcome] = {}
        root = self._aggregate(self.root, env, scores, status, sections, let_failures, invalid)
        program_frame: Frame = {"raw_total": root.score, "applicable": root.applicable_points}
        bonus, penalty = (_ZERO, _ZERO) if root.vetoed_by is not None else self._adjustments(self.root, scores)
        if self.root.adjustments:
            program_frame["bonus"], program_frame["penalty"] = bonus, penalty
        total = self.total(env, program_frame)
        program_frame["total"] = total
        grade = self.grade(env, program_frame)
        errors_outside: list[Diagnostic] = []
        if program_frame["rescale"] == "empty":
            errors_outside.append(messages.make("E305", None, name=self.program.root.id))
        adjusted = None
        if self.root.adjustments:
            base = program_frame["rescaled"]
            adjusted = Adjusted(base, bonus, penalty, program_frame["adjusted"], self.program.full)
        caps, uncapped_grade = self._cap_grade(grade, env, let_failures, invalid, errors_outside)
        if uncapped_grade is not None:  # the lowest grade any cap that held allows
            grade = max((grade, *(cap.grade for cap in caps)), key=self.program.grade_order.index)
            program_frame["capped_grade"] = grade
        return IRRun(
            env,
            scores,
            raw_scores,
            traces,
            status,
            errors,
            na_reasons,
            sections,
            root.score,
            program_frame["rescaled"],
            total,
            grade,
            errors_outside,
            program_frame,
            checks,
            adjusted,
            caps,
            uncapped_grade,
        )

    def _adjustments(self, section: CompiledSection, scores: list[Decimal | None]) -> tuple[Decimal, Decimal]:
        """The sums of the section's scored bonuses and penalties (a failed one adds nothing)."""
        bonus = penalty = _ZERO
        for adjustment, index in section.adjustments:
            value = scores[index]
            if value is not None:
                if adjustment.sign > 0:
                    bonus += value
                else:
                    penalty += value
        return bonus, penalty

    def _cap_grade(
        self,
        grade: str,
        env: Env,
        let_failures: dict[str, EvalFailure | MissingName],
        invalid: frozenset[str],
        errors: list[Diagnostic],
    ) -> tuple[tuple[CapOutcome, ...], str | None]:
        """The caps whose condition holds, and the grade before them when one lowered it (else None)."""
        order = self.program.grade_order
        fired: list[CapOutcome] = []
        for cap, condition in self.grade_caps:
            try:
                holds = condition(env, {})
            except MissingName as missing:
                errors.append(_cap_failed(cap, self._failure(let_failures.get(missing.name, missing), invalid)))
                continue
            except EvalFailure as failure:
                errors.append(_cap_failed(cap, failure.diagnostic()))
                continue
            except ArithmeticError:
                errors.append(_cap_failed(cap, messages.make("E308", cap.condition.span)))
                continue
            if holds:
                fired.append(CapOutcome(cap.index, cap.grade, order.index(grade) < order.index(cap.grade)))
        return tuple(fired), grade if any(cap.lowered for cap in fired) else None

    def _aggregate(
        self,
        section: CompiledSection,
        env: Env,
        scores: list[Decimal | None],
        status: list[str],
        sections: dict[str, SectionOutcome],
        let_failures: dict[str, EvalFailure | MissingName],
        invalid: frozenset[str],
    ) -> SectionOutcome:
        score = _ZERO
        applicable = _ZERO
        for child in section.children:
            if isinstance(child, CompiledIndicator):
                index = child.indicator.index
                state = status[index]
                if state is SCORED:
                    score += scores[index]  # type: ignore[operator]
                    applicable += child.indicator.points
                elif state is FAILED:
                    applicable += child.indicator.points
            else:
                inner = self._aggregate(child, env, scores, status, sections, let_failures, invalid)
                score += inner.score
                applicable += inner.applicable_points
        moves: tuple[Move, ...] = ()
        if section.node.redistribution is not None:
            score, applicable, moves = _redistribute(section, score, applicable, scores, status, sections)
        adjusted = None
        if section.adjustments and not section.node.is_root:  # the root's act on the rescaled total
            bonus, penalty = self._adjustments(section, scores)
            base = score
            score = max(_ZERO, score + bonus - penalty)
            if section.node.cap_at_points:
                score = min(score, section.node.points)
            adjusted = Adjusted(base, bonus, penalty, score, section.node.points)
        result = SectionOutcome(score, applicable, moves=moves, adjusted=adjusted)
        for veto, condition in section.vetoes:
            try:
                fired = condition(env, {})
            except MissingName as missing:
                cause = self._failure(let_failures.get(missing.name, missing), invalid)
                result.veto_errors.append(_veto_failed(veto, cause))
                continue
            except EvalFailure as failure:
                result.veto_errors.append(_veto_failed(veto, failure.diagnostic()))
                continue
            except ArithmeticError:
                result.veto_errors.append(_veto_failed(veto, messages.make("E308", veto.condition.span)))
                continue
            if fired:
                result.score = _ZERO
                result.vetoed_by = veto.index
                break
        sections[section.node.id] = result
        return result

    def _failure(self, cause: EvalFailure | MissingName, invalid: frozenset[str]) -> Diagnostic:
        if isinstance(cause, EvalFailure):
            return cause.diagnostic()
        label = self.program.fact_labels.get(cause.name) or item_label(self.program.fact_labels, cause.name)
        code = "E303" if cause.name in invalid else "E301"
        return messages.make(code, None, subject=cause.name, name=cause.name, label=label)


def _redistribute(
    section: CompiledSection,
    score: Decimal,
    applicable: Decimal,
    scores: list[Decimal | None],
    status: list[str],
    sections: dict[str, SectionOutcome],
) -> tuple[Decimal, Decimal, tuple[Move, ...]]:
    """The section's score and applicable points after its redistribution (:class:`ir.Redistribution`)."""
    plan = section.node.redistribution
    assert plan is not None
    ids = section.ids
    points = {
        child.indicator.index: child.indicator.points
        for child in section.children
        if isinstance(child, CompiledIndicator)
    }
    moves: list[Move] = []
    named_sources: set[int] = set()
    received_by: dict[str, Decimal] = {}  # points a receiver got from named moves, before the pro-rata one
    for source, receiver in plan.named:
        named_sources.add(source)
        if status[source] is not NOT_APPLICABLE or status[receiver] is NOT_APPLICABLE or not points[receiver]:
            continue
        moved, before = points[source], score
        received = scores[receiver]
        if received is not None:
            score = score + received * moved / points[receiver]
        applicable += moved
        received_by[ids[receiver]] = received_by.get(ids[receiver], _ZERO) + moved
        moves.append(
            Move(True, (ids[source],), moved, ((ids[receiver], moved),), before, score, points[receiver], received)
        )
    if plan.siblings:
        pool = [
            index
            for index in plan.members
            if status[index] is NOT_APPLICABLE and index not in named_sources and index not in plan.exempt
        ]
        moving = sum((points[index] for index in pool), _ZERO)
        if pool and applicable > 0 and moving:
            before, spread = score, applicable
            score = score * (applicable + moving) / applicable
            applicable += moving
            shares = _applicable_children(section, status, sections)
            receivers = tuple(
                (ident, moving * (share + received_by.get(ident, _ZERO)) / spread)
                for ident, share in shares
                if share or ident in received_by
            )
            moves.append(Move(False, tuple(ids[index] for index in pool), moving, receivers, before, score, spread))
    return score, applicable, tuple(moves)


def _applicable_children(
    section: CompiledSection, status: list[str], sections: dict[str, SectionOutcome]
) -> list[tuple[str, Decimal]]:
    """Each child's id and applicable points before the pro-rata move (a section's as aggregated)."""
    found: list[tuple[str, Decimal]] = []
    for child in section.children:
        if isinstance(child, CompiledIndicator):
            if status[child.indicator.index] is not NOT_APPLICABLE:
                found.append((child.indicator.id, child.indicator.points))
        else:
            found.append((child.node.id, sections[child.node.id].applicable_points))
    return found


def _cap_failed(cap: ir.GradeCap, cause: Diagnostic) -> Diagnostic:
    return messages.make(
        "E256",
        cap.condition.span,
        subject=cause.subject,
        grade=cap.grade,
        detail=cause.message.en,
        detail_zh=cause.message.zh,
    )


def _veto_failed(veto: ir.Veto, cause: Diagnostic) -> Diagnostic:
    return messages.make(
        "E309", veto.condition.span, subject=cause.subject, detail=cause.message.en, detail_zh=cause.message.zh
    )
