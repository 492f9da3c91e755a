"""The compiled program of one rubric and its run over one set of converted facts.

A :class:`Program` is built once per rubric.  :meth:`Program.run` computes derived values, every indicator,
vetoes, the not-applicable rescale, rounding and the grade, and returns a flat :class:`Run` record.  Nothing
here formats text: the result stage reads the record and the plan when someone asks why.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.evaluate.expressions import Env, ExprCompiler, Fn
from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.evaluate.reference import covers
from rubricdsl.evaluate.rules import RuleFn, compile_rule
from rubricdsl.ir.outcomes import Adjusted, CapOutcome, Move
from rubricdsl.semantics.check import CheckedRubric, IndicatorInfo
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.numbers import scaled, share_of_percent

# Wide enough that sums and products of any realistic amounts stay exact; divisions round at 50 digits.
CONTEXT: Final = decimal.Context(
    prec=50,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
NATIONAL_GRADES: Final = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))
NATIONAL_OTHERWISE: Final = "差"
_ZERO = Decimal(0)

SCORED, NOT_APPLICABLE, FAILED = "scored", "not_applicable", "error"
_ROUNDING = {
    n.RoundingMode.HALF_UP: decimal.ROUND_HALF_UP,
    n.RoundingMode.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    n.RoundingMode.DOWN: decimal.ROUND_DOWN,
    n.RoundingMode.UP: decimal.ROUND_UP,
}


@dataclass(frozen=True, slots=True)
class IndicatorPlan:
    index: int
    info: IndicatorInfo
    points: Decimal
    rule: RuleFn


@dataclass(frozen=True, slots=True)
class VetoPlan:
    node: n.Veto
    condition: Fn


@dataclass(frozen=True, slots=True)
class SectionPlan:
    id: str
    node: n.Section | None  # None for the rubric itself
    points: Decimal
    children: tuple[SectionPlan | IndicatorPlan, ...]
    vetoes: tuple[VetoPlan, ...]


@dataclass(slots=True)
class SectionScore:
    score: Decimal
    applicable_points: Decimal
    vetoed_by: n.Veto | None = None
    veto_errors: list[Diagnostic] = field(default_factory=list)
    moves: tuple[Move, ...] = ()  # issue 10: points moved from not-applicable indicators (IR runs only)
    adjusted: Adjusted | None = None  # issue 10: penalties and bonuses (IR runs only)


@dataclass(slots=True)
class Run:
    env: Env
    scores: list[Decimal | None]
    raw_scores: list[Decimal | None]
    details: list[Any]
    status: list[str]
    errors: dict[int, Diagnostic]
    na_reasons: dict[int, str]
    sections: dict[str, SectionScore]
    raw_total: Decimal
    rescaled_total: Decimal
    total: Decimal
    grade: str
    errors_outside: list[Diagnostic]
    # Each indicator's IR trace, when the run came from the IR interpreter; the explanation reads these, and
    # reads a run of the closures here (details only) through each form's ``trace_of``.
    traces: Sequence[Mapping[str, Any] | None] | None = None
    # Each `assert`'s outcome (ir/assertions.Checked), when the run came from the IR interpreter.
    assertions: tuple[Any, ...] = ()
    # Issue 10 (IR runs only): the root's penalties and bonuses on the rescaled total, the grade caps that held,
    # and the grade the total reached when a cap lowered it.
    adjusted: Adjusted | None = None
    grade_caps: tuple[CapOutcome, ...] = ()
    uncapped_grade: str | None = None


def _quantizer(rounding: n.Rounding | None) -> tuple[Decimal, str] | None:
    if rounding is None:
        return None
    return Decimal(1).scaleb(-rounding.places), _ROUNDING[rounding.mode]


class NotInReference(RuntimeError):
    """``Program.run`` on a rubric with constructs v1 did not have: only the IR scores it."""


def _refused_expr(expr: n.Expr) -> Fn:
    def refused(env: Env) -> Any:
        raise NotInReference(type(expr).__name__)

    return refused


def _refused_rule(env: Env) -> tuple[Decimal, Any]:
    raise NotInReference("rule")


class Program:
    def __init__(self, checked: CheckedRubric) -> None:
        rubric = checked.rubric
        self.checked = checked
        # A rubric with v2 constructs is scored by the IR alone (evaluate/reference.py): the plans below are
        # still built for the explainer, but nothing of it is compiled to closures that could not take it.
        self.covers = covers(checked)
        exprs = ExprCompiler(checked.source, frozenset(checked.facts))
        compile_expr = exprs.compile if self.covers else _refused_expr
        self.lets: tuple[tuple[str, Fn], ...] = tuple((let.name, compile_expr(let.expr)) for let in rubric.lets)
        self.optional = frozenset(name for name, decl in checked.facts.items() if decl.optional)
        plans: dict[str, IndicatorPlan] = {}
        for index, info in enumerate(checked.indicators):
            points = info.node.points.value
            plans[info.node.id] = IndicatorPlan(
                index,
                info,
                points,
                compile_rule(info.node.rule, points, exprs, info.node.id) if self.covers else _refused_rule,
            )
        self.indicators: tuple[IndicatorPlan, ...] = tuple(plans.values())

        def section(
            node: n.Section | None,
            children: tuple[n.Section | n.Indicator, ...],
            vetoes: tuple[n.Veto, ...],
            ident: str,
            points: Decimal,
        ) -> SectionPlan:
            built = tuple(
                plans[child.id]
                if isinstance(child, n.Indicator)
                else section(child, child.children, child.vetoes, child.id, child.points.value)
                for child in children
            )
            return SectionPlan(
                ident, node, points, built, tuple(VetoPlan(veto, compile_expr(veto.condition)) for veto in vetoes)
            )

        self.root = section(None, rubric.children, rubric.vetoes, rubric.id, rubric.full.value)
        by_target = {rounding.target: rounding for rounding in rubric.rounding}
        self.indicator_rounding = _quantizer(by_target.get("indicators"))
        self.total_rounding = _quantizer(by_target.get("total"))
        if rubric.grades is not None:
            self.grades = tuple((band.threshold.value, band.name, band.op is n.Op.GT) for band in rubric.grades.bands)
            self.grade_otherwise = rubric.grades.otherwise
        else:
            # The national bands are written for 100 points; a rubric out of another full score is graded on
            # the same shares of its full score (90% of it and more is 优).
            scale = share_of_percent(rubric.full.value)
            self.grades = tuple((scaled(threshold, scale), name, False) for threshold, name in NATIONAL_GRADES)
            self.grade_otherwise = NATIONAL_OTHERWISE

    # ---- running ------------------------------------------------------------------------------------------
    def run(self, values: dict[str, Any], not_applicable: frozenset[str], invalid: frozenset[str]) -> Run:
        if not self.covers:
            raise NotInReference(self.checked.rubric.id)
        with decimal.localcontext(CONTEXT):
            return self._run(values, not_applicable, invalid)

    def _run(self, values: dict[str, Any], not_applicable: frozenset[str], invalid: frozenset[str]) -> Run:
        env: Env = dict(values)
        let_failures: dict[str, EvalFailure | MissingName] = {}
        for name, compute in self.lets:
            try:
                env[name] = compute(env)
            except MissingName as missing:
                let_failures[name] = let_failures.get(missing.name, missing)
            except EvalFailure as failure:
                let_failures[name] = failure
            except ArithmeticError:
                let_failures[name] = EvalFailure("E308", None)
        count = len(self.indicators)
        scores: list[Decimal | None] = [None] * count
        raw_scores: list[Decimal | None] = [None] * count
        details: list[Any] = [None] * count
        status = [SCORED] * count
        errors: dict[int, Diagnostic] = {}
        na_reasons: dict[int, str] = {}
        quantizer = self.indicator_rounding
        for plan in self.indicators:
            index = plan.index
            if not_applicable and plan.info.node.id in not_applicable:
                status[index] = NOT_APPLICABLE
                na_reasons[index] = ""
                continue
            try:
                score, details[index] = plan.rule(env)
                if not _ZERO <= score <= plan.points:
                    raise EvalFailure("E307", plan.info.node.rule.span, value=score, points=plan.points)
            except MissingName as missing:
                cause = let_failures.get(missing.name, missing)
                if isinstance(cause, MissingName) and cause.name in self.optional and cause.name not in invalid:
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
                errors[index] = messages.make("E308", plan.info.node.rule.span)
                continue
            raw_scores[index] = score
            scores[index] = score.quantize(quantizer[0], rounding=quantizer[1]) if quantizer else score
        sections: dict[str, SectionScore] = {}
        errors_outside: list[Diagnostic] = []
        root = self._aggregate(self.root, env, scores, status, sections, let_failures, invalid)
        raw_total = root.score
        rescaled = raw_total
        full = self.root.points
        if root.applicable_points != full:
            if root.applicable_points == 0:
                errors_outside.append(messages.make("E305", None, name=self.root.id))
                rescaled = _ZERO
            else:
                rescaled = raw_total * full / root.applicable_points
        total = rescaled
        if self.total_rounding is not None:
            total = total.quantize(self.total_rounding[0], rounding=self.total_rounding[1])
        return Run(
            env,
            scores,
            raw_scores,
            details,
            status,
            errors,
            na_reasons,
            sections,
            raw_total,
            rescaled,
            total,
            self.grade_of(total),
            errors_outside,
        )

    def grade_of(self, total: Decimal) -> str:
        for threshold, name, strict in self.grades:
            if total > threshold or (not strict and total == threshold):
                return name
        return self.grade_otherwise

    def _aggregate(
        self,
        plan: SectionPlan,
        env: Env,
        scores: list[Decimal | None],
        status: list[str],
        sections: dict[str, SectionScore],
        let_failures: dict[str, EvalFailure | MissingName],
        invalid: frozenset[str],
    ) -> SectionScore:
        score = _ZERO
        applicable = _ZERO
        for child in plan.children:
            if isinstance(child, IndicatorPlan):
                state = status[child.index]
                if state is SCORED:
                    score += scores[child.index]  # type: ignore[operator]
                    applicable += child.points
                elif state is FAILED:
                    applicable += child.points
            else:
                inner = self._aggregate(child, env, scores, status, sections, let_failures, invalid)
                score += inner.score
                applicable += inner.applicable_points
        result = SectionScore(score, applicable)
        for veto in plan.vetoes:
            try:
                fired = veto.condition(env)
            except MissingName as missing:
                result.veto_errors.append(
                    self._veto_failed(veto, self._failure(let_failures.get(missing.name, missing), invalid))
                )
                continue
            except EvalFailure as failure:
                result.veto_errors.append(self._veto_failed(veto, failure.diagnostic()))
                continue
            except ArithmeticError:
                result.veto_errors.append(self._veto_failed(veto, messages.make("E308", veto.node.condition.span)))
                continue
            if fired:
                result.score = _ZERO
                result.vetoed_by = veto.node
                break
        sections[plan.id] = result
        return result

    @staticmethod
    def _veto_failed(veto: VetoPlan, cause: Diagnostic) -> Diagnostic:
        """Say that it was a veto that could not be evaluated, and why."""
        return messages.make(
            "E309", veto.node.condition.span, subject=cause.subject, detail=cause.message.en, detail_zh=cause.message.zh
        )

    def _failure(self, cause: EvalFailure | MissingName, invalid: frozenset[str]) -> Diagnostic:
        if isinstance(cause, EvalFailure):
            return cause.diagnostic()
        decl = self.checked.facts.get(cause.name)
        label = decl.label or decl.name if decl is not None else cause.name
        code = "E303" if cause.name in invalid else "E301"
        return messages.make(code, None, subject=cause.name, name=cause.name, label=label)
