"""Turn a run record into explanations: which band fired, on which values, and why, in both languages."""

from __future__ import annotations

import decimal
from decimal import Decimal
from functools import partial
from typing import Any

from rubricdsl import nodes as n
from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.program import FAILED, NOT_APPLICABLE, IndicatorPlan, Program, Run, SectionPlan
from rubricdsl.evaluate.rules import NO_BAND, DeductDetail
from rubricdsl.result import IndicatorResult, SectionResult, Step, ValueRead
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.source import Span

_HUNDRED = Decimal(100)
_SIX_PLACES = Decimal("0.000001")
_TWO_PLACES = Decimal("0.01")
_DISPLAY = decimal.Context(prec=200)  # wide enough that shortening a value for display never fails
_WAN = Decimal(10000)
_RULE_NAMES = {
    n.ScoreRule: "score",
    n.WhenRule: "when",
    n.DeductRule: "deduct",
    n.ChecklistRule: "checklist",
    n.ProportionalRule: "proportional",
    n.LevelsRule: "levels",
    n.JudgedRule: "judged",
    n.FormulaRule: "formula",
}


def number_text(value: Decimal) -> str:
    """Exact short text of a Decimal: 5, 0.375, 98.75; long expansions (1/3) are cut at 6 places with ≈."""
    if value == value.to_integral_value():
        return format(value.to_integral_value(), "f")
    text = format(value, "f").rstrip("0").rstrip(".")  # `format` is exact; no context rounding here
    if len(text.partition(".")[2]) > 6:
        rounded = format(value.quantize(_SIX_PLACES, context=_DISPLAY), "f").rstrip("0").rstrip(".")
        return "≈" + rounded
    return text


def percent_text(share: Decimal) -> str:
    """A share as a percent, to two decimals when it has more: 0.93023… → ≈93.02%."""
    value = share * _HUNDRED
    exact = number_text(value)
    if exact.startswith("≈") or len(exact.partition(".")[2]) > 2:
        return "≈" + format(value.quantize(_TWO_PLACES, context=_DISPLAY), "f").rstrip("0").rstrip(".") + "%"
    return exact + "%"


def display_kinds(checked: CheckedRubric) -> dict[str, str]:
    """How each name's value reads: derived ratios compared with percent thresholds read as percents."""
    kinds = {name: found.kind for name, found in checked.types.items()}
    for name, decl in checked.facts.items():
        if decl.type.money_unit == "万元":
            kinds[name] = "money_wan"
    for info in checked.indicators:
        rule = info.node.rule
        if isinstance(rule, (n.ScoreRule, n.DeductRule)) and isinstance(rule.subject, n.Name):
            literals = _rule_literals(rule)
            all_percent = literals and all(lit.kind is n.LiteralKind.PERCENT for lit in literals)
            if all_percent and kinds.get(rule.subject.ident) == "number":
                kinds[rule.subject.ident] = "percent"
    return kinds


def _rule_literals(rule: n.ScoreRule | n.DeductRule) -> list[n.Literal]:
    if isinstance(rule, n.DeductRule):
        return [rule.threshold]
    found: list[n.Literal] = []
    for band in rule.bands:
        found.extend([band.test.threshold] if isinstance(band.test, n.Compare) else [band.test.low, band.test.high])
    return [lit for lit in found if lit.value != 0]


def show(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if kind == "percent":
            return percent_text(value)
        if kind == "money_wan":
            return number_text(value / _WAN) + "万元"
        if kind == "money":
            return number_text(value) + "元"
        return number_text(value)
    return str(value)


class Explainer:
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

    def explain(self, run: Run) -> tuple[tuple[IndicatorResult, ...], tuple[SectionResult, ...]]:
        indicators = tuple(self._indicator(plan, run) for plan in self.program.indicators)
        sections: list[SectionResult] = []
        self._sections(self.program.root, (), run, sections)
        return indicators, tuple(sections)

    def steps(self, run: Run) -> tuple[Step, ...]:
        steps: list[Step] = []
        root = run.sections[self.program.root.id]
        for plan in self._vetoed(self.program.root, run):
            veto = run.sections[plan.id].vetoed_by
            assert veto is not None
            reason = veto.reason or " ".join(self.source.snippet(veto.condition.span).split())
            before = self._children_sum(plan, run)
            if plan is self.program.root:
                text = Text(f"veto: {reason} → total 0", f"否决：{reason} → 总分为 0")
            else:
                name = self.section_labels[plan.id]
                text = Text(
                    f"veto: {reason} → {name} 0 (was {number_text(before)})",
                    f"否决：{reason} → {name}得 0 分（原为 {number_text(before)} 分）",
                )
            steps.append(Step("veto", before, Decimal(0), text))
        if run.rescaled_total != run.raw_total or root.applicable_points != self.program.root.points:
            full, applicable = self.program.root.points, root.applicable_points
            steps.append(
                Step(
                    "rescale",
                    run.raw_total,
                    run.rescaled_total,
                    Text(
                        f"rescaled to the full score: {number_text(run.raw_total)} × {number_text(full)} / "
                        f"{number_text(applicable)} (applicable points) = {number_text(run.rescaled_total)}",
                        f"按百分制折算：{number_text(run.raw_total)} × {number_text(full)} ÷ {number_text(applicable)}"
                        f"（适用指标分值合计）= {number_text(run.rescaled_total)}",
                    ),
                )
            )
        if run.total != run.rescaled_total:
            steps.append(
                Step(
                    "rounding",
                    run.rescaled_total,
                    run.total,
                    Text(
                        f"total rounded: {number_text(run.rescaled_total)} → {number_text(run.total)}",
                        f"总分修约：{number_text(run.rescaled_total)} → {number_text(run.total)}",
                    ),
                )
            )
        return tuple(steps)

    def _vetoed(self, plan: SectionPlan, run: Run) -> list[SectionPlan]:
        """Sections (and the rubric) whose veto fired, innermost first, in the order they are written."""
        found: list[SectionPlan] = []
        for child in plan.children:
            if isinstance(child, SectionPlan):
                found += self._vetoed(child, run)
        if run.sections[plan.id].vetoed_by is not None:
            found.append(plan)
        return found

    def _children_sum(self, plan: SectionPlan, run: Run) -> Decimal:
        total = Decimal(0)
        for child in plan.children:
            if isinstance(child, SectionPlan):
                total += run.sections[child.id].score
            elif run.scores[child.index] is not None:
                total += run.scores[child.index]  # type: ignore[operator]
        return total

    # ---- sections -------------------------------------------------------------------------------------
    def _sections(self, plan: SectionPlan, path: tuple[str, ...], run: Run, out: list[SectionResult]) -> None:
        for child in plan.children:
            if isinstance(child, SectionPlan):
                own = (*path, child.id)
                score = run.sections[child.id]
                vetoed = None
                if score.vetoed_by is not None:
                    vetoed = score.vetoed_by.reason or self.source.snippet(score.vetoed_by.condition.span)
                out.append(
                    SectionResult(
                        child.id,
                        self.section_labels[child.id],
                        own,
                        tuple(self.section_labels[p] for p in own),
                        child.points,
                        score.applicable_points,
                        score.score,
                        vetoed,
                        tuple(c.id if isinstance(c, SectionPlan) else c.info.node.id for c in child.children),
                    )
                )
                self._sections(child, own, run, out)

    # ---- indicators -----------------------------------------------------------------------------------
    def _indicator(self, plan: IndicatorPlan, run: Run) -> IndicatorResult:
        info = plan.info
        node = info.node
        index = plan.index
        reads = tuple(
            ValueRead(name, self.labels[name], run.env.get(name), show(run.env.get(name), self.kinds.get(name, "")))
            for name in (*info.lets, *info.facts)
        )
        path = (*info.path, node.id)
        result = partial(
            IndicatorResult,
            id=node.id,
            label=node.label or node.id,
            path=path,
            path_labels=tuple(self.section_labels[p] for p in path),
            points=plan.points,
            standard=node.standard,
            rule=_RULE_NAMES[type(node.rule)],
            reads=reads,
        )
        status = run.status[index]
        if status == NOT_APPLICABLE:
            absent = run.na_reasons.get(index)
            reason = (
                Text(f"not applicable: optional fact `{absent}` is absent", f"不适用：可选事实 `{absent}` 未提供")
                if absent
                else Text("marked not applicable in the facts", "事实中标记为不适用")
            )
            return result(score=None, raw_score=None, status=status, branch=None, line=None, reason=reason, error=None)
        if status == FAILED:
            error = run.errors[index]
            return result(
                score=None,
                raw_score=None,
                status=status,
                branch=None,
                line=None,
                reason=error.message,
                error=error,
            )
        score = run.scores[index]
        raw = run.raw_scores[index]
        assert score is not None and raw is not None
        span, reason = self._reason(node.rule, run.details[index], raw, run)
        if score != raw:
            reason = Text(f"{reason.en}; rounded to {number_text(score)}", f"{reason.zh}；修约为 {number_text(score)}")
        line = self.source.position(span.start).line if span is not None else None
        branch = " ".join(self.source.snippet(span).split()) if span is not None else None
        if branch is not None and _fired_else(node.rule, run.details[index]):
            branch = f"else {branch}"
        return result(score=score, raw_score=raw, status=status, branch=branch, line=line, reason=reason, error=None)

    def _value(self, expr: n.Expr, run: Run) -> Text:
        """``name = value`` in English, ``标签 = 值`` in Chinese; other expressions as written."""
        text = " ".join(self.source.snippet(expr.span).split())
        if isinstance(expr, n.Name):
            shown = show(run.env.get(expr.ident), self.kinds.get(expr.ident, ""))
            return Text(f"{text} = {shown}", f"{self.labels.get(expr.ident, text)} = {shown}")
        if isinstance(expr, n.Literal):
            return Text(expr.text, expr.text)
        return Text(text, text)

    def _reason(self, rule: n.Rule, detail: Any, score: Decimal, run: Run) -> tuple[Span | None, Text]:
        points = number_text(score)
        match rule:
            case n.ScoreRule():
                subject = self._value(rule.subject, run)
                if detail == NO_BAND:
                    return rule.span, Text(f"{subject.en}: no band applies → 0", f"{subject.zh}：不在任何档位内 → 0 分")
                if detail < len(rule.bands):
                    span = rule.bands[detail].span
                    text = self.source.snippet(span).strip()
                else:
                    span = _else_span(rule.otherwise)
                    text = f"else {' '.join(self.source.snippet(span).split())}" if span is not None else "else"
                return span, Text(f"{subject.en} → `{text}`", f"{subject.zh} → `{text}`")
            case n.WhenRule():
                if detail == NO_BAND:
                    return rule.span, Text("no branch applies → 0", "所有条件均不成立 → 0 分")
                if detail < len(rule.branches):
                    branch = rule.branches[detail]
                    cond = self._value(branch.condition, run)
                    return branch.span, Text(f"{cond.en} → {points}", f"{cond.zh} → {points} 分")
                span = _else_span(rule.otherwise)
                return span, Text(f"no condition holds → else {points}", f"条件均不成立 → 否则 {points} 分")
            case n.DeductRule():
                return rule.span, self._deduct_reason(rule, detail, score, run)
            case n.ChecklistRule():
                met = [rule.items[i] for i in detail]
                unmet = [item for i, item in enumerate(rule.items) if i not in detail]

                def names(items: list[n.ChecklistItem]) -> str:
                    return (
                        "、".join(
                            f"{item.label or self.source.snippet(item.condition.span)}（{item.points.text}）"
                            for item in items
                        )
                        or "—"
                    )

                return rule.span, Text(
                    f"met: {names(met)}; not met: {names(unmet)} → {points}",
                    f"满足：{names(met)}；未满足：{names(unmet)} → {points} 分",
                )
            case n.ProportionalRule():
                share = percent_text(detail)
                achieved, target = self._value(rule.achieved, run), self._value(rule.target, run)
                how = "target / actual" if rule.lower_is_better else "actual / target"
                how_zh = "指标值 ÷ 实际值" if rule.lower_is_better else "实际值 ÷ 指标值"
                return rule.span, Text(
                    f"actual {achieved.en}, target {target.en}: {how} = {share} (at most 100%) → {points}",
                    f"实际 {achieved.zh}，指标值 {target.zh}：{how_zh} = {share}（最高 100%）→ {points} 分",
                )
            case n.LevelsRule():
                subject = self._value(rule.subject, run)
                span = next((s.span for s in rule.shares if s.level == detail), rule.span)
                return span, Text(f"{subject.en} → {points}", f"{subject.zh} → {points} 分")
            case n.JudgedRule():
                return rule.span, Text(f"judged score {points}", f"评议得分 {points} 分")
            case n.FormulaRule():
                return rule.span, Text(f"formula → {points}", f"公式计算 → {points} 分")

    def _deduct_reason(self, rule: n.DeductRule, detail: DeductDetail, score: Decimal, run: Run) -> Text:
        subject = self._value(rule.subject, run)
        base = rule.base.text
        side_en, side_zh = ("above", "超出") if rule.above else ("below", "低于")
        if detail.deduction == 0:
            return Text(
                f"{subject.en}: not {side_en} {rule.threshold.text} → no deduction, {number_text(score)}",
                f"{subject.zh}：未{side_zh} {rule.threshold.text} → 不扣分，得 {number_text(score)} 分",
            )
        step = rule.step.text if rule.step is not None else "1"
        mode = (rule.mode or n.StepMode.PRO_RATA).value
        mode_zh = {"pro rata": "按比例", "whole steps": "按整档", "started steps": "不足一档按一档"}[mode]
        floored = rule.base.value - detail.deduction < 0
        floor_en = " (floored at 0)" if floored else ""
        floor_zh = "（扣完为止）" if floored else ""
        return Text(
            f"{subject.en}: {number_text(detail.units)} × {step} {side_en} {rule.threshold.text} ({mode}) → "
            f"{base} − {number_text(detail.deduction)} = {number_text(score)}{floor_en}",
            f"{subject.zh}：{side_zh} {rule.threshold.text} 共 {number_text(detail.units)} 个 {step}（{mode_zh}）→ "
            f"{base} − {number_text(detail.deduction)} = {number_text(score)}{floor_zh}",
        )


def _fired_else(rule: n.Rule, detail: Any) -> bool:
    if isinstance(rule, n.ScoreRule):
        return bool(detail == len(rule.bands))
    if isinstance(rule, n.WhenRule):
        return bool(detail == len(rule.branches))
    return False


def _else_span(expr: n.Expr | None) -> Span | None:
    return expr.span if expr is not None else None
