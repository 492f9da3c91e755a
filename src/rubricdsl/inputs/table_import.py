"""``rubric import``: an existing indicator table (.xlsx or .docx) into a draft rubric to review.

The table is read as a grid in which every cell knows the merged range it belongs to.  The header row is
the one with ``N级指标`` columns and 评价标准; a level's points are in the first 分值 column to its right.  On
each row, the distinct merged ranges of the level columns, left to right, are the enclosing sections and,
last, the indicator (an indicator spanning the level columns it lacks is one range).  Rows up to 合计 are
indicators.

Every indicator keeps its 评价标准 as ``standard``.  Phrasings the cookbook knows get a proposed rule and a
``# review`` comment: 是/否 (``是，计1分；否，计0分``), a checklist (``A（1分）；B（2分）``), bands
(``≥90%，计5分；≥80%，计3分；其他情况计0分`` or ``90%以上（5分）；80%以上不满90%（3分）…``) and 每少/每高出…扣…分.
Everything else is ``judged`` on a placeholder fact, with a comment.  This module reads the table into a
tree of :class:`Node`; :mod:`rubricdsl.inputs.table_draft` writes the draft from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rubricdsl.inputs.files import FactsFileError
from rubricdsl.inputs.sheet_headers import normalise
from rubricdsl.inputs.spreadsheet import MAX_SPREADSHEET_BYTES, MissingExtra, _fail, require_openpyxl

_LEVEL = re.compile(r"^([一二三四五六七八九十]|\d+)级指标(名称)?$")
TARGET_HEADERS = ("年度指标值", "指标值", "年度目标值", "目标值", "绩效目标值")
STANDARD_HEADERS = ("评价标准", "评分标准", "评分细则", "评分办法", "计分方法", "评分方法", "评价要点")


def _is_points_header(title: str) -> bool:
    """分值, 分值（分）, 权重, 标准分, 满分: the column of an indicator's points."""
    return title.startswith("分值") or title in ("权重", "权重分", "标准分", "满分", "分数")


def _is_standard_header(title: str) -> bool:
    return any(title.startswith(word) for word in STANDARD_HEADERS)


_NUMBER = r"(\d+(?:\.\d+)?)"


@dataclass
class Grid:
    """Cell texts, and for each cell the key of the merged range it belongs to (its top-left cell)."""

    texts: list[list[str]]
    keys: list[list[tuple[int, int]]]
    title: str = ""


@dataclass
class Node:
    label: str
    points: Decimal | None  # None until filled: a section without points gets its children's sum
    standard: str = ""
    children: list[Node] = field(default_factory=list)
    target: str = ""  # 年度指标值 as the table writes it (≥90%, 500人次, 有效提升)
    indicator: bool = False
    points_from_children: bool = False


def read_grid(path: Path) -> Grid:
    suffix = path.suffix.lower()
    if path.stat().st_size > MAX_SPREADSHEET_BYTES:
        raise _fail(
            f"the file is larger than {MAX_SPREADSHEET_BYTES} bytes", f"文件超过 {MAX_SPREADSHEET_BYTES} 字节的上限"
        )
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_grid(path)
    if suffix == ".docx":
        return _docx_grid(path)
    raise _fail("an indicator table is .xlsx or .docx", "指标表应为 .xlsx 或 .docx 文件")


def _xlsx_grid(path: Path) -> Grid:
    require_openpyxl()
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=True)
    except Exception:  # a damaged or non-xlsx file: openpyxl raises many unrelated types
        raise _fail("not an .xlsx workbook, or a damaged one", "不是有效的 .xlsx 工作簿（或文件已损坏）") from None
    sheet = workbook.worksheets[0]
    rows, columns = sheet.max_row, sheet.max_column
    if rows * columns > 200_000:
        raise _fail("the table is too large for an indicator table", "表格过大，不像是指标表")
    texts = [[_cell_text(sheet.cell(r, c)) for c in range(1, columns + 1)] for r in range(1, rows + 1)]
    keys = [[(r, c) for c in range(columns)] for r in range(rows)]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                keys[r][c] = (top, left)
                texts[r][c] = texts[top][left]
    return Grid(texts, keys)


def _docx_grid(path: Path) -> Grid:
    try:
        import docx
    except ImportError:
        raise MissingExtra("word") from None
    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx's errors for a damaged or non-docx file share no base
        raise _fail("not a .docx document, or a damaged one", "不是有效的 .docx 文档（或文件已损坏）") from None
    tables = [
        table
        for table in document.tables
        if table.rows and any(_is_standard_header(normalise(cell.text)) for row in table.rows[:3] for cell in row.cells)
    ]
    if not tables and not document.tables:
        raise _fail("the document has no table", "文档中没有表格")
    table = (tables or document.tables)[0]
    texts: list[list[str]] = []
    keys: list[list[tuple[int, int]]] = []
    first_seen: dict[Any, tuple[int, int]] = {}  # keyed by the cell element itself, which the dict keeps alive
    for r, row in enumerate(table.rows):
        texts.append([])
        keys.append([])
        for c, cell in enumerate(row.cells):  # python-docx repeats a merged cell in every grid slot it covers
            key = first_seen.setdefault(cell._tc, (r, c))
            texts[-1].append(cell.text.strip())
            keys[-1].append(key)
    width = max((len(row) for row in texts), default=0)
    for r, row in enumerate(texts):  # a row with fewer cells (gridBefore/gridAfter) is padded with blanks
        keys[r] += [(r, c) for c in range(len(row), width)]
        row += [""] * (width - len(row))
    title = next((p.text.strip() for p in document.paragraphs if p.text.strip()), "")
    return Grid(texts, keys, title)


def _cell_text(cell: Any) -> str:
    """A cell's text; a number formatted as a percent is read as that percent (0.9 shown as 90% is `90%`)."""
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and str(cell.number_format).endswith("%"):
        share = Decimal(repr(value)) * 100
        return format(share.normalize(), "f") + "%"
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace("分", "").strip())
    except InvalidOperation:
        return None


def read_table(grid: Grid) -> tuple[str, Decimal | None, list[Node]]:
    """(title, 合计 points or None, the top-level nodes)."""
    header_at = next(
        (
            index
            for index, row in enumerate(grid.texts[:20])
            if any(_LEVEL.match(normalise(cell)) for cell in row)
            and any(_is_standard_header(normalise(c)) for c in row)
        ),
        None,
    )
    if header_at is None:
        raise FactsFileError(
            _fail("no header row with 一级指标 … and 评价标准", "没有找到含“一级指标”等和“评价标准”的表头行").diagnostic
        )
    header = [normalise(cell) for cell in grid.texts[header_at]]
    levels = [c for c, title in enumerate(header) if _LEVEL.match(title)]
    standard_column = next(c for c, title in enumerate(header) if _is_standard_header(title))
    target_column = next((c for c, title in enumerate(header) if title in TARGET_HEADERS), None)
    title = grid.title or next((row[0] for row in grid.texts[:header_at] if row and row[0]), "")
    roots: list[Node] = []
    open_sections: dict[tuple[int, int], Node] = {}
    above: dict[int, tuple[int, int]] = {}  # per level column: the range of the last row that had one
    full: Decimal | None = None
    for r in range(header_at + 1, len(grid.texts)):
        row, keys = grid.texts[r], grid.keys[r]
        if normalise(row[0]) in ("合计", "总计", "总分"):
            numbers = [_decimal(cell) for c, cell in enumerate(row) if _is_points_header(header[c]) and cell]
            full = next((number for number in numbers if number is not None), None)
            break
        first = next((c for c in levels if row[c]), None)
        if first is None:
            continue
        ranges: list[tuple[tuple[int, int], int]] = []
        for c in levels:
            if row[c]:
                key = keys[c]
                above[c] = key
            elif c < first and c in above:
                key = above[c]  # a section cell left blank below its first row, not merged: it continues
            else:
                continue
            if not ranges or ranges[-1][0] != key:
                ranges.append((key, c))
        parent: Node | None = None
        for depth, (key, column) in enumerate(ranges):
            at_row, at_column = key
            text = grid.texts[at_row][at_column]
            points_column = _points_column(header, grid.keys[at_row], column, levels)
            points = _decimal(grid.texts[at_row][points_column]) if points_column is not None else None
            label, written = _label_and_points(text)
            points = points if points is not None else written
            if depth == len(ranges) - 1:
                node = Node(label, points, row[standard_column], indicator=True)
                node.target = row[target_column] if target_column is not None else ""
            elif key in open_sections:
                parent = open_sections[key]
                continue
            else:
                node = Node(label, points)
                open_sections[key] = node
            (parent.children if parent is not None else roots).append(node)
            parent = node
    for node in roots:
        _fill_points(node)
    return title, full, roots


_POINTS_IN_LABEL = re.compile(rf"^(?P<label>.*?)[(（]\s*{_NUMBER}\s*分\s*[)）]$")


def _label_and_points(text: str) -> tuple[str, Decimal | None]:
    """``项目决策（30分）``: a label that carries its points, as tables without a 分值 column write them."""
    label = " ".join(text.split())
    found = _POINTS_IN_LABEL.match(label)
    if found is None:
        return label, None
    return found["label"].strip(), Decimal(found[2])


def points_of(node: Node) -> Decimal:
    """A node's points; 0 for an indicator the table gives none (the draft marks it TODO)."""
    return node.points if node.points is not None else Decimal(0)


def _fill_points(node: Node) -> Decimal:
    """A section whose points the table does not give has the sum of its children's."""
    if node.indicator:
        return points_of(node)
    total = sum((_fill_points(child) for child in node.children), start=Decimal(0))
    if node.points is None:
        node.points = total
        node.points_from_children = True
    return node.points


def _points_column(header: list[str], keys: list[tuple[int, int]], column: int, levels: list[int]) -> int | None:
    """The 分值 column of the level cell at ``column``: the first one to its right, outside its merged range
    (an indicator spanning the level columns it lacks covers their 分值 columns too) and before the next
    level column it does not cover (a section has no points of its own when only the indicators have a 分值)."""
    key = keys[column]
    following = [c for c in levels if c > column and keys[c] != key]
    limit = following[0] if following else len(header)
    return next((d for d in range(column + 1, limit) if _is_points_header(header[d]) and keys[d] != key), None)


def import_table(path: Path, rubric_id: str) -> tuple[str, int, int]:
    from rubricdsl.inputs.table_draft import draft_rubric

    """(draft rubric text, rules proposed, indicators judged) for the indicator table at ``path``."""
    title, full, roots = read_table(read_grid(path))
    if not roots:
        raise FactsFileError(_fail("the table has no indicator rows", "表格中没有指标行").diagnostic)
    text, draft = draft_rubric(title, full, roots, rubric_id, path.name)
    return text, draft.proposed, draft.judged
