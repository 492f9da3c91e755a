"""The visible steps between the sum of indicator scores and the graded total: vetoes, rescaling, rounding."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.program import Program, Run, SectionPlan
from rubricdsl.results.display import number_text
from rubricdsl.results.model import Step
from rubricdsl.results.statements import Statements


def total_steps(
    program: Program, section_labels: Mapping[str, str], statements: Statements, run: Run
) -> tuple[Step, ...]:
    steps: list[Step] = []
    root = run.sections[program.root.id]
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
    total = Decimal(0)
    for child in plan.children:
        if isinstance(child, SectionPlan):
            total += run.sections[child.id].score
        elif run.scores[child.index] is not None:
            total += run.scores[child.index]  # type: ignore[operator]
    return total
