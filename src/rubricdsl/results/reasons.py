"""One reason builder per rule form: ``(detail, score, values) → Text`` for a scored indicator, in both languages.

Everything that is the same in every evaluation (the band texts, labels, step words) is prepared when the
builder is made; the returned function only fills in the values of one evaluation.  Every comparison a reason
states holds on the exact values, and every value shown next to a threshold is told apart from it
(:func:`rubricdsl.results.display.show`); tests/results/test_reason_truth.py checks both on generated rubrics.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.evaluate.rules import NO_BAND, DeductDetail
from rubricdsl.reading.source import Span
from rubricdsl.results.display import number_text, percent_text, show
from rubricdsl.results.statements import Statements
from rubricdsl.semantics.check import CheckedRubric, free_names
from rubricdsl.syntax import nodes as n

Reason = Callable[[Any, Decimal, Mapping[str, Any]], Text]
_ZERO = Decimal(0)
_ONE = Decimal(1)


def _always(text: Text) -> Callable[[Mapping[str, Any], bool], Text]:
    """A checklist item that reads the same whether met or not: the author's label."""
    return lambda env, met: text


def _arrow_zh(before: str) -> str:
    return "→ " if before.endswith("）") else " → "  # no space after a full-width bracket


class ReasonBuilder:
    """Builds the reason function of each rule form from the checked rubric, its labels and display kinds."""

    def __init__(
        self,
        checked: CheckedRubric,
        labels: Mapping[str, str],
        kinds: Mapping[str, str],
        name_bounds: Mapping[str, tuple[Decimal, ...]],
    ) -> None:
        self.source = checked.source
        self.labels = labels
        self.kinds = kinds
        self.statements = Statements(checked, labels, kinds, name_bounds)

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
                subject = self.statements.value(rule.subject)

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
        subject = self.statements.value(rule.subject, band_bounds(rule))
        texts: dict[int, str] = {}
        for position, band in enumerate(rule.bands):
            texts[position] = " ".join(self.source.snippet(band.span).split())
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
        conditions = [self.statements.condition(branch.condition) for branch in rule.branches]

        def when(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
            points = number_text(score)
            if detail != NO_BAND and detail < len(conditions):
                held = conditions[detail](env, True)
                return Text(f"{held.en} → {points}", f"{held.zh} → {points} 分")
            failed = [condition(env, False) for condition in conditions]
            what = Text("; ".join(text.en for text in failed), "；".join(text.zh for text in failed))
            if detail == NO_BAND:
                return Text(f"{what.en}: no branch applies → 0", f"{what.zh}：没有成立的条件 → 0 分")
            return Text(f"{what.en}: no condition holds → else {points}", f"{what.zh}：条件均不成立 → 否则 {points} 分")

        return when

    def _checklist_reason(self, rule: n.ChecklistRule) -> Reason:
        """Items by their label; an item without one by what held: ``执行率 95% ≥ 90%（2）``."""
        items: list[Callable[[Mapping[str, Any], bool], Text]] = []
        for item in rule.items:
            points = item.points.text
            if item.label:
                items.append(_always(Text(f"{item.label}（{points}）", f"{item.label}（{points}）")))
            else:
                stated = self.statements.condition(item.condition)

                def unlabeled(
                    env: Mapping[str, Any], met: bool, stated: Callable[..., Text] = stated, points: str = points
                ) -> Text:
                    text = stated(env, met)
                    return Text(f"{text.en} ({points})", f"{text.zh}（{points}）")

                items.append(unlabeled)
        count = len(items)

        def checklist(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
            met = [items[i](env, True) for i in detail]
            unmet = [items[i](env, False) for i in range(count) if i not in detail]
            met_en, met_zh = "; ".join(t.en for t in met) or "—", "、".join(t.zh for t in met) or "—"
            unmet_en, unmet_zh = "; ".join(t.en for t in unmet) or "—", "、".join(t.zh for t in unmet) or "—"
            points = number_text(score)
            return Text(
                f"met: {met_en}; not met: {unmet_en} → {points}", f"满足：{met_zh}；未满足：{unmet_zh} → {points} 分"
            )

        return checklist

    def _proportional_reason(self, rule: n.ProportionalRule) -> Reason:
        achieved_of, target_of = self.statements.value(rule.achieved), self.statements.value(rule.target)
        achieved_value, target_value = self.statements.evaluator(rule.achieved), self.statements.evaluator(rule.target)
        lower = rule.lower_is_better
        how = "target / actual" if lower else "actual / target"
        how_zh = "指标值 ÷ 实际值" if lower else "实际值 ÷ 指标值"

        def proportional(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
            achieved, target, points = achieved_of(env), target_of(env), number_text(score)
            head = Text(f"actual {achieved.en}, target {target.en}", f"实际 {achieved.zh}，指标值 {target.zh}")
            got = achieved_value(env)
            if lower and got <= 0:
                return Text(
                    f"{head.en}: actual not above 0, counted as 100% → {points}",
                    f"{head.zh}：实际值不大于 0，按 100% 计 → {points} 分",
                )
            if detail != 0 and detail != 1:  # the share as computed: no cap applied
                ratio = percent_text(detail, (_ZERO, _ONE))
                return Text(f"{head.en}: {how} = {ratio} → {points}", f"{head.zh}：{how_zh} = {ratio} → {points} 分")
            wanted = target_value(env)
            real = CONTEXT.divide(wanted, got) if lower else CONTEXT.divide(got, wanted)  # before the cap
            ratio = percent_text(real, (_ZERO, _ONE))
            if real > 1:
                return Text(
                    f"{head.en}: {how} = {ratio}, above 100%, counted as 100% → {points}",
                    f"{head.zh}：{how_zh} = {ratio}，超过 100% 按 100% 计 → {points} 分",
                )
            if real < 0:
                return Text(
                    f"{head.en}: {how} = {ratio}, below 0, counted as 0 → {points}",
                    f"{head.zh}：{how_zh} = {ratio}，低于 0 按 0 计 → {points} 分",
                )
            return Text(f"{head.en}: {how} = {ratio} → {points}", f"{head.zh}：{how_zh} = {ratio} → {points} 分")

        return proportional

    def _deduct_reason(self, rule: n.DeductRule) -> Reason:
        return DeductReason(rule, self.statements).reason


class DeductReason:
    """``deduct`` as what happened: how far past the threshold, how many steps that makes, what it cost.

    ``执行率 = 99.27%：比 100% 低 0.73%，不足一整档（每档 5%）→ 不扣分，得 8 分`` — never "not below" for a
    value that is below.  The step mode is named only when the author wrote it.
    """

    def __init__(self, rule: n.DeductRule, statements: Statements) -> None:
        self.rule = rule
        self.threshold = rule.threshold.value
        self.step = rule.step.value if rule.step is not None else _ONE
        self.kind = statements.kind(rule.subject)
        self.subject = statements.value(rule.subject, (self.threshold,))
        self.written_step = rule.step.text if rule.step is not None else None
        self.side = ("above", "高") if rule.above else ("below", "低")
        self.not_side = ("not above", "不高于") if rule.above else ("not below", "不低于")
        self.mode = rule.mode

    def reason(self, detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
        if detail.__class__ is tuple:  # as the fast path records it
            detail = DeductDetail(*detail)
        rule, subject, points = self.rule, self.subject(env), number_text(score)
        threshold = rule.threshold.text
        distance = (  # as the evaluator subtracted
            CONTEXT.subtract(detail.value, self.threshold)
            if rule.above
            else CONTEXT.subtract(self.threshold, detail.value)
        )
        if distance <= 0:
            return Text(
                f"{subject.en}: {self.not_side[0]} {threshold} → no deduction, {points}",
                f"{subject.zh}：{self.not_side[1]} {threshold} → 不扣分，得 {points} 分",
            )
        far = show(distance, self.kind, self._distance_bounds(detail.units))
        past = Text(
            f"{subject.en}: {far} {self.side[0]} {threshold}", f"{subject.zh}：比 {threshold} {self.side[1]} {far}"
        )
        step = self.written_step
        if detail.units == 0:  # whole steps, and less than one
            return Text(
                f"{past.en}, less than one whole step ({step}) → no deduction, {points}",
                f"{past.zh}，不足一整档（每档 {step}）→ 不扣分，得 {points} 分",
            )
        steps = self._steps(detail.units, step)
        rate, base = rule.rate.text, rule.base.text
        if rule.cap is not None and detail.deduction < rule.rate.value * detail.units:
            cost = Text(f"{base} − {rule.cap.text} (the cap)", f"{base} − {rule.cap.text}（扣分上限）")
        else:
            cost = Text(f"{base} − {rate} × {steps[2]}", f"{base} − {rate} × {steps[2]}")
        if rule.base.value - detail.deduction < 0:
            end = Text(f"{cost.en}, floored at 0 → {points}", f"{cost.zh}，扣完为止 → {points} 分")
        else:
            end = Text(f"{cost.en} = {points}", f"{cost.zh}{'=' if cost.zh.endswith('）') else ' ='} {points} 分")
        return Text(f"{past.en}{steps[0]} → {end.en}", f"{past.zh}{steps[1]}{_arrow_zh(steps[1])}{end.zh}")

    def _distance_bounds(self, units: Decimal) -> tuple[Decimal, ...]:
        """What the distance was measured against: past the threshold (above 0), and inside the steps it
        counted."""
        step, mode = self.step, self.mode
        if mode is n.StepMode.WHOLE_STEPS:
            return (_ZERO, step, CONTEXT.multiply(units, step), CONTEXT.multiply(units + 1, step))
        if mode is n.StepMode.STARTED_STEPS:
            return (_ZERO, step, CONTEXT.multiply(units - 1, step), CONTEXT.multiply(units, step))
        return (_ZERO, step)

    def _steps(self, units: Decimal, step: str | None) -> tuple[str, str, str]:
        """(English, Chinese) phrase for the steps counted, and the number multiplied by the rate."""
        count = number_text(units)
        mode = self.mode
        if step is None and mode is None:  # `per missing`: the distance itself is the count
            return "", "", count
        step = step or "1"
        if mode is n.StepMode.WHOLE_STEPS:
            return f", {count} whole steps of {step}", f"，满 {count} 整档（每档 {step}）", count
        if mode is n.StepMode.STARTED_STEPS:
            return (
                f", {count} started steps of {step}",
                f"，计 {count} 档（每档 {step}，不足一档按一档）",
                count,
            )
        written = mode is n.StepMode.PRO_RATA
        return (
            f", {count} steps of {step}{', pro rata' if written else ''}",
            f"，合 {count} 档（每档 {step}{'，按比例' if written else ''}）",
            count,
        )


def names_shown(rule: n.Rule) -> tuple[str, ...]:
    """The names whose values a scored reason of this rule reads: its subject, conditions, actual and target."""
    match rule:
        case n.ScoreRule() | n.DeductRule() | n.LevelsRule():
            exprs: list[n.Expr] = [rule.subject]
        case n.WhenRule():
            exprs = [branch.condition for branch in rule.branches]
        case n.ProportionalRule():
            exprs = [rule.achieved, rule.target]
        case n.ChecklistRule():
            exprs = [item.condition for item in rule.items if not item.label]
        case _:
            exprs = []
    return tuple(dict.fromkeys(name for expr in exprs for name in free_names(expr)))


def band_bounds(rule: n.ScoreRule) -> tuple[Decimal, ...]:
    """Every threshold of a rule's bands: the subject is shown told apart from each."""
    found: list[Decimal] = []
    for band in rule.bands:
        test = band.test
        found.extend([test.threshold.value] if isinstance(test, n.Compare) else [test.low.value, test.high.value])
    return tuple(dict.fromkeys(found))


def else_span(expr: n.Expr | None) -> Span | None:
    return expr.span if expr is not None else None
