"""``judged SCORE within TIER: LEVEL -> RANGE; …``: a judged score held to the range of the tier it was given.

The evaluators record two facts: the tier (an enum: 较强/一般/较差) and the score they gave inside it.  The
rule scores the judged score, but only when it lies in its tier's range ("专业能力较强，得10-15分；一般，得
5-10分"); a score outside it means the two facts contradict each other, and the indicator fails with a fact
problem naming both (``F440`` for point ranges, ``F441`` for percent ranges), or ``F442`` when the tier is a
level no range is written for.

Point ranges (``[10, 15]``) read the score fact as points.  Percent ranges (``[80%, 100%]``) read it as a
share of the indicator's points, so the score fact is then a ``percent`` and the indicator scores points ×
share.  Ranges may leave gaps ("13-20 / 7-12 / 0-6"): a score in a gap is accepted under no tier.

Lowered to existing IR: the tier and the score bound by :class:`~rubricdsl.ir.nodes.Let`, a
:class:`~rubricdsl.ir.nodes.Select` on the tier, and in each arm a ``Select`` on the score's range whose
otherwise is the :class:`~rubricdsl.ir.nodes.Fail` (a range may be half-open, which ``Guard``'s closed bounds
cannot say).

Trace keys: ``tier`` (the level), ``subject`` (the judged score as given), ``full`` (percent ranges only:
the indicator's points), ``arm`` (the position of the tier's range; ``len(ranges)`` when no range is written
for it), ``held`` (0: the score is in the range).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from rubricdsl.diagnostics import Text, messages
from rubricdsl.forms.base import (
    CheckCtx,
    ExplainCtx,
    Form,
    LowerCtx,
    Parts,
    PrintCtx,
    RangeCtx,
    Sentence,
    StandardCtx,
    Trace,
    const,
    var,
)
from rubricdsl.forms.score import band_test
from rubricdsl.ir import nodes as ir
from rubricdsl.lint import intervals as iv
from rubricdsl.lint.intervals import Interval
from rubricdsl.results.display import number_text, percent_text
from rubricdsl.syntax import nodes as n


def in_percent(rule: n.JudgedWithinRule) -> bool:
    """Whether the ranges are shares of the points (the checker holds them all to one kind)."""
    return bool(rule.ranges) and rule.ranges[0].range.low.kind is n.LiteralKind.PERCENT


def range_text(test: n.Interval) -> str:
    """The range as the canonical print writes it: ``[10, 15]``, ``[60%, 80%)``."""
    opening = "[" if test.low_inclusive else "("
    closing = "]" if test.high_inclusive else ")"
    return f"{opening}{test.low.text}, {test.high.text}{closing}"


# ---- lowering -----------------------------------------------------------------------------------------------


def lower(rule: n.JudgedWithinRule, ctx: LowerCtx) -> ir.Expr:
    percent = in_percent(rule)
    subject, tier = var("subject"), var("tier")
    score = ir.Arith(op=ir.ArithOp.MUL, left=var("full"), right=subject) if percent else subject
    labels = ctx.exprs.labels
    names: tuple[tuple[str, ir.Expr], ...] = (
        ("score", const(rule.score.ident)),
        ("score_label", const(labels.get(rule.score.ident, rule.score.ident))),
        ("tier", const(rule.tier.ident)),
        ("tier_label", const(labels.get(rule.tier.ident, rule.tier.ident))),
        ("value", subject),
        ("level", tier),
    )
    arms = []
    for tier_range in rule.ranges:
        outside = ir.Fail(
            code="F441" if percent else "F440",
            args=(*names, ("range", const(range_text(tier_range.range))), ("subject", const(rule.score.ident))),
            span=tier_range.span,
        )
        held = ir.Select(
            key="held",
            arms=(ir.Arm(condition=band_test(tier_range.range, subject), value=score, span=tier_range.range.span),),
            otherwise=outside,
            otherwise_arm=1,
            span=tier_range.span,
        )
        condition = ir.Cmp(op=ir.CmpOp.EQ, left=tier, right=const(tier_range.level))
        arms.append(ir.Arm(condition=condition, value=held, span=tier_range.span))
    unranged = ir.Fail(code="F442", args=(*names, ("subject", const(rule.tier.ident))), span=rule.tier.span)
    body: ir.Expr = ir.Select(key="arm", arms=tuple(arms), otherwise=unranged, otherwise_arm=len(arms), span=rule.span)
    if percent:  # the points the share is of, recorded for the explanation
        body = ir.Let(key="full", value=const(ctx.points), body=body, span=rule.span)
    body = ir.Let(key="subject", value=ctx.expr(rule.score), body=body, span=rule.span)
    return ir.Let(key="tier", value=ctx.expr(rule.tier), body=body, span=rule.span)


# ---- explanation --------------------------------------------------------------------------------------------


def explain(rule: n.JudgedWithinRule, ctx: ExplainCtx) -> Sentence:
    """``专业能力 = 较强，专业能力得分 = 12 在 [10, 15] 内 → 12 分``; for percent ranges the share and the
    points it gives (``… = 85% 在 [80%, 100%] 内 → 10 分 × 85% = 8.5 分``)."""
    bounds = tuple(value for tier in rule.ranges for value in (tier.range.low.value, tier.range.high.value))
    tier_value = ctx.statements.value(rule.tier)
    score_value = ctx.statements.value(rule.score, bounds)
    ranges = [range_text(tier.range) for tier in rule.ranges]
    percent = in_percent(rule)

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        tier, given, within = tier_value(env), score_value(env), ranges[trace["arm"]]
        points = number_text(score)
        if percent:
            share, full = percent_text(trace["subject"], bounds), number_text(trace["full"])
            return Text(
                f"{tier.en}; {given.en}, within {within} → {full} × {share} = {points}",
                f"{tier.zh}，{given.zh} 在 {within} 内 → {full} 分 × {share} = {points} 分",
            )
        return Text(
            f"{tier.en}; {given.en}, within {within} → {points}", f"{tier.zh}，{given.zh} 在 {within} 内 → {points} 分"
        )

    return sentence


def detail(trace: Trace) -> Any:
    return trace  # a v2 form: the IR trace is its own detail


def trace_of(rule: n.JudgedWithinRule, detail: Any) -> Trace:
    return dict(detail)


# ---- hooks for the stages that do not know the form -----------------------------------------------------------


def check(rule: n.JudgedWithinRule, ctx: CheckCtx, points: Decimal) -> None:
    tier = ctx.typer.type_of(rule.tier)
    if tier.kind != "error" and (tier.kind != "enum" or rule.tier.ident not in ctx.facts):
        en, zh = tier.describe()
        ctx.problems.append(messages.make("E240", rule.tier.span, name=rule.tier.ident, kind=en, kind_zh=zh))
    first = rule.ranges[0].range.low.kind
    odd = next(
        (
            tier_range.range
            for tier_range in rule.ranges
            if {tier_range.range.low.kind, tier_range.range.high.kind} != {first} or first is n.LiteralKind.MONEY
        ),
        None,
    )
    if odd is not None:  # the first range of another kind than the first range's (or of money)
        ctx.problems.append(messages.make("E242", odd.span))
    percent = in_percent(rule)
    score = ctx.typer.type_of(rule.score)
    wanted = ("percent",) if percent else ("number", "count")
    if score.kind != "error" and (score.kind not in wanted or rule.score.ident not in ctx.facts):
        en, zh = score.describe()
        ctx.problems.append(
            messages.make(
                "E241",
                rule.score.span,
                name=rule.score.ident,
                kind=en,
                kind_zh=zh,
                wanted="a percent fact (the ranges are percents)"
                if percent
                else "a number fact (the ranges are points)",
                wanted_zh="percent 类型的事实（区间是百分数）" if percent else "number 类型的事实（区间是分值）",
            )
        )
    seen: set[str] = set()
    for tier_range in rule.ranges:
        if tier.kind == "enum" and tier_range.level not in tier.levels:
            ctx.problems.append(
                messages.make(
                    "E209", tier_range.span, level=tier_range.level, name=rule.tier.ident, levels="、".join(tier.levels)
                )
            )
        if tier_range.level in seen:
            ctx.problems.append(messages.make("E211", tier_range.span, what=tier_range.level))
        seen.add(tier_range.level)
        if _empty(tier_range.range):
            ctx.problems.append(
                messages.make(
                    "E203",
                    tier_range.range.span,
                    detail="this interval contains no value",
                    detail_zh="该区间不含任何值",
                )
            )


def _empty(test: n.Interval) -> bool:
    low, high = test.low.value, test.high.value
    return low > high or (low == high and not (test.low_inclusive and test.high_inclusive))


def expressions(rule: n.JudgedWithinRule) -> list[n.Expr]:
    return [rule.tier, rule.score]


def parts(rule: n.JudgedWithinRule, ctx: PrintCtx) -> Parts:
    head = f"judged {rule.score.ident} within {rule.tier.ident}:"
    return head, [
        (f"{ctx.level(tier.level, tier.level_quote)} -> {range_text(tier.range)}", tier.span) for tier in rule.ranges
    ]


def standard(rule: n.JudgedWithinRule, words: StandardCtx, points: n.Literal) -> str:
    """``专业能力较强，得10-15分；一般，得5-10分；较差，得0-5分`` (the tables' register: the tier's label
    before its first level); percent ranges as shares of the points (``得满分的80%-100%``)."""
    percent = in_percent(rule)
    said = []
    for index, tier in enumerate(rule.ranges):
        low, high = words.literal(tier.range.low), words.literal(tier.range.high)
        scored = f"得满分的{low}-{high}" if percent else f"得{low}-{high}分"
        said.append(f"{words.expr(rule.tier) if index == 0 else ''}{tier.level}，{scored}")
    return "；".join(said)


def ranges(rule: n.JudgedWithinRule, ctx: RangeCtx, points: Fraction) -> Interval:
    """The hull of every range (as far as the score fact can reach it), in points."""
    given = ctx.expr(rule.score) or iv.EVERYTHING
    found = [given.intersect(tier_interval(tier.range)) for tier in rule.ranges]
    hull = iv.hull_of([part for part in found if not part.is_empty]) if any(not p.is_empty for p in found) else None
    if hull is None:
        return Interval(Fraction(1), False, Fraction(0), False)  # nothing can be scored: every value fails
    return iv.mul(hull, Interval.point(points)) if in_percent(rule) else hull


def tier_interval(test: n.Interval) -> Interval:
    return Interval(iv.exact(test.low.value), test.low_inclusive, iv.exact(test.high.value), test.high_inclusive)


FORM = Form(
    "judged_within",
    n.JudgedWithinRule,
    lower,
    explain,
    detail,
    trace_of,
    check=check,
    expressions=expressions,
    parts=parts,
    standard=standard,
    ranges=ranges,
    fact_problem_codes=frozenset({"F440", "F441", "F442"}),
)
