"""The cells every workbook rubricdsl writes is made of: numbers, text, table borders, print setup.

Numbers are written as numbers with a display format that shows their digits, never as text.  A spreadsheet
holds a double (about 15 significant digits); a Decimal that a double cannot hold exactly (a repeating
2.666… from a rescale) is written as the nearest double and its exact value is put in the cell's comment.
Text that a spreadsheet would read as a formula (starting with ``= + - @``, a tab or a carriage return) is
stored as a string with Excel's quote prefix, so it is shown and never evaluated.  Each works on a cell of an
ordinary sheet and on a write-only sheet's ``WriteOnlyCell`` alike (:mod:`.xlsx`, :mod:`.xlsx_stream`).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from rubricdsl.outputs.tables import printable

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MAX_SHOWN_PLACES = 10
_WRITTEN_FLOAT = "%.16g"  # how openpyxl writes a float into the sheet's XML (compat.strings.safe_string)


def number_format_for(value: Decimal) -> str:
    """A format showing the value's own digits: ``0`` for 5, ``0.000`` for 96.625."""
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    places = min(places, _MAX_SHOWN_PLACES)
    return "0" if places == 0 else "0." + "0" * places


def _at(sheet: Worksheet, row: int, column: int) -> Cell:
    """The cell to write at (row, column); drawing order writes each merged range's first cell only."""
    from openpyxl.cell.cell import Cell

    cell = sheet.cell(row, column)
    assert isinstance(cell, Cell), f"cell {row},{column} is inside a merged range"
    return cell


def put_number(cell: Cell, value: Decimal) -> None:
    from openpyxl.comments import Comment

    if value == value.to_integral_value() and abs(value) < 2**53:
        cell.value = int(value)
    else:
        as_float = float(value)
        cell.value = as_float
        # The file holds openpyxl's text of the double, "%.16g", and a reader gets the double nearest that text:
        # the value is exact when that double's shortest text is the value (96.625, and 83.725 written as
        # 83.72499999999999, are; 0.12345678901234568, which a double holds, is cut to 16 digits and is not).
        if Decimal(repr(float(_WRITTEN_FLOAT % as_float))) != value:
            cell.comment = Comment(f"精确值 exact value: {format(value, 'f')}", "rubricdsl")
    cell.number_format = number_format_for(value)


def put_text(cell: Cell, text: str) -> None:
    """Text as text: one that would start a formula is kept a string with the quote prefix; a character no
    workbook can hold is written as its escape."""
    text = printable(text)
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _style_table(sheet: Worksheet, first_row: int, last_row: int, columns: int) -> None:
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            style_table_cell(cell)


def print_setup(sheet: Worksheet, header_row: int, footer: str) -> None:
    """A4 landscape, one page wide, the header row on every page, the footer (a write-only sheet too)."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    footer_item = sheet.oddFooter
    if footer_item is not None:
        footer_item.center.text = footer[:240]


def style_table_cell(cell: Cell | MergedCell) -> None:
    """A table cell's border and alignment (:func:`_style_table` gives every cell of a drawn table these)."""
    cell.border = _table_border()
    cell.alignment = _table_alignment()


@cache  # one value for every cell: openpyxl keeps a style once, by value
def _table_border() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


@cache
def _table_alignment() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="center")
