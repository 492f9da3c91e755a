"""The tables and the report as Word documents (python-docx, the ``word`` extra): 评价报告 are Word files.

The same model as every other format (:mod:`rubricdsl.outputs.tables`): section cells merged over their rows,
an indicator with fewer sections than the deepest spanning the columns it lacks, the header row repeated on
every page, A4 landscape, 宋体 for Chinese text.  Word has no number cells; numbers are the exact decimal text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rubricdsl.inputs.spreadsheet import MissingExtra
from rubricdsl.outputs.html import summary_lines
from rubricdsl.outputs.tables import IndicatorTable, status_text
from rubricdsl.outputs.xlsx import atomic_save
from rubricdsl.results.display import number_text

if TYPE_CHECKING:
    from docx.document import Document

CJK_FONT = "宋体"
LATIN_FONT = "Times New Roman"


def _new_document() -> Document:
    try:
        import docx
    except ImportError:
        raise MissingExtra("word") from None
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    normal: Any = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(9)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    return document


def _heading(document: Document, text: str, size: int, bold: bool = True) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def draw_table(document: Document, table: IndicatorTable) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    headers = table.headers()
    grid = document.add_table(rows=len(table.rows) + 2, cols=len(headers))
    grid.style = "Table Grid"
    header_row = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row._tr.get_or_add_trPr().append(repeat)
    texts: dict[tuple[int, int], str] = {(0, column): title for column, title in enumerate(headers)}
    merges: list[tuple[int, int, int, int]] = []
    indicator_column = 2 * table.levels
    results = indicator_column + 3 + table.targets  # 实际完成值, 得分, 扣分原因 (after 年度指标值 when shown)
    for offset, row in enumerate(table.rows, start=1):
        for level, section in enumerate(row.sections[: row.depth]):
            if section is None:
                continue
            texts[offset, 2 * level] = section.label
            texts[offset, 2 * level + 1] = number_text(section.points)
            if section.rows > 1:
                merges += [(offset, 2 * level, offset + section.rows - 1, 2 * level)]
                merges += [(offset, 2 * level + 1, offset + section.rows - 1, 2 * level + 1)]
        texts[offset, 2 * row.depth] = row.label
        if row.depth < table.levels:
            merges.append((offset, 2 * row.depth, offset, indicator_column))
        texts[offset, indicator_column + 1] = number_text(row.points)
        texts[offset, indicator_column + 2] = row.standard
        if table.targets:
            texts[offset, indicator_column + 3] = row.target
        if table.scored:
            texts[offset, results + 0] = row.actual
            texts[offset, results + 1] = number_text(row.score) if row.score is not None else status_text(row)
            texts[offset, results + 2] = row.reason
    last = len(table.rows) + 1
    texts[last, 0] = "合计"
    merges.append((last, 0, last, indicator_column))
    texts[last, indicator_column + 1] = number_text(table.maximum)
    if table.scored and table.total is not None:
        texts[last, results + 1] = number_text(table.total)
        texts[last, results + 2] = (
            (f"等级：{table.grade}" if table.grade else "") if table.complete else "评分未完成，合计不是最终结果"
        )
    for top, left, bottom, right in merges:  # merge first: merging cells that hold text joins their paragraphs
        grid.cell(top, left).merge(grid.cell(bottom, right))
    for (row_index, column), text in texts.items():
        cell = grid.cell(row_index, column)
        cell.text = text
        if row_index == 0 or row_index == last:
            for run in cell.paragraphs[0].runs:
                run.bold = True


def _footer(document: Document, text: str) -> None:
    footer = document.sections[0].footer
    footer.paragraphs[0].text = text


def write_table(table: IndicatorTable, path: Path) -> None:
    document = _new_document()
    _heading(document, table.title, 14)
    _heading(document, table.subtitle, 12, bold=False)
    draw_table(document, table)
    _footer(document, table.footer())
    atomic_save(document, path)


def write_report(table: IndicatorTable, path: Path) -> None:
    document = _new_document()
    _heading(document, table.title, 14)
    _heading(document, "绩效评价报告（评分部分）", 12, bold=False)
    head, lines = summary_lines(table)
    document.add_paragraph().add_run("一、评价结论").bold = True
    document.add_paragraph(head)
    document.add_paragraph().add_run("二、扣分汇总（存在问题）").bold = True
    for number, line in enumerate(lines, start=1):
        document.add_paragraph(f"{number}. {line}")
    if not lines:
        document.add_paragraph("无。")
    document.add_paragraph().add_run(f"三、{table.subtitle}").bold = True
    draw_table(document, table)
    _footer(document, table.footer())
    atomic_save(document, path)
