"""A closure back end over the IR: each node compiled once into ``(env, frame) → value``, then run per fact set.

It produces what :meth:`rubricdsl.evaluate.program.Program.run` produces — every indicator's status, score
(before and after rounding) and diagnostic, every section's score, applicable points and veto, the total
before and after the rescale and rounding, the grade — and, instead of per-form details, each scored
indicator's *trace*: the frame its IR recorded (:mod:`rubricdsl.ir.nodes`, "Traces").  Failures are caught
per derived value, per indicator and per veto, exactly as there.  It knows no rule form.
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.evaluate.program import CONTEXT, FAILED, NOT_APPLICABLE, SCORED
from rubricdsl.ir import nodes as ir

Env = dict[str, Any]
Frame = dict[str, Any]
Fn = Callable[[Env, Frame], Any]
_ZERO = Decimal(0)
_ONE = Decimal(1)

_ARITH: dict[ir.ArithOp, Callable[[Any, Any], Any]] = {
    ir.ArithOp.ADD: operator.add,
    ir.ArithOp.SUB: operator.sub,
    ir.ArithOp.MUL: operator.mul,
}
_CMP: dict[ir.CmpOp, Callable[[Any, Any], bool]] = {
    ir.CmpOp.GE: operator.ge,
    ir.CmpOp.GT: operator.gt,
    ir.CmpOp.LE: operator.le,
    ir.CmpOp.LT: operator.lt,
    ir.CmpOp.EQ: operator.eq,
    ir.CmpOp.NE: operator.ne,
}


def compile_expr(node: ir.Expr) -> Fn:
    """The closure computing ``node``; see each node's docstring for what it must do."""
    match node:
        case ir.Const():
            value = node.value
            return lambda env, frame: value
        case ir.Ref():
            name = node.name

            def ref(env: Env, frame: Frame) -> Any:
                try:
                    return env[name]
                except KeyError:
                    raise MissingName(name) from None

            return ref
        case ir.Var():
            key = node.key
            return lambda env, frame: frame[key]
        case ir.Let():
            return _let(node.key, compile_expr(node.value), compile_expr(node.body))
        case ir.Neg():
            negated = compile_expr(node.operand)
            return lambda env, frame: -negated(env, frame)
        case ir.Not():
            inverted = compile_expr(node.operand)
            return lambda env, frame: not inverted(env, frame)
        case ir.Arith() | ir.Cmp():
            return _binary(_ARITH[node.op] if isinstance(node, ir.Arith) else _CMP[node.op], node.left, node.right)
        case ir.And():
            first, second = compile_expr(node.left), compile_expr(node.right)
            return lambda env, frame: first(env, frame) and second(env, frame)
        case ir.Or():
            either, other = compile_expr(node.left), compile_expr(node.right)
            return lambda env, frame: either(env, frame) or other(env, frame)
        case ir.Div():
            return _div(node)
        case ir.Min() | ir.Max():
            pick = min if isinstance(node, ir.Min) else max
            args = [compile_expr(arg) for arg in node.args]
            return lambda env, frame: pick([arg(env, frame) for arg in args])
        case ir.Abs():
            inner = compile_expr(node.operand)
            return lambda env, frame: abs(inner(env, frame))
        case ir.Clamp():
            return _clamp(compile_expr(node.value), compile_expr(node.low), compile_expr(node.high))
        case ir.Floor() | ir.Ceil():
            mode = decimal.ROUND_FLOOR if isinstance(node, ir.Floor) else decimal.ROUND_CEILING
            whole = compile_expr(node.operand)
            return lambda env, frame: whole(env, frame).to_integral_value(rounding=mode)
        case ir.Round():
            quantum, rounding = Decimal(1).scaleb(-node.places), node.mode.value
            rounded = compile_expr(node.operand)
            return lambda env, frame: rounded(env, frame).quantize(quantum, rounding=rounding)
        case ir.Sum():
            return _sum([compile_expr(term) for term in node.terms])
        case ir.Count():
            conditions = [compile_expr(condition) for condition in node.conditions]
            return lambda env, frame: Decimal(sum(1 for held in [c(env, frame) for c in conditions] if held))
        case ir.Select():
            return _select(node)
        case ir.Scope():
            return _scope(node.key, compile_expr(node.body))
        case ir.Rescale():
            return _rescale(node)
        case ir.Guard():
            return _guard(node)
        case ir.Fail():
            return _fail(node)


def _binary(function: Callable[[Any, Any], Any], left_node: ir.Expr, right_node: ir.Expr) -> Fn:
    """``function(left, right)``; a constant or a bound value as an operand is read inline (a band test is
    one call, not three), which changes no value."""
    if isinstance(right_node, ir.Const):
        constant = right_node.value
        if isinstance(left_node, ir.Var):
            key = left_node.key
            return lambda env, frame: function(frame[key], constant)
        left = compile_expr(left_node)
        return lambda env, frame: function(left(env, frame), constant)
    if isinstance(left_node, ir.Const):
        fixed = left_node.value
        if isinstance(right_node, ir.Var):
            bound = right_node.key
            return lambda env, frame: function(fixed, frame[bound])
        right = compile_expr(right_node)
        return lambda env, frame: function(fixed, right(env, frame))
    first, second = compile_expr(left_node), compile_expr(right_node)
    return lambda env, frame: function(first(env, frame), second(env, frame))


def _guard(node: ir.Guard) -> Fn:
    value, key, low, high, failure = compile_expr(node.value), node.key, node.low, node.high, _fail(node.failure)

    def guard(env: Env, frame: Frame) -> Any:
        found = frame[key] = value(env, frame)
        if low <= found <= high:
            return found
        return failure(env, frame)

    return guard


def _let(key: str, value: Fn, body: Fn) -> Fn:
    def let(env: Env, frame: Frame) -> Any:
        frame[key] = value(env, frame)
        return body(env, frame)

    return let


def _div(node: ir.Div) -> Fn:
    dividend, divisor = compile_expr(node.dividend), compile_expr(node.divisor)
    failure = _fail(node.failure) if node.failure is not None else None

    def divide(env: Env, frame: Frame) -> Any:
        denominator = divisor(env, frame)
        if failure is not None and not denominator:
            failure(env, frame)
        return dividend(env, frame) / denominator  # a zero here (failure None) traps: E308

    return divide


def _clamp(value: Fn, low: Fn, high: Fn) -> Fn:
    def clamp(env: Env, frame: Frame) -> Any:
        found, lowest, highest = value(env, frame), low(env, frame), high(env, frame)
        return lowest if found < lowest else highest if found > highest else found

    return clamp


def _sum(terms: list[Fn]) -> Fn:
    def total(env: Env, frame: Frame) -> Any:
        result = _ZERO
        for term in terms:
            result = result + term(env, frame)
        return result

    return total


def _select(node: ir.Select) -> Fn:
    # An arm's constant value is returned as it is, not through a call: bands, checklist items, grades.
    arms = [
        (
            compile_expr(arm.condition),
            None if isinstance(arm.value, ir.Const) else compile_expr(arm.value),
            arm.value.value if isinstance(arm.value, ir.Const) else None,
            index,
        )
        for index, arm in enumerate(node.arms)
    ]
    otherwise, otherwise_arm, key = compile_expr(node.otherwise), node.otherwise_arm, node.key
    if key is None:

        def choose(env: Env, frame: Frame) -> Any:
            for condition, value, constant, _ in arms:
                if condition(env, frame):
                    return constant if value is None else value(env, frame)
            return otherwise(env, frame)

        return choose

    def choose_and_record(env: Env, frame: Frame) -> Any:
        for condition, value, constant, index in arms:
            if condition(env, frame):
                frame[key] = index
                return constant if value is None else value(env, frame)
        frame[key] = otherwise_arm
        return otherwise(env, frame)

    return choose_and_record


def _scope(key: str, body: Fn) -> Fn:
    def scope(env: Env, frame: Frame) -> Any:
        inner: Frame = {}
        frame[key] = inner
        return body(env, inner)

    return scope


def _rescale(node: ir.Rescale) -> Fn:
    score, applicable, full, key = compile_expr(node.score), compile_expr(node.applicable), node.full, node.key

    def rescale(env: Env, frame: Frame) -> Any:
        raw, points = score(env, frame), applicable(env, frame)
        if points == full:
            frame[key] = "none"
            return raw
        if points == 0:
            frame[key] = "empty"
            return _ZERO
        frame[key] = "rescaled"
        return raw * full / points

    return rescale


def _fail(node: ir.Fail) -> Fn:
    code, span = node.code, node.span
    args = [(name, compile_expr(value)) for name, value in node.args]

    def fail(env: Env, frame: Frame) -> Any:
        raise EvalFailure(code, span, **{name: value(env, frame) for name, value in args})

    return fail


# ---- the program ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class SectionOutcome:
    score: Decimal
    applicable_points: Decimal
    vetoed_by: int | None = None  # the position of the veto that fired, among its section's
    veto_errors: list[Diagnostic] = field(default_factory=list)


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


@dataclass(frozen=True, slots=True)
class _Compiled:
    indicator: ir.Indicator
    body: Fn


@dataclass(frozen=True, slots=True)
class _CompiledSection:
    node: ir.Section
    children: tuple[_CompiledSection | _Compiled, ...]
    vetoes: tuple[tuple[ir.Veto, Fn], ...]
    adjustments: tuple[tuple[ir.Adjustment, int], ...]


class Interpreter:
    """Compiles an :class:`ir.Program` once; :meth:`run` scores one set of converted facts."""

    def __init__(self, program: ir.Program) -> None:
        self.program = program
        self.derived = tuple((item.name, compile_expr(item.expr)) for item in program.derived)
        self.indicators = tuple(_Compiled(item, compile_expr(item.body)) for item in program.indicators)
        self.root = self._section(program.root)
        self.total = compile_expr(program.total)
        self.grade = compile_expr(program.grade)
        rounding = program.indicator_rounding
        self.rounding = None if rounding is None else (Decimal(1).scaleb(-rounding[0]), rounding[1].value)

    def _section(self, node: ir.Section) -> _CompiledSection:
        by_index = {compiled.indicator.index: compiled for compiled in self.indicators}
        return _CompiledSection(
            node,
            tuple(
                by_index[child.index] if isinstance(child, ir.Indicator) else self._section(child)
                for child in node.children
            ),
            tuple((veto, compile_expr(veto.condition)) for veto in node.vetoes),
            tuple((adjustment, adjustment.indicator.index) for adjustment in node.adjustments),
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
        total = self.total(env, program_frame)
        program_frame["total"] = total
        grade = self.grade(env, program_frame)
        errors_outside: list[Diagnostic] = []
        if program_frame["rescale"] == "empty":
            errors_outside.append(messages.make("E305", None, name=self.program.root.id))
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
        )

    def _aggregate(
        self,
        section: _CompiledSection,
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
            if isinstance(child, _Compiled):
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
        if section.adjustments:
            for adjustment, index in section.adjustments:
                adjusted = scores[index]
                if adjusted is not None:
                    score = score + adjusted if adjustment.sign > 0 else score - adjusted
            score = max(_ZERO, score)
            if section.node.cap_at_points:
                score = min(score, section.node.points)
        result = SectionOutcome(score, applicable)
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
        label = self.program.fact_labels.get(cause.name, cause.name)
        code = "E303" if cause.name in invalid else "E301"
        return messages.make(code, None, subject=cause.name, name=cause.name, label=label)


def _veto_failed(veto: ir.Veto, cause: Diagnostic) -> Diagnostic:
    return messages.make(
        "E309", veto.condition.span, subject=cause.subject, detail=cause.message.en, detail_zh=cause.message.zh
    )
