"""The visible steps of issue 10's section-level constructs: points moved from not-applicable indicators to
their siblings, penalties and bonuses, and grade caps.  Every number is the run's own exact value."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.forms.base import Sentence, Trace
from rubricdsl.ir.lower import UNCAPPED_KEY
from rubricdsl.ir.outcomes import Adjusted, CapOutcome, Move
from rubricdsl.results.display import number_text
from rubricdsl.results.model import Step
from rubricdsl.results.statements import Statements
from rubricdsl.syntax import nodes as n


def move_step(move: Move, owner_en: str, owner_zh: str, labels: Mapping[str, str]) -> Step:
    """``owner`` is the section's label (or the total's)."""
    sources = "、".join(labels.get(ident, ident) for ident in move.sources)
    moved, before, after = number_text(move.points), number_text(move.before), number_text(move.after)
    if move.named:
        ((receiver, _),) = move.receivers
        name = labels.get(receiver, receiver)
        if move.receiver_score is None:
            return Step(
                "redistribute",
                move.before,
                move.after,
                Text(
                    f"{sources} not applicable: its {moved} points go to {name}, which could not be scored "
                    f"(its points count, without a score)",
                    f"{sources}不适用，其 {moved} 分转给{name}；{name}未能评分，按得 0 分计入适用分值",
                ),
            )
        score, points = number_text(move.receiver_score), number_text(move.applicable)
        return Step(
            "redistribute",
            move.before,
            move.after,
            Text(
                f"{sources} not applicable: its {moved} points go to {name}, which scored {score} of {points}: "
                f"{owner_en} {before} + {score} × {moved} / {points} = {after}",
                f"{sources}不适用，其 {moved} 分转给{name}（得 {score} 分，分值 {points} 分）："
                f"{owner_zh} {before} + {score} × {moved} ÷ {points} = {after}",
            ),
        )
    shares_en = ", ".join(f"{labels.get(ident, ident)} +{number_text(got)}" for ident, got in move.receivers)
    shares_zh = "、".join(f"{labels.get(ident, ident)} +{number_text(got)}" for ident, got in move.receivers)
    spread = number_text(move.applicable)
    whole = number_text(move.applicable + move.points)
    return Step(
        "redistribute",
        move.before,
        move.after,
        Text(
            f"{sources} not applicable: {moved} points moved to the siblings pro rata ({shares_en}): "
            f"{owner_en} {before} × {whole} / {spread} = {after}",
            f"{sources}不适用，其 {moved} 分按分值比例分配给同级指标（{shares_zh}）："
            f"{owner_zh} {before} × {whole} ÷ {spread} = {after}",
        ),
    )


def adjusted_step(adjusted: Adjusted, owner_en: str, owner_zh: str) -> Step:
    """Penalties and bonuses of one section (``owner`` its label) or of the total."""
    base = number_text(adjusted.base)
    en, zh = base, base
    if adjusted.bonus:
        en, zh = f"{en} + bonus {number_text(adjusted.bonus)}", f"{zh} + 加分 {number_text(adjusted.bonus)}"
    if adjusted.penalty:
        en, zh = f"{en} − penalty {number_text(adjusted.penalty)}", f"{zh} − 减分 {number_text(adjusted.penalty)}"
    plain = adjusted.base + adjusted.bonus - adjusted.penalty
    final = number_text(adjusted.final)
    if adjusted.final == plain:
        text = Text(f"{owner_en}: {en} = {final}", f"{owner_zh}：{zh} = {final}")
    elif adjusted.final == 0 and plain < 0:
        shown = number_text(plain)
        text = Text(f"{owner_en}: {en} = {shown}, not below 0 → 0", f"{owner_zh}：{zh} = {shown}，最低为 0 → 0")
    else:
        shown = number_text(plain)
        text = Text(
            f"{owner_en}: {en} = {shown}, at most its {number_text(adjusted.points)} points → {final}",
            f"{owner_zh}：{zh} = {shown}，不超过其分值 {number_text(adjusted.points)} 分 → {final}",
        )
    return Step("adjust", adjusted.base, adjusted.final, text)


def cap_steps(
    caps: tuple[CapOutcome, ...],
    written: tuple[n.GradeCap, ...],
    uncapped_grade: str | None,
    grade: str,
    total: Decimal,
    statements: Statements,
    env: Mapping[str, object],
) -> list[Step]:
    """One step per grade cap whose condition held: the reason, the cap, and what it did to the grade."""
    steps: list[Step] = []
    for cap in caps:
        node = written[cap.index]
        reason = Text(node.reason, node.reason) if node.reason else statements.condition(node.condition)(env, True)
        if cap.lowered and cap.grade == grade:
            text = Text(
                f"grade capped at {cap.grade}: {reason.en} (the total {number_text(total)} reaches {uncapped_grade}; "
                f"the score stays)",
                f"等级上限：{reason.zh} → 等级为{cap.grade}（总分 {number_text(total)} 分本可评为{uncapped_grade}，"
                f"得分不变）",
            )
        else:
            text = Text(
                f"grade at most {cap.grade}: {reason.en} (the grade is {grade}, already at or below it)",
                f"等级不高于{cap.grade}：{reason.zh}（等级为{grade}，未超过上限）",
            )
        steps.append(Step("grade_cap", total, total, text))
    return steps


def capped_sentence(inner: Sentence, kind: n.IndicatorKind) -> Sentence:
    """A penalty's or bonus's reason: its rule's sentence on the rule's own value, then the cap when it held
    the value (``formula → 15; at most 10 (最高减分) → 10``)."""
    word_zh = "最高减分" if kind is n.IndicatorKind.PENALTY else "最高加分"

    def sentence(trace: Trace, score: Decimal, env: Mapping[str, Any]) -> Text:
        before = trace.get(UNCAPPED_KEY)
        if not isinstance(before, Decimal) or before == score:
            return inner(trace, score, env)
        text = inner(trace, before, env)
        cap = number_text(score)
        return Text(f"{text.en}; at most {cap} ({word_zh}) → {cap}", f"{text.zh}；{word_zh} {cap} 分 → {cap}")

    return sentence
