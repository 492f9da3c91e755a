"""``rubric lint --ranges``: the rubric's tree with the range of every value, band, indicator and section."""

from __future__ import annotations

from rubricdsl.lint.describe import snippet, speaks_percent
from rubricdsl.lint.ranges import Ranges
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n


def _percent(checked: CheckedRubric, name: str) -> bool:
    found = checked.types.get(name)
    return found is not None and found.kind == "percent"


def render_ranges(checked: CheckedRubric, ranges: Ranges, lang: str) -> str:
    zh = lang == "zh"
    rubric = checked.rubric
    lines = [f"{rubric.id} {rubric.label or ''} {rubric.full.text}: {ranges.total}".replace("  ", " ")]
    lines.append("  事实" if zh else "  facts")
    for decl in rubric.facts:
        found = ranges.values.get(decl.name)
        shown = found.text(_percent(checked, decl.name)) if found is not None else decl.type.kind.value
        lines.append(f"    {decl.name}: {shown}")
    if rubric.lets:
        lines.append("  派生值" if zh else "  derived values")
        for let in rubric.lets:
            found = ranges.values.get(let.name)
            lines.append(f"    {let.name}: {found.text(_percent(checked, let.name)) if found else '?'}")
    lines.append("  指标" if zh else "  indicators")
    _children(checked, ranges, rubric.children, 2, lines, zh)
    return "\n".join(lines) + "\n"


def _children(
    checked: CheckedRubric,
    ranges: Ranges,
    children: tuple[n.Section | n.Indicator, ...],
    depth: int,
    lines: list[str],
    zh: bool,
) -> None:
    pad = "  " * depth
    for child in children:
        label = f" {child.label}" if child.label else ""
        if isinstance(child, n.Section):
            lines.append(f"{pad}{child.id}{label} {child.points.text}: {ranges.sections[child.id]}")
            _children(checked, ranges, child.children, depth + 1, lines, zh)
            continue
        found = ranges.indicators[child.id]
        lines.append(f"{pad}{child.id}{label} {child.points.text}: {ranges.scores[child.id]}")
        rule = child.rule
        if isinstance(rule, n.ScoreRule | n.DeductRule) and found.subject is not None:
            percent = speaks_percent(checked, rule, rule.subject)
            lines.append(f"{pad}  {snippet(checked, rule.subject)}: {found.subject.text(percent)}")
            for band in found.bands:
                text = snippet(checked, band.band) if band.band is not None else _rest(rule, zh)
                fires = "命中于" if zh else "fires for"
                never = "从不命中" if zh else "never fires"
                where = f"{fires} {band.reach.text(percent)}" if not band.reach.is_empty else never
                lines.append(f"{pad}    `{text}`: {where}, {band.outcome}")
        for branch in found.branches:
            text = snippet(checked, branch.branch) if branch.branch is not None else _rest(rule, zh)
            state = ("可能命中" if zh else "can fire") if branch.reachable else ("从不命中" if zh else "never fires")
            lines.append(f"{pad}    `{text}`: {state}, {branch.outcome}")


def _rest(rule: n.Rule, zh: bool) -> str:
    has_else = isinstance(rule, n.ScoreRule | n.WhenRule) and rule.otherwise is not None
    if has_else:
        return "else"
    return "（无档命中 → 0）" if zh else "(no band → 0)"
