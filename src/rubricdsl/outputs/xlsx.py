"""Workbooks out: the 指标完成情况表 of results, the blank 评价指标表, and the 汇总 sheet of many projects.

Every cell is written by :mod:`.xlsx_cells`: numbers as numbers with a display format that shows their digits
(a value the double in the file cannot give back exactly has its exact value in the cell's comment), text that
a spreadsheet would read as a formula kept text.  The 汇总 row is :func:`summary_row`, which the SQL engine's
streamed sheet (:mod:`.xlsx_stream`) fills its rows with too.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rubricdsl.compiled import CompiledRubric
from rubricdsl.diagnostics import Diagnostic
from rubricdsl.inputs.spreadsheet import require_openpyxl
from rubricdsl.outputs.rows import listed_code
from rubricdsl.outputs.tables import IndicatorTable, TableRow, indicator_table, printable, status_text
from rubricdsl.outputs.xlsx_cells import (  # number_format_for, put_number, put_text: re-exported (__all__)
    _at,
    _style_table,
    number_format_for,
    print_setup,
    put_number,
    put_text,
)
from rubricdsl.results.model import EvaluationResult
from rubricdsl.syntax.nodes import IndicatorKind

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

MAX_PROJECT_SHEETS = 200  # beyond this, the summary alone: a workbook of thousands of sheets helps nobody


class _Saves(Protocol):
    def save(self, filename: str) -> None: ...


def atomic_save(document: _Saves, path: Path) -> None:
    """Save a workbook, document or text through :func:`rubricdsl.outputs.atomic.save_atomically`: a reader
    never sees half a file, and a failure leaves the old file as it was."""
    from rubricdsl.outputs.atomic import save_atomically

    save_atomically(path, document.save)


# ---- the indicator table ------------------------------------------------------------------------------------


def draw_table(sheet: Worksheet, table: IndicatorTable, heading: str | None = None) -> int:
    """Draw ``table`` on ``sheet`` from row 1; returns the last row used."""
    from openpyxl.styles import Alignment, Font, PatternFill

    headers = table.headers()
    width = len(headers)
    put_text(_at(sheet, 1, 1), table.title)
    _at(sheet, 1, 1).font = Font(bold=True, size=14)
    _at(sheet, 1, 1).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    put_text(_at(sheet, 2, 1), heading or table.subtitle)
    _at(sheet, 2, 1).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    header_row = 3
    for column, title in enumerate(headers, start=1):
        cell = _at(sheet, header_row, column)
        put_text(cell, title)
        cell.font = Font(bold=True)
    indicator_column = 2 * table.levels + 1
    results = indicator_column + 3 + table.targets  # 实际完成值, 得分, 扣分原因 (after 年度指标值 when shown)
    first = header_row + 1
    for offset, row in enumerate(table.rows):
        at = first + offset
        for level, section in enumerate(row.sections):
            if section is None:
                continue
            put_text(_at(sheet, at, 2 * level + 1), section.label)
            put_number(_at(sheet, at, 2 * level + 2), section.points)
            if section.rows > 1:
                for column in (2 * level + 1, 2 * level + 2):
                    sheet.merge_cells(
                        start_row=at, start_column=column, end_row=at + section.rows - 1, end_column=column
                    )
        label_column = 2 * row.depth + 1
        put_text(_at(sheet, at, label_column), row.label)
        if label_column < indicator_column:  # fewer sections than the deepest: span the columns it lacks
            sheet.merge_cells(start_row=at, start_column=label_column, end_row=at, end_column=indicator_column)
        put_number(_at(sheet, at, indicator_column + 1), row.points)
        put_text(_at(sheet, at, indicator_column + 2), row.standard)
        if table.targets:
            _draw_target_cell(sheet, at, indicator_column + 3, row)
        if table.scored:
            _draw_result_cells(sheet, at, results, row)
    last = first + len(table.rows)
    put_text(_at(sheet, last, 1), "合计")
    _at(sheet, last, 1).font = Font(bold=True)
    if indicator_column > 1:
        sheet.merge_cells(start_row=last, start_column=1, end_row=last, end_column=indicator_column)
    put_number(_at(sheet, last, indicator_column + 1), table.maximum)
    if table.scored:
        total_cell = _at(sheet, last, results + 1)
        if table.total is not None:
            put_number(total_cell, table.total)
        total_cell.font = Font(bold=True)
        verdict = _at(sheet, last, results + 2)
        if table.complete:
            put_text(verdict, f"等级：{table.grade}" if table.grade else "")
        else:
            put_text(verdict, "评分未完成：部分指标未能评分，合计与等级不是最终结果")
            for cell in (total_cell, verdict):
                cell.fill = PatternFill("solid", fgColor="FFF2CC")
            verdict.font = Font(bold=True, color="9C0006")
    _style_table(sheet, header_row, last, width)
    footer_row = last + 2
    put_text(_at(sheet, footer_row, 1), table.footer())
    _at(sheet, footer_row, 1).font = Font(size=8, color="666666")
    sheet.merge_cells(start_row=footer_row, start_column=1, end_row=footer_row, end_column=width)
    _widths(sheet, table)
    sheet.freeze_panes = _at(sheet, first, 1)
    print_setup(sheet, header_row, table.footer())
    return footer_row


def _draw_target_cell(sheet: Worksheet, at: int, column: int, row: TableRow) -> None:
    """年度指标值: a number with its format when the target is one value, else the stated text (≥90%)."""
    cell = _at(sheet, at, column)
    if row.target_value is None:
        put_text(cell, row.target)
        return
    put_number(cell, row.target_value)
    if row.target_percent:
        places = max(len(cell.number_format.partition(".")[2]) - 2, 0)
        cell.number_format = "0%" if places == 0 else "0." + "0" * places + "%"


def _draw_result_cells(sheet: Worksheet, at: int, column: int, row: TableRow) -> None:
    from openpyxl.styles import Font

    actual = _at(sheet, at, column)
    if row.actual_value is not None:
        put_number(actual, row.actual_value)
        if row.actual_percent:  # the share, shown as the percent it is (0.96 → 96%)
            places = max(len(actual.number_format.partition(".")[2]) - 2, 0)
            actual.number_format = "0%" if places == 0 else "0." + "0" * places + "%"
    else:
        put_text(actual, row.actual)
    score = _at(sheet, at, column + 1)
    if row.score is not None:
        put_number(score, row.score)
    else:
        put_text(score, status_text(row))
        score.font = Font(color="9C0006")
    put_text(_at(sheet, at, column + 2), row.reason)


def _widths(sheet: Worksheet, table: IndicatorTable) -> None:
    from openpyxl.utils import get_column_letter

    sizes: list[float] = []
    for _ in range(table.levels):
        sizes += [14, 6]
    sizes += [22, 6, 44]
    if table.targets:
        sizes.append(12)
    if table.scored:
        sizes += [22, 8, 40]
    for index, size in enumerate(sizes, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = size


def _new_workbook() -> Workbook:
    require_openpyxl()
    from openpyxl import Workbook

    return Workbook()


def write_table(compiled: CompiledRubric, path: Path) -> None:
    """The blank 评价指标表 of ``compiled``."""
    workbook = _new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "评价指标表"
    draw_table(sheet, indicator_table(compiled))
    atomic_save(workbook, path)


def write_indicator_table(table: IndicatorTable, path: Path, *, report: bool = False) -> None:
    """``table`` on a sheet of its own; for a report, the summary (评价结论, 扣分汇总) on a second sheet."""
    from openpyxl.styles import Font

    from rubricdsl.outputs.html import summary_lines

    workbook = _new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.subtitle
    draw_table(sheet, table)
    if report:
        summary = workbook.create_sheet("评价结论")
        head, lines = summary_lines(table)
        rows = ["一、评价结论", head, "二、扣分汇总（存在问题）", *(f"{i}. {line}" for i, line in enumerate(lines, 1))]
        if not lines:
            rows.append("无。")
        for index, text in enumerate(rows, start=1):
            put_text(_at(summary, index, 1), text)
            if text.startswith(("一、", "二、")):
                _at(summary, index, 1).font = Font(bold=True)
        summary.column_dimensions["A"].width = 120
    atomic_save(workbook, path)


def write_results(
    compiled: CompiledRubric,
    results: Sequence[tuple[str, EvaluationResult, list[Diagnostic]]],
    path: Path,
    *,
    many: bool,
) -> None:
    """One project: its 指标完成情况表 (and its problems).  Many: a 汇总 sheet, then a sheet per project."""
    workbook = _new_workbook()
    sheet = workbook.active
    assert sheet is not None
    if many:
        sheet.title = "汇总"
        _summary(sheet, compiled, results)
        used: set[str] = {"汇总"}
        if len(results) > MAX_PROJECT_SHEETS:
            note = f"共 {len(results)} 个项目，超过 {MAX_PROJECT_SHEETS} 个，只写汇总表，不逐项目分表"
            # on the row between the table and the footer, so the sheet's rows stay most_projects()'s count
            put_text(_at(sheet, SUMMARY_ROWS_ABOVE + len(results) + 1, 1), note)
        per_project = results if len(results) <= MAX_PROJECT_SHEETS else ()
        for ident, result, problems in per_project:
            project = workbook.create_sheet(_sheet_title(ident, used))
            last = draw_table(project, indicator_table(compiled, result), heading=f"指标完成情况表　项目：{ident}")
            _problems(project, last + 1, problems)
    else:
        ((ident, result, problems),) = results
        sheet.title = "指标完成情况表"
        last = draw_table(sheet, indicator_table(compiled, result))
        _problems(sheet, last + 1, problems)
    atomic_save(workbook, path)


def _problems(sheet: Worksheet, row: int, problems: list[Diagnostic]) -> None:
    for offset, problem in enumerate(problems, start=1):
        put_text(_at(sheet, row + offset, 1), f"[{problem.code}] {problem.message.zh}")


_BAD_TITLE = str.maketrans({char: "_" for char in "[]:*?/\\"})


def _sheet_title(ident: str, used: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    base = (printable(ident).translate(_BAD_TITLE).strip("'") or "项目")[:28]
    title, number = base, 2
    while title.lower() in {name.lower() for name in used}:
        title, number = f"{base}~{number}", number + 1
    used.add(title)
    return title


def summary_headers(compiled: CompiledRubric) -> list[str]:
    """The 汇总 sheet's header row: the project, its total, grade, whether complete, its problems, then every
    indicator's label in rubric order (shared with the SQL engine's streamed sheet, :mod:`.xlsx_stream`)."""
    return [*SUMMARY_COLUMNS, *[info.node.label or info.node.id for info in compiled.checked.indicators]]


SUMMARY_COLUMNS = ("项目", "合计得分", "等级", "是否完成", "问题")
SUMMARY_ROWS_ABOVE = 2  # the title and the header
SUMMARY_ROWS_BELOW = 2  # a blank row (or the note that per-project sheets were left out) and the footer
EXCEL_MAX_ROWS = 1_048_576  # the rows of a sheet in Excel (2007 and later) and WPS: 2^20


def most_projects() -> int:
    """The most projects one 汇总 sheet holds: a sheet's rows less the title, header, blank and footer rows.
    Both writers (:func:`write_results` and the SQL engine's :mod:`.xlsx_stream`) refuse more before writing,
    since Excel and WPS would cut the sheet short."""
    return EXCEL_MAX_ROWS - SUMMARY_ROWS_ABOVE - SUMMARY_ROWS_BELOW


def summary_title(compiled: CompiledRubric) -> str:
    return f"{compiled.label}　评分汇总"


def summary_footer(compiled: CompiledRubric) -> str:
    return f"评分规则 {compiled.id}，内容哈希 SHA-256 {compiled.sha256}"


def penalty_places(compiled: CompiledRubric) -> tuple[bool, ...]:
    """Per indicator, in rubric order: whether its 汇总 column shows the points it takes off (a penalty)."""
    return tuple(info.node.kind is IndicatorKind.PENALTY for info in compiled.checked.indicators)


def summary_row(
    cells: Sequence[Cell],
    ident: str,
    total: Decimal | None,
    grade: str | None,
    complete: bool,
    problems: str,
    scores: Sequence[Decimal | None],
    penalties: Sequence[bool],
) -> None:
    """Fill one project's 汇总 row: no grade unless complete, a penalty's score negated (the points it takes
    off), an absent score an empty cell; numbers by :func:`put_number`, text by :func:`put_text`."""
    put_text(cells[0], ident)
    if total is not None:
        put_number(cells[1], total)
    put_text(cells[2], grade or "" if complete else "")
    put_text(cells[3], "是" if complete else "否（未完成）")
    put_text(cells[4], problems)
    for cell, score, penalty in zip(cells[len(SUMMARY_COLUMNS) :], scores, penalties, strict=True):
        if score is not None:
            put_number(cell, score.copy_negate() if score and penalty else score)


def _summary(sheet: Worksheet, compiled: CompiledRubric, results: Sequence[tuple[str, EvaluationResult, Any]]) -> None:
    from openpyxl.styles import Font

    infos = compiled.checked.indicators
    headers = summary_headers(compiled)
    put_text(_at(sheet, 1, 1), summary_title(compiled))
    _at(sheet, 1, 1).font = Font(bold=True, size=14)
    for column, title in enumerate(headers, start=1):
        put_text(_at(sheet, 2, column), title)
        _at(sheet, 2, column).font = Font(bold=True)
    penalties = penalty_places(compiled)
    columns = range(1, len(headers) + 1)
    for offset, (ident, result, problems) in enumerate(results, start=SUMMARY_ROWS_ABOVE + 1):
        scores = result.scores()
        summary_row(
            [_at(sheet, offset, column) for column in columns],
            ident,
            result.total,
            result.grade,
            result.complete,
            " ".join(map(listed_code, problems)),
            [scores[info.node.id] for info in infos],
            penalties,
        )
    last = SUMMARY_ROWS_ABOVE + len(results)
    _style_table(sheet, 2, last, len(headers))
    sheet.freeze_panes = "B3"
    footer = summary_footer(compiled)
    put_text(_at(sheet, last + SUMMARY_ROWS_BELOW, 1), footer)
    print_setup(sheet, 2, footer)


__all__ = [
    "EXCEL_MAX_ROWS",
    "draw_table",
    "most_projects",
    "number_format_for",
    "put_number",
    "put_text",
    "summary_footer",
    "summary_headers",
    "summary_row",
    "summary_title",
    "write_results",
    "write_table",
]
