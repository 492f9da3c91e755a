"""Facts from a spreadsheet (.xlsx): one project as a form, or many projects as rows.

The shape decides, not an option.  A sheet whose header row names facts (by id, Chinese label or
``label（id）``) holds one project per row below it; otherwise a sheet whose first column names facts is a
form, one fact per row with its value beside it (or under a header titled 值 / 填写值 / value).

A cell keeps what it means: numbers are exact Decimals, a cell formatted ``95%`` holds 0.95, booleans stay
booleans, dates stay dates (and are refused where no date belongs).  A float that carries residue a person
cannot have typed (``0.0900000762939453`` in a cell that shows 9.00%) is refused with F430 instead of being
used; an Excel error (``#DIV/0!``) with F431.  Text cells go through the normal facts conversion, so "95%",
"是" and "50万元" read as they do in JSON.

openpyxl is an optional dependency (``pip install 'rubricdsl[excel]'``); it is imported on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rubricdsl.diagnostics import Diagnostic, Text, messages
from rubricdsl.inputs.facts import NOT_APPLICABLE_KEY, FactSchema
from rubricdsl.inputs.files import FactsFileError
from rubricdsl.inputs.sheet_headers import (
    KEY_HEADERS,
    UNITS,
    VALUE_HEADERS,
    header_to_fact,
    header_unit,
    in_header_unit,
    normalise,
    reserved_header,
)
from rubricdsl.inputs.spreadsheet_cells import cell_value

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
MAX_SPREADSHEET_BYTES = 20_000_000
MAX_ROWS = 1_000_000
MAX_COLUMNS = 500
EXTRA_HINT = "pip install 'rubricdsl[excel]'"


class MissingExtra(Exception):
    """An optional dependency is not installed; the CLI says which extra to install and exits 2."""

    def __init__(self, extra: str) -> None:
        super().__init__(f"pip install 'rubricdsl[{extra}]'")
        self.diagnostic = messages.make("E501", None, extra=extra)


def require_openpyxl() -> None:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise MissingExtra("excel") from None


# ---- the sheet -------------------------------------------------------------------------------------------


@dataclass
class SheetProject:
    """One project read from a sheet: its id, its facts, where each fact was and what went wrong reading."""

    ident: str
    facts: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        """The project's record could not be read (a line that is not JSON, not an object): nothing to score."""
        return any(problem.code in ("F406", "F407") for problem in self.problems)

    def locate(self, problems: list[Diagnostic] | tuple[Diagnostic, ...]) -> list[Diagnostic]:
        """Reading problems first, then ``problems`` (the facts conversion's) with their cell named; an
        F403 for a cell already refused with a specific code is dropped (it says less)."""
        if self.unreadable:
            return list(self.problems)  # the project could not be read at all: that is the whole story
        refused = {problem.subject for problem in self.problems if problem.code in ("F430", "F431")}
        located = list(self.problems)
        for problem in problems:
            if problem.code == "F403" and problem.subject in refused:
                continue
            located.append(_at_cell(problem, self.cells.get(problem.subject or "")))
        return located


def _at_cell(problem: Diagnostic, where: str | None) -> Diagnostic:
    if where is None:
        return problem
    message = Text(f"{problem.message.en} (cell {where})", f"{problem.message.zh}（单元格 {where}）")
    return replace(problem, message=message)


@dataclass
class SheetFacts:
    """What a workbook holds: ``form`` (one project) or ``rows`` (many), read from ``sheet``."""

    shape: str
    sheet: str
    projects: list[SheetProject]


def read_spreadsheet(path: Path, schema: FactSchema) -> SheetFacts:
    """Read the facts sheet of ``path``: the first visible sheet that holds facts."""
    require_openpyxl()
    from openpyxl import load_workbook

    if path.stat().st_size > MAX_SPREADSHEET_BYTES:
        raise _fail(
            f"the file is larger than {MAX_SPREADSHEET_BYTES} bytes", f"文件超过 {MAX_SPREADSHEET_BYTES} 字节的上限"
        )
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # not a zip, not OOXML, XML that defusedxml refuses: openpyxl's errors share no base
        raise _unreadable() from None
    try:
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            try:
                rows = _rows(sheet)
            except FactsFileError:
                raise
            except Exception:  # a read-only sheet is parsed only now
                raise _unreadable() from None
            found = _read_sheet(sheet.title, rows, schema)
            if found is not None:
                return found
    finally:
        workbook.close()
    raise _fail(
        "no sheet names any fact of the rubric in its first column or its header row",
        "没有哪个工作表的第一列或表头写有评分规则中的事实（名称或标识）",
    )


def _unreadable() -> FactsFileError:
    return _fail(
        "not an .xlsx workbook, or a damaged one; save it from Excel or WPS as .xlsx",
        "不是有效的 .xlsx 工作簿（或文件已损坏）；请在 Excel 或 WPS 中另存为 .xlsx 格式",
    )


def _fail(detail: str, detail_zh: str) -> FactsFileError:
    return FactsFileError(messages.make("F407", None, detail=detail, detail_zh=detail_zh))


def _rows(sheet: Any) -> list[tuple[int, list[Any]]]:
    """(row number, cells) of every row with something in it, at most MAX_ROWS × MAX_COLUMNS."""
    found: list[tuple[int, list[Any]]] = []
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if number > MAX_ROWS:
            raise _fail(f"the sheet has more than {MAX_ROWS} rows", f"工作表超过 {MAX_ROWS} 行")
        cells = list(row)
        if any(getattr(cell, "value", None) not in (None, "") for cell in cells):
            found.append((number, cells))
    return found


def _text(cell: Any) -> str:
    value = getattr(cell, "value", None)
    return "" if value is None else str(value).strip()


def _read_sheet(title: str, rows: list[tuple[int, list[Any]]], schema: FactSchema) -> SheetFacts | None:
    header_at, header_hits = _header_row(rows, schema)
    form_hits = sum(1 for _, cells in rows if cells and header_to_fact(_text(cells[0]), schema) is not None)
    if header_hits >= 2 and header_hits > form_hits:
        return SheetFacts("rows", title, _projects_in_rows(title, rows, header_at, schema))
    titled_values = any(
        normalise(_text(cell)).lower() in VALUE_HEADERS for _, cells in rows[: header_at + 1] for cell in cells
    )
    if header_hits == 1 and len(schema.specs) == 1 and form_hits <= 1 and not titled_values:
        return SheetFacts("rows", title, _projects_in_rows(title, rows, header_at, schema))
    form = _form(title, rows, schema)
    return None if form is None else SheetFacts("form", title, [form])


def _header_row(rows: list[tuple[int, list[Any]]], schema: FactSchema) -> tuple[int, int]:
    """Index (in ``rows``) of the first of the first ten rows that names facts, and how many different facts
    it names (a form's row naming one fact by label and by id names one)."""
    for index, (_, cells) in enumerate(rows[:10]):
        named = {header_to_fact(_text(cell), schema) for cell in cells} - {None, NOT_APPLICABLE_KEY}
        if named:
            return index, len(named)
    return 0, 0


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _projects_in_rows(
    title: str, rows: list[tuple[int, list[Any]]], header_at: int, schema: FactSchema
) -> list[SheetProject]:
    header = [_text(cell) for cell in rows[header_at][1]]
    columns: dict[int, str] = {}
    units = {index: header_unit(text) for index, text in enumerate(header)}
    seen: dict[str, int] = {}
    duplicate: list[Diagnostic] = []
    for index, text in enumerate(header):
        if not text:
            continue
        name = header_to_fact(text, schema) or reserved_header(text) or text
        if name == "notes":
            continue
        if name in seen:
            where = f"{title}!{_column(index)}{rows[header_at][0]}"
            duplicate.append(messages.make("F433", None, subject=name, name=name, cell=where))
            continue
        seen[name] = index
        columns[index] = name
    projects: list[SheetProject] = []
    for number, cells in rows[header_at + 1 :]:
        project = SheetProject(ident=str(number), problems=list(duplicate))
        found: list[tuple[str, Diagnostic]] = []
        for index, name in columns.items():
            if index >= len(cells):
                continue
            where = f"{title}!{_column(index)}{number}"
            before = len(found)
            value = cell_value(cells[index], where, found)
            if value is None:
                continue
            if len(found) > before:
                _, problem = found[-1]
                found[-1] = (where, replace(problem, subject=name))
            _put(project, name, in_header_unit(value, cells[index], units[index], schema, name), where)
        project.problems.extend(problem for _, problem in found)
        projects.append(project)
    return projects


def _put(project: SheetProject, name: str, value: Any, where: str) -> None:
    if name == "$id":
        project.ident = str(value)
        return
    if name == NOT_APPLICABLE_KEY:
        value = [part.strip() for part in re.split(r"[、;；,，\s]+", str(value)) if part.strip()]
    project.facts[name] = value
    project.cells[name] = where


def _form(title: str, rows: list[tuple[int, list[Any]]], schema: FactSchema) -> SheetProject | None:
    """One project: a key column naming facts and a value column beside it (or headed 值 / 填写值)."""
    key_columns, value_column, start = _form_columns(rows, schema)
    unit_column = _unit_column(rows)
    if value_column is None:
        return None
    project = SheetProject(ident=title)
    found: list[tuple[str, Diagnostic]] = []
    named = 0
    for number, cells in rows[start:]:
        keys = [_text(cells[index]) for index in key_columns if index < len(cells)]
        name = next((hit for hit in (header_to_fact(key, schema) or reserved_header(key) for key in keys) if hit), None)
        if value_column >= len(cells):
            continue
        where = f"{title}!{_column(value_column)}{number}"
        if name == "notes":
            continue
        if name is None:
            name = next((key for key in keys if key), None)
            if name is None or _text(cells[value_column]) == "":
                continue  # a title, a note, a blank line: no value, nothing to report
        else:
            named += 1
        if name in project.cells:
            project.problems.append(messages.make("F433", None, subject=name, name=name, cell=where))
            continue
        before = len(found)
        value = cell_value(cells[value_column], where, found)
        if len(found) > before:
            _, problem = found[-1]
            found[-1] = (where, replace(problem, subject=name))
        if value is None:
            project.cells[name] = where  # named but left empty: missing, and the message says where
            continue
        unit = next((header_unit(key) for key in keys if header_unit(key)), None)
        if unit is None and unit_column is not None and unit_column < len(cells):
            unit = UNITS.get(normalise(_text(cells[unit_column])))  # the row's 单位 cell: 万元, 元 or %
        _put(project, name, in_header_unit(value, cells[value_column], unit, schema, name), where)
    project.problems.extend(problem for _, problem in found)
    if not named:
        return None
    for name in [name for name in project.cells if name not in project.facts and name != "$id"]:
        if name not in schema.specs:
            del project.cells[name]
    return project


def _unit_column(rows: list[tuple[int, list[Any]]]) -> int | None:
    """The column a form's header row titles 单位 (or unit), if any."""
    for _, cells in rows[:10]:
        titles = [normalise(_text(cell)).lower() for cell in cells]
        if any(title in VALUE_HEADERS for title in titles):
            return next((column for column, title in enumerate(titles) if title in ("单位", "unit")), None)
    return None


def _form_columns(rows: list[tuple[int, list[Any]]], schema: FactSchema) -> tuple[list[int], int | None, int]:
    """(key columns, value column, first data row index).  A header row titling the value column wins;
    else the key is the first column and the value the first column after the ones that name facts."""
    for index, (_, cells) in enumerate(rows[:10]):
        titles = [normalise(_text(cell)).lower() for cell in cells]
        values = [column for column, title in enumerate(titles) if title in VALUE_HEADERS]
        if values:
            keys = [column for column, title in enumerate(titles) if title in KEY_HEADERS and column != values[0]]
            return keys or [0], values[0], index + 1
    naming = [0]
    sample = rows[:200]
    for column in range(1, 4):
        hits = sum(1 for _, cells in sample if column < len(cells) and header_to_fact(_text(cells[column]), schema))
        if hits and hits * 2 >= sum(1 for _, cells in sample if header_to_fact(_text(cells[0]), schema)):
            naming.append(column)
        else:
            break
    return naming, naming[-1] + 1, 0
