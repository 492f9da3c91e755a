"""What a spreadsheet cell means as a facts value: exact numbers, percents as shares, booleans, dates, and
float residue or Excel errors refused (F430, F431) rather than used.  Used by :mod:`rubricdsl.inputs.spreadsheet`."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rubricdsl.diagnostics import Diagnostic, messages

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.cell.read_only import ReadOnlyCell

EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!"})
_HUMAN_DIGITS = 15  # Excel keeps 15 significant digits of what is typed; more is the residue of a computation


# ---- cells -----------------------------------------------------------------------------------------------


class RefusedCell:
    """A cell whose value the reader will not use: the facts conversion refuses it (an F403 that the
    specific F430/F431 problem replaces), so the indicators that read it are not scored."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def format_places(number_format: str | None) -> int | None:
    """Decimal places of the value a number format shows (``0.00%`` → 4 of the share), None for General."""
    if not number_format:
        return None
    section = _QUOTED.sub("", number_format.split(";")[0])
    if section.strip().lower() in ("general", "") or "E" in section.upper().replace("GENERAL", ""):
        return None
    if not any(char in section for char in "0#?"):
        return None
    _, point, after = section.partition(".")
    places = sum(1 for char in after if char in "0#?") if point else 0
    return places + 2 * section.count("%")


def float_value(value: float, number_format: str | None) -> Decimal | RefusedCell:
    """The exact value of a float cell, or a RefusedCell when it carries float residue.

    Residue: 15 or more significant digits (nobody types those, Excel keeps 15), or a value a hair away
    from what the cell's number format shows (0.0900000762939453 shown as 9.00%: a float32 copied in).
    A value with more places than the format shows but plainly meant (0.956 shown as 96%) is kept exactly.
    """
    number = Decimal(repr(value))
    digits = number.normalize().as_tuple().digits
    places = format_places(number_format)
    residue = len(digits) >= _HUMAN_DIGITS
    if not residue and places is not None:
        shown = round(number, places)
        residue = shown != number and abs(number - shown) < Decimal(1).scaleb(-(places + 3))
    return RefusedCell(repr(value)) if residue else number


def _shown(value: Decimal, number_format: str | None) -> str:
    """About what the cell shows, for the message."""
    places = format_places(number_format)
    if places is None:
        return f"{value:.10g}"
    if number_format is not None and "%" in number_format:
        return f"{value * 100:.{max(places - 2, 0)}f}%"
    return f"{value:.{places}f}"


def cell_value(cell: Cell | ReadOnlyCell, where: str, problems: list[tuple[str, Diagnostic]]) -> Any:
    """What a cell means, as a facts value; problems found are appended as (where, diagnostic) pairs
    whose subject the caller fills in."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        exact = float_value(value, cell.number_format)
        if isinstance(exact, RefusedCell):
            shown = _shown(Decimal(repr(value)), cell.number_format)
            problems.append((where, messages.make("F430", None, cell=where, given=exact.text, shown=shown)))
        return exact
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    if isinstance(value, (date, time)):
        return value
    text = str(value).strip()
    if not text:
        return None
    if text in EXCEL_ERRORS:
        problems.append((where, messages.make("F431", None, cell=where, given=text)))
        return RefusedCell(text)
    return text
