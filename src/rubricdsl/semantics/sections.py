"""Checks of what acts on a section or the total rather than on one indicator (issue 10, forms 2, 5 and 6):
penalties and bonuses (their cap), not-applicable policies (who they name) and grade caps (which grade).

The children-sum check (E205) leaves penalties and bonuses out in :mod:`rubricdsl.semantics.check`; this module
adds what is only about these constructs, so the checker's tree walk stays as it was.
"""

from __future__ import annotations

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.semantics.types import ExprTyper
from rubricdsl.syntax import nodes as n


def grade_order(rubric: n.Rubric) -> tuple[str, ...]:
    """The rubric's grades, best first (the order its bands are tried in), the otherwise grade last."""
    if rubric.grades is not None:
        return (*(band.name for band in rubric.grades.bands), rubric.grades.otherwise)
    from rubricdsl.evaluate.program import NATIONAL_GRADES, NATIONAL_OTHERWISE  # evaluate loads after semantics

    return (*(name for _, name in NATIONAL_GRADES), NATIONAL_OTHERWISE)


def outside_points_problems(rubric: n.Rubric, typer: ExprTyper) -> list[Diagnostic]:
    """Every problem with the rubric's penalties, bonuses, not-applicable policies and grade caps.  Grade-cap
    conditions are typed through ``typer`` (which reports its own problems, as for vetoes)."""
    problems: list[Diagnostic] = []
    stack: list[tuple[str, tuple[n.Section | n.Indicator, ...], tuple[n.NotApplicablePolicy, ...]]] = [
        (rubric.id, rubric.children, rubric.na_policies)
    ]
    while stack:
        owner, children, policies = stack.pop()
        for child in children:
            if isinstance(child, n.Section):
                stack.append((child.id, child.children, child.na_policies))
            elif child.adjusts and child.points.value == 0:
                problems.append(messages.make("E250", child.points.span or child.span, name=child.id))
        problems += _policy_problems(owner, children, policies)
    grades = grade_order(rubric)
    for cap in rubric.grade_caps:
        typer.condition(cap.condition)
        if cap.grade not in grades:
            problems.append(messages.make("E254", cap.span, grade=cap.grade, grades="、".join(grades)))
    return problems


def _policy_problems(
    owner: str, children: tuple[n.Section | n.Indicator, ...], policies: tuple[n.NotApplicablePolicy, ...]
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    indicators = {child.id for child in children if isinstance(child, n.Indicator) and not child.adjusts}
    seen: set[str | None] = set()
    for policy in policies:
        if policy.source in seen:
            what = "every indicator" if policy.source is None else f"`{policy.source}`"
            what_zh = "全部指标" if policy.source is None else f"`{policy.source}`"
            problems.append(messages.make("E252", policy.span, section=owner, what=what, what_zh=what_zh))
        seen.add(policy.source)
        if policy.source is not None and policy.source not in indicators:
            problems.append(messages.make("E251", policy.source_span, name=policy.source, section=owner))
        named = policy.target not in (n.RESCALE, n.SIBLINGS)
        if named and policy.target not in indicators:
            problems.append(messages.make("E251", policy.target_span, name=policy.target, section=owner))
        if named and policy.source is None:
            problems.append(messages.make("E253", policy.span, name=policy.target, section=owner))
        elif named and policy.source == policy.target:
            problems.append(messages.make("E255", policy.span, name=policy.target, section=owner))
    return problems
