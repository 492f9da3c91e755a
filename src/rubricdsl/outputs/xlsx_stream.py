"""The 汇总 sheet of many projects, streamed: a write-only workbook filled a row at a time.

``rubric eval R facts --engine sql -o scores.xlsx`` writes the sheet the Python path's ``-o results.xlsx``
writes for many projects (:func:`rubricdsl.outputs.xlsx.write_results`, past its 200 per-project sheets):
the same title, header, cells and footer, each cell filled by the same :func:`~rubricdsl.outputs.xlsx.summary_row`
(numbers by :func:`~rubricdsl.outputs.xlsx_cells.put_number`: the value's own digits as its format, a value the sheet's text of a double cannot
hold exactly with that exact value in the cell's comment).  Unlike that workbook, nothing is held: openpyxl's
write-only mode writes each row as it is appended, so a million rows take the memory of one.

A sheet holds :data:`EXCEL_MAX_ROWS` rows, the title, header and footer included (:func:`most_projects`):
the caller counts the rows first and refuses a table with more, since Excel and WPS would cut it short.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from copy import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rubricdsl.inputs.spreadsheet import require_openpyxl
from rubricdsl.outputs.xlsx import (  # EXCEL_MAX_ROWS, most_projects: re-exported (__all__)
    EXCEL_MAX_ROWS,
    SUMMARY_ROWS_BELOW,
    most_projects,
    penalty_places,
    summary_footer,
    summary_headers,
    summary_row,
    summary_title,
)
from rubricdsl.outputs.xlsx_cells import print_setup, put_text, style_table_cell

if TYPE_CHECKING:
    from rubricdsl.compiled import CompiledRubric


class SummaryStream:
    """The 汇总 sheet of ``compiled``'s scores, written from rows of the SQL engine's columns
    (:attr:`columns`: the key, every indicator's score in rubric order, ``total``, ``grade``, ``complete``,
    ``problems``), as :func:`rubricdsl.evaluate.sql.run.score_to_file` streams them."""

    def __init__(self, compiled: CompiledRubric, key: str) -> None:
        require_openpyxl()  # before anything is scored: E501 names the extra to install
        self.compiled = compiled
        self.indicators = tuple(info.node.id for info in compiled.checked.indicators)
        self.columns = (key, *self.indicators, "total", "grade", "complete", "problems")

    @property
    def limit(self) -> int:
        return most_projects()

    def write(self, path: str, rows: Iterable[tuple[Any, ...]]) -> None:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet: Any = workbook.create_sheet("汇总")
        try:
            self._fill(sheet, rows)
            workbook.save(path)
        except BaseException:
            _discard(sheet)
            raise

    def _fill(self, sheet: Any, rows: Iterable[tuple[Any, ...]]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        compiled = self.compiled
        sheet.freeze_panes = "B3"
        footer = summary_footer(compiled)
        print_setup(sheet, 2, footer)
        title = WriteOnlyCell(sheet)
        put_text(title, summary_title(compiled))
        title.font = Font(bold=True, size=14)
        sheet.append([title])
        header = []
        for text in summary_headers(compiled):
            cell = WriteOnlyCell(sheet)
            put_text(cell, text)
            cell.font = Font(bold=True)
            style_table_cell(cell)
            header.append(cell)
        sheet.append(header)
        width = len(header)
        scores_end = 1 + len(self.indicators)
        penalties = penalty_places(compiled)
        styled = WriteOnlyCell(sheet)
        style_table_cell(styled)
        table_style = styled._style  # type: ignore[attr-defined]  # a cell's style is indices into the workbook's styles, copied as they are
        for row in rows:
            cells = [WriteOnlyCell(sheet) for _ in range(width)]
            for cell in cells:  # what style_table_cell gives each: setting it anew hashes a Border per cell
                cell._style = copy(table_style)  # type: ignore[attr-defined]
            key, total, grade, complete, problems = row[0], *row[scores_end:]
            summary_row(
                cells,
                "" if key is None else key if isinstance(key, str) else str(key),
                _decimal(total),
                grade,
                bool(complete),
                problems or "",
                [_decimal(score) for score in row[1:scores_end]],
                penalties,
            )
            sheet.append(cells)
        for _ in range(SUMMARY_ROWS_BELOW - 1):
            sheet.append([])
        last = WriteOnlyCell(sheet)
        put_text(last, footer)
        sheet.append([last])


def _discard(sheet: Any) -> None:
    """A write-only sheet that failed halfway: its rows go to a temporary file of openpyxl's own (in the system's
    temporary directory, removed only when the process exits), which holds every row written so far; close
    its XML stream and remove it now, so a failed run in a long-lived process leaves nothing behind."""
    writer = getattr(sheet, "_writer", None)
    if writer is None:
        return
    with suppress(Exception):
        if getattr(sheet, "_rows", None) is not None:
            sheet._rows.close()
        writer.close()
    with suppress(Exception):
        writer.cleanup()


def _decimal(value: object) -> Decimal | None:
    """A score as DuckDB gives it (a Decimal; an integer for a DECIMAL of scale 0), exactly."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    raise TypeError(f"a score column holds {type(value).__name__}, not an exact number")


__all__ = ["EXCEL_MAX_ROWS", "SummaryStream", "most_projects"]
