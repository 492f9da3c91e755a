"""The official tables as data: the blank 评价指标表 of a rubric and the scored 指标完成情况表 of a result.

One model, every format: :func:`indicator_table` lays the rubric's tree out as rows (one per indicator) with
the section cells that span them, the way merged cells read in the Word table; the xlsx, docx, html and
markdown writers only draw it.  Section levels come first (一级指标, 分值, 二级指标, 分值, …), then the
indicator's own label and points; an indicator with fewer enclosing sections than the deepest one spans the
section columns it lacks, so every row's points stand in the same column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from rubricdsl.compiled import CompiledRubric
from rubricdsl.results.display import number_text, percent_text
from rubricdsl.results.model import EvaluationResult, IndicatorResult
from rubricdsl.semantics.targets import target_text
from rubricdsl.syntax import nodes as n

_LEVEL_NAMES = "一二三四五六七八九十"
# Characters no document format can hold (XML 1.0 refuses C0 controls but tab and line ends; a lone surrogate
# is no character): a facts value or id carrying one must not crash a writer.  Shown as an escape instead.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with every character a document cannot hold written as its escape (``\\x01``)."""
    return _UNPRINTABLE.sub(
        lambda found: f"\\x{ord(found[0]):02x}" if ord(found[0]) < 0x100 else f"\\u{ord(found[0]):04x}", text
    )


@dataclass(frozen=True, slots=True)
class SectionCell:
    """A section's label and points, drawn once over the ``rows`` rows it spans."""

    id: str
    label: str
    points: Decimal
    rows: int


@dataclass(frozen=True, slots=True)
class TableRow:
    id: str
    label: str
    points: Decimal
    depth: int  # enclosing sections
    sections: tuple[SectionCell | None, ...]  # per section level: the cell starting here, or None (spanned/empty)
    standard: str
    actual: str = ""  # 实际完成值: the values the rule read, as written
    score: Decimal | None = None
    status: str = ""  # scored | not_applicable | error; empty in a blank table
    reason: str = ""  # 扣分原因: the explanation, for rows that lost points or were not scored
    actual_value: Decimal | None = None  # 实际完成值 as a number, when the rule read one number
    actual_percent: bool = False  # … shown as a percent (the value is the share)
    target: str = ""  # 年度指标值 as the rubric states it (≥90%, 500, 有效提升); empty when it states none
    target_value: Decimal | None = None  # … as a number, when it is one number without a comparison
    target_percent: bool = False  # … shown as a percent


@dataclass(frozen=True, slots=True)
class IndicatorTable:
    title: str
    subtitle: str  # 评价指标表 or 指标完成情况表
    rubric_id: str
    sha256: str
    levels: int  # section levels (columns of label + points before the indicator's own)
    rows: tuple[TableRow, ...]
    maximum: Decimal
    scored: bool
    total: Decimal | None = None
    grade: str = ""
    complete: bool = True
    steps: tuple[str, ...] = ()  # what was done to the sum of the scores: 折算 for not-applicable rows, veto, 修约
    targets: bool = False  # some indicator states a 年度指标值: the table has that column
    # the rubric's `assert` checks on these facts: (holds, the sentence with both sides' values), in Chinese
    checks: tuple[tuple[bool, str], ...] = ()
    record: tuple[str, ...] = ()  # facts kept for the record (`record`), as `label = value`: shown, not scored

    @property
    def indicator_level_title(self) -> str:
        return level_title(self.levels)

    def headers(self) -> list[str]:
        """Column titles, in order: the section levels, the indicator, then the standard (and results)."""
        titles: list[str] = []
        for level in range(self.levels):
            titles += [level_title(level), "分值"]
        titles += [self.indicator_level_title, "分值", "评价标准"]
        if self.targets:
            titles.append("年度指标值")
        if self.scored:
            titles += ["实际完成值", "得分", "扣分原因"]
        return titles

    def footer(self) -> str:
        return f"评分规则 {self.rubric_id}，内容哈希 SHA-256 {self.sha256}"

    def total_text(self) -> str:
        """合计 line: total and grade, with 未完成 when the result is incomplete (never looking final)."""
        if not self.scored or self.total is None:
            return f"合计 {number_text(self.maximum)} 分"
        text = f"合计得分 {number_text(self.total)} / {number_text(self.maximum)}"
        if not self.complete:
            return text + "（评分未完成：部分指标未能评分，合计与等级不是最终结果）"
        return text + (f"，等级：{self.grade}" if self.grade else "")


def level_title(level: int) -> str:
    return f"{_LEVEL_NAMES[level] if level < len(_LEVEL_NAMES) else level + 1}级指标"


def _sections_of(items: tuple[n.Section | n.Indicator, ...]) -> list[tuple[tuple[n.Section, ...], n.Indicator]]:
    """(enclosing sections, indicator) in source order."""
    found: list[tuple[tuple[n.Section, ...], n.Indicator]] = []

    def walk(children: tuple[n.Section | n.Indicator, ...], above: tuple[n.Section, ...]) -> None:
        for item in children:
            if isinstance(item, n.Indicator):
                found.append((above, item))
            else:
                walk(item.children, (*above, item))

    walk(items, ())
    return found


def indicator_table(compiled: CompiledRubric, result: EvaluationResult | None = None) -> IndicatorTable:
    """The blank 评价指标表 (``result`` None) or the 指标完成情况表 of ``result``."""
    from rubricdsl.outputs.standard_text import standard_text

    placed = _sections_of(compiled.checked.rubric.children)
    levels = max((len(above) for above, _ in placed), default=0)
    spans: list[list[SectionCell | None]] = [[None] * levels for _ in placed]
    for level in range(levels):
        start = 0
        while start < len(placed):
            above = placed[start][0]
            if len(above) <= level:
                start += 1
                continue
            end = start + 1
            while end < len(placed) and len(placed[end][0]) > level and placed[end][0][level] is above[level]:
                end += 1
            section = above[level]
            spans[start][level] = SectionCell(
                section.id, section.label or section.id, section.points.value, end - start
            )
            start = end
    results = {item.id: item for item in result.indicators} if result is not None else {}
    rows: list[TableRow] = []
    for (above, node), sections in zip(placed, spans, strict=True):
        standard = printable(node.standard or standard_text(compiled, node))
        if node.adjusts:  # a 减分项 / 加分项: its points are a cap outside the parent's (issue 10)
            where, cap = ("所在部分" if above else "总分"), number_text(node.points.value)
            if node.kind is n.IndicatorKind.PENALTY:
                standard = f"减分项，最高减分 {cap} 分，从{where}中扣减：{standard}"
            else:
                standard = f"加分项，最高加分 {cap} 分，计入{where}：{standard}"
        label = printable(node.label or node.id)
        row = TableRow(node.id, label, node.points.value, len(above), tuple(sections), standard)
        if node.target is not None:
            row = replace(row, **_target_cells(node.target, results.get(node.id), compiled))
        item = results.get(node.id)
        if item is not None:
            row = _scored(row, item)
        rows.append(row)
    title = printable(compiled.label)
    targets = any(node.target is not None for _, node in placed)
    if result is None:
        return IndicatorTable(
            title, "评价指标表", compiled.id, compiled.sha256, levels, tuple(rows), compiled.max, False, targets=targets
        )
    return IndicatorTable(
        title,
        "指标完成情况表",
        compiled.id,
        compiled.sha256,
        levels,
        tuple(rows),
        compiled.max,
        True,
        result.total,
        result.grade,
        result.complete,
        tuple(printable(step.text.zh) for step in result.steps),
        targets,
        tuple((check.status == "holds", printable(check.text.zh)) for check in result.assertions),
        tuple(printable(f"{read.label} = {read.shown}") for read in result.record),
    )


def _target_cells(target: n.Target, item: IndicatorResult | None, compiled: CompiledRubric) -> dict[str, Any]:
    """The 年度指标值 cells: as the rubric states it; a target fact's value from the result, or in a blank
    table the fact's label (the value is filled in per project)."""
    if isinstance(target.value, n.Name):
        if item is not None:
            stated = item.target
            return {"target": printable(stated.shown) if stated is not None else ""}
        name = target.value.ident
        decl = compiled.checked.facts.get(name)
        let = compiled.checked.lets.get(name)
        label = (decl.label if decl is not None else let.label if let is not None else None) or name
        return {"target": printable(target_text(target) + label)}
    cells: dict[str, Any] = {"target": printable(target_text(target))}
    if isinstance(target.value, n.Literal) and target.op is None:
        value = target.value
        if value.kind is n.LiteralKind.PERCENT or value.kind is n.LiteralKind.NUMBER:
            cells["target_value"] = value.value
            cells["target_percent"] = value.kind is n.LiteralKind.PERCENT
    return cells


def _scored(row: TableRow, item: IndicatorResult) -> TableRow:
    reads = item.reads if item.actual is None else (item.actual,)  # the stated actual value, when there is one
    actual = "；".join(read.shown if len(reads) == 1 else f"{read.label} {read.shown}" for read in reads)
    lost = item.lost
    reason = item.reason.zh if item.status != "scored" or (lost is not None and lost > 0) else ""
    value: Decimal | None = None
    percent = False
    if len(reads) == 1 and isinstance(reads[0].value, Decimal):
        read = reads[0]
        percent = read.shown == percent_text(read.value)
        if percent or read.shown == number_text(read.value):  # not 万元 or ≈: those stay as written
            value = read.value
    return replace(
        row,
        actual=printable(actual),
        score=item.score,
        status=item.status,
        reason=printable(reason),
        actual_value=value,
        actual_percent=percent and value is not None,
    )


def status_text(row: TableRow) -> str:
    """What the 得分 cell says when there is no score."""
    return {"not_applicable": "不适用", "error": "未评分"}.get(row.status, "")


def lost_by_indicator(table: IndicatorTable) -> list[tuple[TableRow, Decimal]]:
    """(row, points lost) for each scored row that lost points, most lost first (扣分汇总)."""
    lost = [(row, row.points - row.score) for row in table.rows if row.score is not None and row.score < row.points]
    return sorted(lost, key=lambda pair: -pair[1])
