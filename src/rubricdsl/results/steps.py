"""The visible steps between the sum of indicator scores and the graded total: vetoes, rescaling, rounding."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.program import Program, Run, SectionPlan
from rubricdsl.ir.outcomes import Adjusted
from rubricdsl.results.display import number_text
from rubricdsl.results.model import Step
from rubricdsl.results.section_steps import adjusted_step, cap_steps, move_step
from rubricdsl.results.statements import Statements


def total_steps(
    program: Program, section_labels: Mapping[str, str], statements: Statements, run: Run
) -> tuple[Step, ...]:
    steps: list[Step] = []
    root = run.sections[program.root.id]
    for plan in _innermost_first(program.root):  # issue 10: moved points, then penalties and bonuses
        score = run.sections[plan.id]
        owner = section_labels.get(plan.id, plan.id) if plan is not program.root else "total"
        owner_zh = owner if plan is not program.root else "总分"
        steps += [move_step(move, owner, owner_zh, section_labels) for move in score.moves]
        if score.adjusted is not None and _changed(score.adjusted):
            steps.append(adjusted_step(score.adjusted, owner, owner_zh))
    for plan in _vetoed(program.root, run):
        veto = run.sections[plan.id].vetoed_by
        assert veto is not None
        # The author's reason, else the condition as it held: labels and the values compared.
        reason = Text(veto.reason, veto.reason) if veto.reason else statements.condition(veto.condition)(run.env, True)
        before = _children_sum(plan, run)
        if plan is program.root:
            text = Text(f"veto: {reason.en} → total 0", f"否决：{reason.zh} → 总分为 0")
        else:
            name = section_labels[plan.id]
            text = Text(
                f"veto: {reason.en} → {name} 0 (was {number_text(before)})",
                f"否决：{reason.zh} → {name}得 0 分（原为 {number_text(before)} 分）",
            )
        steps.append(Step("veto", before, Decimal(0), text))
    if run.rescaled_total != run.raw_total or root.applicable_points != program.root.points:
        full, applicable = program.root.points, root.applicable_points
        steps.append(
            Step(
                "rescale",
                run.raw_total,
                run.rescaled_total,
                Text(
                    f"rescaled from {number_text(applicable)} applicable points to the full {number_text(full)}: "
                    f"{number_text(run.raw_total)} × {number_text(full)} / {number_text(applicable)} "
                    f"= {number_text(run.rescaled_total)}",
                    f"按 {number_text(applicable)} 分折算为{'百分制' if full == 100 else f'满分 {number_text(full)} 分'}："
                    f"{number_text(run.raw_total)} × {number_text(full)} ÷ {number_text(applicable)}"
                    f"（适用指标分值合计）= {number_text(run.rescaled_total)}",
                ),
            )
        )
    before_rounding = run.rescaled_total
    if run.adjusted is not None:
        if _changed(run.adjusted):
            steps.append(adjusted_step(run.adjusted, "total", "总分"))
        before_rounding = run.adjusted.final
    if run.total != before_rounding:
        steps.append(
            Step(
                "rounding",
                before_rounding,
                run.total,
                Text(
                    f"total rounded: {number_text(before_rounding)} → {number_text(run.total)}",
                    f"总分修约：{number_text(before_rounding)} → {number_text(run.total)}",
                ),
            )
        )
    written = program.checked.rubric.grade_caps
    steps += cap_steps(run.grade_caps, written, run.uncapped_grade, run.grade, run.total, statements, run.env)
    return tuple(steps)


def _changed(adjusted: Adjusted) -> bool:
    """Whether penalties or bonuses did anything (a penalty that scored 0 is no step)."""
    return bool(adjusted.bonus or adjusted.penalty) or adjusted.final != adjusted.base


def _innermost_first(plan: SectionPlan) -> list[SectionPlan]:
    found: list[SectionPlan] = []
    for child in plan.children:
        if isinstance(child, SectionPlan):
            found += _innermost_first(child)
    found.append(plan)
    return found


def _vetoed(plan: SectionPlan, run: Run) -> list[SectionPlan]:
    """Sections (and the rubric) whose veto fired, innermost first, in the order they are written."""
    found: list[SectionPlan] = []
    for child in plan.children:
        if isinstance(child, SectionPlan):
            found += _vetoed(child, run)
    if run.sections[plan.id].vetoed_by is not None:
        found.append(plan)
    return found


def _children_sum(plan: SectionPlan, run: Run) -> Decimal:
    """What the section scored before its veto (after moved points and its penalties and bonuses)."""
    score = run.sections[plan.id]
    if score.adjusted is not None:
        return score.adjusted.final
    if score.moves:
        return score.moves[-1].after
    total = Decimal(0)
    for child in plan.children:
        if isinstance(child, SectionPlan):
            total += run.sections[child.id].score
        elif child.info.node.adjusts:
            continue
        elif run.scores[child.index] is not None:
            total += run.scores[child.index]  # type: ignore[operator]
    return total
