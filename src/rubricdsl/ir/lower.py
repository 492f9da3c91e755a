"""Lower a checked rubric to the scoring IR, once: every back end then reads the same :class:`ir.Program`.

Rules are lowered by their form (:mod:`rubricdsl.forms`); this module lowers what is the same for every
form — derived values, the ``E307`` guard that a score lies in [0, points], sections and vetoes, the
not-applicable rescale, rounding and grades — with the semantics of :mod:`rubricdsl.evaluate.program`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from rubricdsl.evaluate.program import NATIONAL_GRADES, NATIONAL_OTHERWISE
from rubricdsl.forms import LowerCtx, form_of, is_rule, lower_rule
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.expressions import COMPARISONS, ExprLowering
from rubricdsl.reading.source import Span
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.semantics.sections import grade_order
from rubricdsl.syntax import nodes as n

ROUND_MODES = {
    n.RoundingMode.HALF_UP: ir.RoundMode.HALF_UP,
    n.RoundingMode.HALF_EVEN: ir.RoundMode.HALF_EVEN,
    n.RoundingMode.DOWN: ir.RoundMode.DOWN,
    n.RoundingMode.UP: ir.RoundMode.UP,
}
SCORE_KEY = "score"  # the indicator's raw score, bound by the E307 guard: reserved, no form may use it
UNCAPPED_KEY = "before_cap"  # a penalty's or bonus's rule value before its cap: reserved likewise


def guarded(body: ir.Expr, points: Decimal, rule_span: Span) -> ir.Expr:
    """``body``, failing with E307 unless its value lies in [0, points]."""
    out_of_range = ir.Fail(
        code="E307", args=(("value", ir.Var(key=SCORE_KEY)), ("points", ir.Const(value=points))), span=rule_span
    )
    return ir.Guard(key=SCORE_KEY, value=body, low=Decimal(0), high=points, failure=out_of_range, span=rule_span)


def lower_indicator(node: n.Indicator, index: int, exprs: ExprLowering, rule: object | None = None) -> ir.Indicator:
    """One indicator; ``rule`` replaces the node's own rule (a v2 form the grammar cannot write yet)."""
    rule = node.rule if rule is None else rule
    points = node.points.value
    ctx = LowerCtx(exprs, node.id, points, lower_rule, is_rule)
    span: Span = getattr(rule, "span")  # noqa: B009 - every rule node has a span; `rule` is typed object
    body = lower_rule(rule, ctx)
    if node.adjusts:  # 最高减分 / 最高加分: a value above the cap counts as the cap; a negative one is E307
        capped = ir.Min(args=(ir.Var(key=UNCAPPED_KEY), ir.Const(value=points)), span=span)
        body = ir.Let(key=UNCAPPED_KEY, value=body, body=capped, span=span)
    return ir.Indicator(
        id=node.id,
        index=index,
        points=points,
        body=guarded(body, points, span),
        form=form_of(rule).name,
        span=span,
    )


def lower_program(checked: CheckedRubric, rules: Mapping[str, object] | None = None) -> ir.Program:
    """The rubric as IR; ``rules`` (by indicator id) replaces indicators' rules with rules the grammar cannot
    write yet (a v2 form built as an AST in a test), lowered by their forms like any other."""
    rubric = checked.rubric
    replaced = rules or {}
    lists = {
        name: frozenset(field.name for field in decl.type.fields)
        for name, decl in checked.facts.items()
        if decl.type.kind is n.FactKind.LIST
    }
    labels = {name: decl.label or name for name, decl in checked.facts.items()}
    exprs = ExprLowering(checked.source, frozenset(checked.facts), labels, lists)
    derived = tuple(ir.Derived(name=let.name, expr=exprs.lower(let.expr), span=let.span) for let in rubric.lets)
    indicators = {
        info.node.id: lower_indicator(info.node, index, exprs, replaced.get(info.node.id))
        for index, info in enumerate(checked.indicators)
    }

    def section(node: n.Section | n.Rubric, points: Decimal, *, root: bool = False) -> ir.Section:
        children = node.children
        return ir.Section(
            id=node.id,
            points=points,
            children=tuple(
                indicators[child.id] if isinstance(child, n.Indicator) else section(child, child.points.value)
                for child in children
                if not n.adjusts(child)
            ),
            vetoes=tuple(
                ir.Veto(index=position, condition=exprs.lower(veto.condition), reason=veto.reason, span=veto.span)
                for position, veto in enumerate(node.vetoes)
            ),
            adjustments=tuple(
                ir.Adjustment(
                    indicator=indicators[child.id],
                    sign=1 if child.kind is n.IndicatorKind.BONUS else -1,
                    span=child.span,
                )
                for child in children
                if isinstance(child, n.Indicator) and child.adjusts
            ),
            cap_at_points=not node.uncapped,
            redistribution=_redistribution(node, indicators),
            is_root=root,
            span=node.span,
        )

    root = section(rubric, rubric.full.value, root=True)
    by_target = {rounding.target: rounding for rounding in rubric.rounding}
    per_indicator = by_target.get("indicators")
    total: ir.Expr = ir.Var(key="rescaled")
    if (on_total := by_target.get("total")) is not None:
        total = ir.Round(operand=total, places=on_total.places, mode=ROUND_MODES[on_total.mode], span=on_total.span)
    rescale = ir.Rescale(
        key="rescale", score=ir.Var(key="raw_total"), applicable=ir.Var(key="applicable"), full=rubric.full.value
    )
    if root.adjustments:  # the root's penalties and bonuses act on the rescaled total, before its rounding
        total = ir.Let(key="adjusted", value=_adjusted_total(rubric), body=_reading("adjusted", total))
    return ir.Program(
        id=rubric.id,
        full=rubric.full.value,
        derived=derived,
        indicators=tuple(indicators.values()),
        root=root,
        indicator_rounding=None if per_indicator is None else (per_indicator.places, ROUND_MODES[per_indicator.mode]),
        total=ir.Let(key="rescaled", value=rescale, body=total),
        grade=_grade(rubric),
        optional_facts=frozenset(name for name, decl in checked.facts.items() if decl.optional),
        fact_labels={name: decl.label or decl.name for name, decl in checked.facts.items()},
        inputs=tuple(_input(decl) for decl in checked.facts.values()),
        assertions=tuple(_assertion(index, item, exprs) for index, item in enumerate(rubric.assertions)),
        grade_caps=tuple(
            ir.GradeCap(
                index=position,
                condition=exprs.lower(cap.condition),
                grade=cap.grade,
                reason=cap.reason,
                span=cap.span,
            )
            for position, cap in enumerate(rubric.grade_caps)
        ),
        grade_order=grade_order(rubric),
        span=rubric.span,
    )


def _assertion(index: int, item: n.Assertion, exprs: ExprLowering) -> ir.Assertion:
    """``|l − r| <= t`` for ``== within t``, ``l <= r + t`` and ``l >= r − t``; the plain comparison without."""
    left, right = ir.Var(key="left"), ir.Var(key="right")
    op = COMPARISONS[item.op]
    holds: ir.Expr = ir.Cmp(op=op, left=left, right=right, span=item.span)
    if item.tolerance is not None:
        tolerance = ir.Const(value=item.tolerance.value, span=item.tolerance.span)
        if op is ir.CmpOp.EQ:
            distance = ir.Abs(operand=ir.Arith(op=ir.ArithOp.SUB, left=left, right=right))
            holds = ir.Cmp(op=ir.CmpOp.LE, left=distance, right=tolerance, span=item.span)
        else:
            widened = ir.Arith(op=ir.ArithOp.ADD if op is ir.CmpOp.LE else ir.ArithOp.SUB, left=right, right=tolerance)
            holds = ir.Cmp(op=op, left=left, right=widened, span=item.span)
    return ir.Assertion(
        index=index,
        left=exprs.lower(item.left),
        right=exprs.lower(item.right),
        holds=holds,
        warn=item.warn,
        message=item.message,
        span=item.span,
    )


def _redistribution(node: n.Section | n.Rubric, indicators: Mapping[str, ir.Indicator]) -> ir.Redistribution | None:
    """The section's not-applicable policies as IR, or None when it has only the default (rescale)."""
    if not node.na_policies or all(policy.target == n.RESCALE for policy in node.na_policies):
        return None
    members = tuple(
        indicators[child.id].index for child in node.children if isinstance(child, n.Indicator) and not child.adjusts
    )
    named = tuple(
        (indicators[policy.source].index, indicators[policy.target].index)
        for policy in node.na_policies
        if policy.source is not None and policy.target not in (n.RESCALE, n.SIBLINGS)
    )
    exempt = frozenset(
        indicators[policy.source].index
        for policy in node.na_policies
        if policy.source is not None and policy.target == n.RESCALE
    )
    siblings = any(policy.target == n.SIBLINGS for policy in node.na_policies)
    return ir.Redistribution(siblings=siblings, members=members, named=named, exempt=exempt, span=node.span)


def _adjusted_total(rubric: n.Rubric) -> ir.Expr:
    """max(0, rescaled + bonus − penalty), and at most the full score unless the rubric is ``uncapped``."""
    moved = ir.Arith(
        op=ir.ArithOp.SUB,
        left=ir.Arith(op=ir.ArithOp.ADD, left=ir.Var(key="rescaled"), right=ir.Var(key="bonus")),
        right=ir.Var(key="penalty"),
    )
    floored = ir.Max(args=(ir.Const(value=Decimal(0)), moved))
    if rubric.uncapped:
        return floored
    return ir.Min(args=(floored, ir.Const(value=rubric.full.value)))


def _reading(key: str, total: ir.Expr) -> ir.Expr:
    """``total`` (``Var("rescaled")``, or its rounding) reading ``key`` instead."""
    if isinstance(total, ir.Round):
        return ir.Round(operand=ir.Var(key=key), places=total.places, mode=total.mode, span=total.span)
    return ir.Var(key=key)


def _input(decl: n.FactDecl) -> ir.Input:
    fields = tuple(
        _input(
            n.FactDecl(name=f.name, label=None, type=f.type, bounds=f.bounds, optional=f.optional, default=f.default)
        )
        for f in decl.type.fields
    )
    return ir.Input(
        fields=fields,
        name=decl.name,
        kind=decl.type.kind.value,
        levels=decl.type.levels,
        bounds=tuple(
            (
                None if bound.low is None else bound.low.value,
                bound.low_inclusive,
                None if bound.high is None else bound.high.value,
                bound.high_inclusive,
            )
            for bound in decl.bounds
        ),
        optional=decl.optional,
        unit_scale=Decimal(10000) if decl.type.money_unit == "万元" else Decimal(1),
        default=None if decl.default is None else decl.default.value,
        span=decl.span,
    )


def _grade(rubric: n.Rubric) -> ir.Select:
    """The first band whose threshold the total reaches; the national bands scaled to the full score when the
    rubric states none."""
    bands: list[tuple[Decimal, str, bool]]
    if rubric.grades is not None:
        bands = [(band.threshold.value, band.name, band.op is n.Op.GT) for band in rubric.grades.bands]
        otherwise = rubric.grades.otherwise
    else:
        scale = rubric.full.value / 100  # as Program computes it, in the caller's context
        bands = [(threshold * scale, name, False) for threshold, name in NATIONAL_GRADES]
        otherwise = NATIONAL_OTHERWISE
    total = ir.Var(key="total")
    arms = tuple(
        ir.Arm(
            condition=ir.Cmp(op=ir.CmpOp.GT if strict else ir.CmpOp.GE, left=total, right=ir.Const(value=threshold)),
            value=ir.Const(value=name),
        )
        for threshold, name, strict in bands
    )
    return ir.Select(key="grade", arms=arms, otherwise=ir.Const(value=otherwise), otherwise_arm=len(arms))
