"""One reason builder per rule form: ``(detail, score, values) → Text`` for a scored indicator, in both languages.

Everything that is the same in every evaluation (the band texts, labels, step mode words) is prepared when the
builder is made; the returned function only fills in the values of one evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.rules import NO_BAND, DeductDetail
from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.results.display import number_text, percent_text, show
from rubricdsl.syntax import nodes as n

Reason = Callable[[Any, Decimal, Mapping[str, Any]], Text]


class ReasonBuilder:
    """Builds the reason function of each rule form from the rubric's source, labels and display kinds."""

    def __init__(self, source: SourceFile, labels: Mapping[str, str], kinds: Mapping[str, str]) -> None:
        self.source = source
        self.labels = labels
        self.kinds = kinds

    def value_of(self, expr: n.Expr) -> Callable[[Mapping[str, Any]], Text]:
        """``name = value`` in English, ``标签 = 值`` in Chinese; other expressions as written."""
        text = " ".join(self.source.snippet(expr.span).split())
        if isinstance(expr, n.Name):
            ident, kind = expr.ident, self.kinds.get(expr.ident, "")
            label = self.labels.get(ident, text)

            def value(env: Mapping[str, Any]) -> Text:
                shown = show(env.get(ident), kind)
                return Text(f"{text} = {shown}", f"{label} = {shown}")

            return value
        fixed = Text(expr.text, expr.text) if isinstance(expr, n.Literal) else Text(text, text)
        return lambda env: fixed

    def rule_reason(self, rule: n.Rule) -> Reason:
        """``(detail, score, values) → reason`` for a scored indicator, with the rule's texts prepared."""
        match rule:
            case n.ScoreRule():
                return self._score_reason(rule)
            case n.WhenRule():
                return self._when_reason(rule)
            case n.DeductRule():
                return self._deduct_reason(rule)
            case n.ChecklistRule():
                return self._checklist_reason(rule)
            case n.ProportionalRule():
                return self._proportional_reason(rule)
            case n.LevelsRule():
                subject = self.value_of(rule.subject)

                def levels(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
                    value, points = subject(env), number_text(score)
                    return Text(f"{value.en} → {points}", f"{value.zh} → {points} 分")

                return levels
            case n.JudgedRule():
                return lambda detail, score, env: Text(
                    f"judged score {number_text(score)}", f"评议得分 {number_text(score)} 分"
                )
            case n.FormulaRule():
                return lambda detail, score, env: Text(
                    f"formula → {number_text(score)}", f"公式计算 → {number_text(score)} 分"
                )

    def _score_reason(self, rule: n.ScoreRule) -> Reason:
        subject = self.value_of(rule.subject)
        texts: dict[int, str] = {}
        for position, band in enumerate(rule.bands):
            texts[position] = self.source.snippet(band.span).strip()
        span = else_span(rule.otherwise)
        texts[len(rule.bands)] = f"else {' '.join(self.source.snippet(span).split())}" if span is not None else "else"

        def score(detail: Any, value: Decimal, env: Mapping[str, Any]) -> Text:
            shown = subject(env)
            if detail == NO_BAND:
                return Text(f"{shown.en}: no band applies → 0", f"{shown.zh}：不在任何档位内 → 0 分")
            text = texts[detail]
            return Text(f"{shown.en} → `{text}`", f"{shown.zh} → `{text}`")

        return score

    def _when_reason(self, rule: n.WhenRule) -> Reason:
        conditions = [self.value_of(branch.condition) for branch in rule.branches]

        def when(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
            if detail == NO_BAND:
                return Text("no branch applies → 0", "所有条件均不成立 → 0 分")
            points = number_text(score)
            if detail < len(conditions):
                cond = conditions[detail](env)
                return Text(f"{cond.en} → {points}", f"{cond.zh} → {points} 分")
            return Text(f"no condition holds → else {points}", f"条件均不成立 → 否则 {points} 分")

        return when

    def _checklist_reason(self, rule: n.ChecklistRule) -> Reason:
        names = [
            f"{item.label or self.source.snippet(item.condition.span)}（{item.points.text}）" for item in rule.items
        ]
        count = len(names)

        def checklist(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
            met = "、".join([names[i] for i in detail]) or "—"
            unmet = "、".join([names[i] for i in range(count) if i not in detail]) or "—"
            points = number_text(score)
            return Text(f"met: {met}; not met: {unmet} → {points}", f"满足：{met}；未满足：{unmet} → {points} 分")

        return checklist

    def _proportional_reason(self, rule: n.ProportionalRule) -> Reason:
        achieved_of, target_of = self.value_of(rule.achieved), self.value_of(rule.target)
        how = "target / actual" if rule.lower_is_better else "actual / target"
        how_zh = "指标值 ÷ 实际值" if rule.lower_is_better else "实际值 ÷ 指标值"

        def proportional(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
            share, points = percent_text(detail), number_text(score)
            achieved, target = achieved_of(env), target_of(env)
            return Text(
                f"actual {achieved.en}, target {target.en}: {how} = {share} (at most 100%) → {points}",
                f"实际 {achieved.zh}，指标值 {target.zh}：{how_zh} = {share}（最高 100%）→ {points} 分",
            )

        return proportional

    def _deduct_reason(self, rule: n.DeductRule) -> Reason:
        subject = self.value_of(rule.subject)
        base, threshold = rule.base.text, rule.threshold.text
        side_en, side_zh = ("above", "超出") if rule.above else ("below", "低于")
        step = rule.step.text if rule.step is not None else "1"
        mode = (rule.mode or n.StepMode.PRO_RATA).value
        mode_zh = {"pro rata": "按比例", "whole steps": "按整档", "started steps": "不足一档按一档"}[mode]
        base_value = rule.base.value

        def deduct(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
            if detail.__class__ is tuple:  # as the fast path records it
                detail = DeductDetail(*detail)
            shown = subject(env)
            if detail.deduction == 0:
                return Text(
                    f"{shown.en}: not {side_en} {threshold} → no deduction, {number_text(score)}",
                    f"{shown.zh}：未{side_zh} {threshold} → 不扣分，得 {number_text(score)} 分",
                )
            floored = base_value - detail.deduction < 0
            floor_en = " (floored at 0)" if floored else ""
            floor_zh = "（扣完为止）" if floored else ""
            units, deduction, points = number_text(detail.units), number_text(detail.deduction), number_text(score)
            return Text(
                f"{shown.en}: {units} × {step} {side_en} {threshold} ({mode}) → "
                f"{base} − {deduction} = {points}{floor_en}",
                f"{shown.zh}：{side_zh} {threshold} 共 {units} 个 {step}（{mode_zh}）→ "
                f"{base} − {deduction} = {points}{floor_zh}",
            )

        return deduct


def names_shown(rule: n.Rule) -> tuple[str, ...]:
    """The names whose values a scored reason of this rule shows."""
    match rule:
        case n.ScoreRule() | n.DeductRule() | n.LevelsRule():
            exprs: list[n.Expr] = [rule.subject]
        case n.WhenRule():
            exprs = [branch.condition for branch in rule.branches]
        case n.ProportionalRule():
            exprs = [rule.achieved, rule.target]
        case _:
            exprs = []
    return tuple(dict.fromkeys(expr.ident for expr in exprs if isinstance(expr, n.Name)))


def else_span(expr: n.Expr | None) -> Span | None:
    return expr.span if expr is not None else None
