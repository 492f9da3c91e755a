"""A result as a table shaped like the 指标完成情况表: one column pair per indicator level, then 得分 and why.

Section names appear once, on the first row of their block, the way merged cells read in the Word table.
rich measures CJK characters as two cells, so the columns line up in a terminal.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from rubricdsl.render.safe_text import safe_text
from rubricdsl.results.completeness import grade_text, incomplete_text
from rubricdsl.results.display import number_text
from rubricdsl.results.model import EvaluationResult, IndicatorResult

_LEVELS_ZH = "一二三四五六七八九十"
_STATUS_MARK = {"not_applicable": ("n/a", "不适用"), "error": ("not scored", "未评分")}


def _level_title(depth: int, lang: str) -> str:
    if lang == "zh":
        return f"{_LEVELS_ZH[depth] if depth < len(_LEVELS_ZH) else depth + 1}级指标"
    return f"Level {depth + 1}"


def result_table(result: EvaluationResult, lang: str = "zh", explain: bool = False) -> RenderableType:
    sections = {section.id: section for section in result.sections}
    depth = max((len(item.path) for item in result.indicators), default=1)
    zh = lang == "zh"
    title = RichText(safe_text(result.rubric_label), style="table.title")  # plain text: no markup from the rubric
    table = Table(title=title, box=box.SQUARE, show_lines=False, header_style="bold")
    for level in range(depth):
        table.add_column(_level_title(level, lang), overflow="fold")
        table.add_column("分值" if zh else "Pts", justify="right")
    goals = any(item.target is not None or item.actual is not None for item in result.indicators)
    if goals:  # the self-evaluation tables' 年度指标值 / 实际完成值, when the rubric states targets
        table.add_column("年度指标值" if zh else "Target", justify="right")
        table.add_column("实际完成值" if zh else "Actual", justify="right")
    table.add_column("得分" if zh else "Score", justify="right", style="bold")
    table.add_column("评分依据" if zh else "Why", overflow="fold", ratio=1)
    shown: set[str] = set()
    for item in result.indicators:
        cells: list[RenderableType] = []
        for level in range(depth):
            if level < len(item.path) - 1:
                ident = item.path[level]
                section = sections[ident]
                first = ident not in shown
                shown.add(ident)
                cells += [section.label if first else "", number_text(section.points) if first else ""]
            elif level == len(item.path) - 1:
                cells += [item.label, number_text(item.points)]
            else:
                cells += ["", ""]
        if goals:
            cells += _goal_cells(item)
        cells += [_score_cell(item, lang), _why(item, lang, explain)]
        table.add_row(*map(_safe, cells))
    table.add_section()
    total_cells: list[RenderableType] = ["合计" if zh else "Total", number_text(result.max)]
    total_cells += [""] * (2 * depth - 2 + (2 if goals else 0))
    total_cells += [_total_cell(result, lang), _grade_cell(result, lang)]
    table.add_row(*map(_safe, total_cells))
    parts: list[RenderableType] = [table]
    for step in result.steps:
        parts.append(RichText("• " + safe_text(step.text.in_lang(lang))))
    marks = {"holds": "✓", "violated": "✗", "not_checked": "?"}
    for check in result.assertions:  # the rubric's consistency checks, each with its values
        parts.append(RichText(f"{marks[check.status]} " + safe_text(check.text.in_lang(lang))))
    if result.record:  # facts kept for the record: shown, scored by nothing
        kept = ("；" if zh else "; ").join(f"{read.label} = {read.shown}" for read in result.record)
        parts.append(RichText(("记录事项：" if zh else "For the record: ") + safe_text(kept)))
    return Group(*parts)


def _total_cell(result: EvaluationResult, lang: str) -> RenderableType:
    """The total, and right under it that it is not final: the table is what gets pasted into a report."""
    total = number_text(result.total)
    if result.complete:
        return RichText(total, style="bold")
    return RichText(f"{total}\n{'不完整' if lang == 'zh' else 'incomplete'}", style="bold red")


def _grade_cell(result: EvaluationResult, lang: str) -> str:
    grade = f"等级：{grade_text(result, lang)}" if lang == "zh" else f"grade: {grade_text(result, lang)}"
    mark = incomplete_text(result)
    if mark is None:
        return grade
    return f"{grade}；{mark.zh}" if lang == "zh" else f"{grade}; {mark.en}"


def _safe(cell: RenderableType) -> RenderableType:
    """Text from the rubric or the facts, shown as written: no rich markup, no terminal control characters."""
    if isinstance(cell, str):
        return RichText(safe_text(cell, keep_newlines=True))
    return cell


def _goal_cells(item: IndicatorResult) -> list[RenderableType]:
    target, actual = item.target, item.actual
    return [target.shown if target is not None else "", actual.shown if actual is not None else ""]


def _score_cell(item: IndicatorResult, lang: str) -> RenderableType:
    if item.score is not None and item.kind != "indicator":  # a penalty or bonus: what it takes or adds
        sign = "−" if item.kind == "penalty" else "+"
        return RichText(f"{sign}{number_text(item.score)}", style="yellow" if item.score else "")
    if item.score is not None:
        style = "" if item.score == item.points else "yellow"
        return RichText(number_text(item.score), style=style)
    en, zh = _STATUS_MARK[item.status]
    return RichText(zh if lang == "zh" else en, style="red" if item.status == "error" else "dim")


def _why(item: IndicatorResult, lang: str, explain: bool) -> str:
    reason = item.reason.in_lang(lang)
    if not explain:
        return reason
    extra = []
    if item.line is not None and item.branch is not None:
        extra.append(f"{'第' if lang == 'zh' else 'line '}{item.line}{'行' if lang == 'zh' else ''}: {item.branch}")
    if item.reads:
        extra.append(", ".join(f"{read.label}={read.shown}" for read in item.reads))
    return "\n".join([reason, *extra])


def print_result(result: EvaluationResult, console: Console, lang: str = "zh", explain: bool = False) -> None:
    console.print(result_table(result, lang, explain))
