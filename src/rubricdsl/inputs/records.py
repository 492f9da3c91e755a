"""Reading many projects (``.jsonl``, ``.csv``): one :class:`Record` per record of the file, always.

The rule this module keeps is *one input record → exactly one record out*: a record that cannot be read (bad
bytes, over the size cap, invalid JSON, a malformed CSV row) becomes a record with its problems instead of
stopping the file or disappearing.  Bytes become lines in :mod:`rubricdsl.inputs.lines` (encoding, line ends, the
size cap); lines become records here:

* **CSV records.** A quoted cell may span lines (Excel writes line breaks in cells that way), but only if the
  quote closes and the row then parses strictly; otherwise the first line is reported (unclosed quote, F423) and
  reading resumes at the next line, so an unclosed quote costs one row, not the rest of the file.  Cells beyond
  the header, or under an empty header name, are reported (F423), as are duplicated columns whose copies differ.
* **The common CSV row** (one line, no quote, no CR inside) takes a loop of its own (:func:`read_csv_body`); any
  other line goes through the general rule until a record ends with nothing read ahead, then the loop resumes.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import chain
from typing import Any

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.diagnostics.messages import cli_text
from rubricdsl.inputs.lines import (  # re-exported: the readers' callers read files through this module
    MAX_RECORD_BYTES,
    MAX_RECORD_LINES,
    BatchFileError,
    FileShape,
    Line,
    chunk_lines,
    read_lines,
    survey,
)

__all__ = [
    "ID_KEYS",
    "MAX_RECORD_BYTES",
    "MAX_RECORD_LINES",
    "BatchFileError",
    "CsvHeader",
    "FileShape",
    "Line",
    "Record",
    "chunk_lines",
    "header_columns",
    "read_csv",
    "read_csv_body",
    "read_csv_header",
    "read_jsonl",
    "read_lines",
    "survey",
]

ID_KEYS = ("$id", "id")
# Between the ids of a not_applicable cell (the SQL engine splits a text column so too: evaluate/sql/columns.py).
NOT_APPLICABLE_SEPARATORS = re.compile(r"[;；、,，]")


class Record:
    """One project read from the input: its id, its facts, and why it could not be read, if it could not."""

    __slots__ = ("facts", "ident", "line", "problems")

    def __init__(self, ident: str, facts: Any, problems: list[Diagnostic] | None = None, line: int = 0) -> None:
        self.ident = ident
        self.facts = facts
        self.problems = problems or []
        self.line = line


# ---- JSON Lines ---------------------------------------------------------------------------------------------
def read_jsonl(lines: Iterator[Line], declared: frozenset[str]) -> Iterator[Record]:
    for line in lines:
        if line.text is None:
            yield Record(str(line.number), None, [_known(line.problem)], line.number)
            continue
        if not line.text.strip():
            continue
        try:
            facts = _JSON.decode(line.text)
        except (ValueError, RecursionError) as error:
            detail = f"line {line.number}: invalid JSON ({error})"
            detail_zh = f"第 {line.number} 行：JSON 格式有误（{error}）"
            problem = messages.make("F407", None, detail=detail, detail_zh=detail_zh)
            yield Record(str(line.number), None, [problem], line.number)
            continue
        if isinstance(facts, dict):
            yield Record(_take_id(facts, str(line.number), declared), facts, line=line.number)
        else:
            yield Record(str(line.number), facts, line=line.number)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"`{name}` is not a number a fact can have")


_JSON = json.JSONDecoder(parse_float=Decimal, parse_constant=_reject_constant)  # built once, not per line


def _known(problem: Diagnostic | None) -> Diagnostic:
    assert problem is not None  # a Line without text always says why
    return problem


def _take_id(facts: dict[str, Any], fallback: str, declared: frozenset[str]) -> str:
    for key in ID_KEYS:
        if key in facts and key not in declared:
            value = facts.pop(key)
            if value is None:
                return fallback
            return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return fallback


# ---- CSV ------------------------------------------------------------------------------------------------------
class CsvHeader:
    """The header row: column names, and the columns that appear more than once."""

    __slots__ = ("columns", "duplicates", "plain", "unnamed")

    def __init__(self, cells: list[str]) -> None:
        self.columns = [name.strip() for name in cells]
        self.unnamed = [index for index, name in enumerate(self.columns) if not name]
        positions: dict[str, list[int]] = {}
        for index, name in enumerate(self.columns):
            if name:
                positions.setdefault(name, []).append(index)
        self.duplicates = {name: places for name, places in positions.items() if len(places) > 1}
        self.plain = not self.duplicates and not self.unnamed  # every column named, once


def read_csv(
    lines: Iterator[Line],
    declared: frozenset[str],
    header_seen: list[CsvHeader],
    rename: Callable[[str], str | None] | None = None,
    clean_for: Callable[[CsvHeader], CleanRow | None] | None = None,
) -> Iterator[Record]:
    """CSV cells are text: FactSchema reads "true"/"是", "95%" or 0.95, "500000"; an empty cell is absent.

    The header, once read, is appended to ``header_seen`` so the caller can warn about duplicated columns.
    ``rename`` maps a header that is not a fact's id (a Chinese label, 项目名称) to the key it stands for;
    ``clean_for`` gives the header's ``clean`` (see :func:`read_csv_body`).
    """
    header = read_csv_header(lines, declared, rename)
    if header is not None:
        header_seen.append(header)
        yield from read_csv_body(lines, header, declared, clean_for(header) if clean_for is not None else None)


def read_csv_header(
    lines: Iterator[Line], declared: frozenset[str], rename: Callable[[str], str | None] | None = None
) -> CsvHeader | None:
    """Read up to and including the header row (None for a file without one); ``lines`` is left at the first
    line after it, where a record starts (a header that is no clean row raises BatchFileError)."""
    for number, cells, problem in _csv_rows(lines):
        if problem is not None:
            raise BatchFileError(
                cli_text("batch-header", line=number, detail=problem.message.en, detail_zh=problem.message.zh)
            )
        if cells is None or not any(cell.strip() for cell in cells):
            continue  # blank lines before the header
        return CsvHeader(_renamed(cells, declared, rename))
    return None


CleanRow = Callable[[str, list[str]], bool]  # (id, cells) → whether it took the row (wrote it) itself


def id_column(header: CsvHeader, declared: frozenset[str]) -> str | None:
    """The column a plain header's rows take their id from (as :func:`_take_id` picks), if any."""
    return next((key for key in ID_KEYS if key in header.columns and key not in declared), None)


def read_csv_body(
    lines: Iterator[Line], header: CsvHeader, declared: frozenset[str], clean: CleanRow | None = None
) -> Iterator[Record]:
    """The records of the lines after the header (or of any run of them that starts where a record starts).

    ``clean`` is offered each common row first, as its id and cells: a row it takes yields no record (a batch
    scores and writes the row itself, without the dict and the record); one it declines is read as always.

    Under a header whose every column is named once, the common row (one line, no quote, no CR inside, one cell
    per column, none empty) becomes its record in this loop: what :func:`_csv_rows` and :func:`_csv_record` give
    for it, without their calls.  Any other line, and the lines its record takes, go through them until a record
    ends with nothing read ahead (``settle``); then the loop resumes on the next line."""
    lines = iter(lines)
    strip = str.strip
    if not header.plain:
        for number, cells, problem in _csv_rows(lines):
            if problem is None and cells is not None and not any(map(strip, cells)):
                continue
            yield _csv_record(number, cells, problem, header, declared)
        return
    columns = header.columns
    width = len(columns)
    id_key = id_column(header, declared)
    id_place = columns.index(id_key) if id_key is not None else -1
    marks = "not_applicable" in columns
    for line in lines:
        text = line.text
        if text is not None and '"' not in text:
            body = text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith(("\n", "\r")) else text
            if "\r" not in body and "\n" not in body:
                cells = body.split(",")
                # No cell empty: all(cells), in C, when the line holds no white space (str.split's set is
                # str.strip's: one piece as long as the line means none); else each cell stripped.
                pieces = body.split()
                if len(cells) == width and (
                    all(cells) if len(pieces) == 1 and len(pieces[0]) == len(body) else all(map(strip, cells))
                ):
                    if clean is not None and clean(cells[id_place] if id_key is not None else str(line.number), cells):
                        continue
                    facts: dict[str, Any] = dict(zip(columns, cells, strict=False))  # as long: checked above
                    ident = facts.pop(id_key) if id_key is not None else str(line.number)
                    if marks:
                        facts["not_applicable"] = _marked(facts["not_applicable"])
                    yield Record(ident, facts, None, line.number)
                elif any(map(strip, cells)):  # a row that is not blank, with an empty, missing or extra cell
                    yield _csv_record(line.number, cells, None, header, declared)
                continue
        for number, cells, problem in _csv_rows(chain((line,), lines), settle=True):
            if problem is None and cells is not None and not any(map(strip, cells)):
                continue
            yield _csv_record(number, cells, problem, header, declared)


def _marked(text: str) -> list[str]:
    """The ids of a ``not_applicable`` cell: ``a；b、c`` → [a, b, c]."""
    return [part.strip() for part in NOT_APPLICABLE_SEPARATORS.split(text) if part.strip()]


def header_columns(
    cells: list[str], declared: frozenset[str], rename: Callable[[str], str | None] | None = None
) -> list[str]:
    """The names :func:`read_csv` gives a header row's columns: each cell stripped, and one that is not a fact's id
    renamed by ``rename`` (a label to its fact, 项目名称 to ``$id``).  For readers of the same file elsewhere
    (the SQL engine names its view's columns so), which must see exactly the columns this reader sees."""
    return CsvHeader(_renamed(cells, declared, rename)).columns


def _renamed(cells: list[str], declared: frozenset[str], rename: Callable[[str], str | None] | None) -> list[str]:
    if rename is None:
        return cells
    names = []
    for cell in cells:
        name = cell.strip()
        if name and name not in declared and not name.startswith("$") and name not in ("id", "not_applicable"):
            name = rename(name) or name
        names.append(name)
    return names


def _csv_record(
    number: int, cells: list[str] | None, problem: Diagnostic | None, header: CsvHeader, declared: frozenset[str]
) -> Record:
    columns = header.columns
    problems = [problem] if problem is not None else []
    facts: dict[str, Any]
    if header.plain and cells is not None and all(map(str.strip, cells)):
        facts = dict(zip(columns, cells, strict=False))  # no empty cell to leave out: the common row, in C
    elif not header.duplicates:
        facts = {column: cell for column, cell in zip(columns, cells or (), strict=False) if column and cell.strip()}
    else:
        facts = {}
        for index, (column, cell) in enumerate(zip(columns, cells or (), strict=False)):
            if not column or not cell.strip():
                continue
            if column not in facts:
                facts[column] = cell
            elif facts[column].strip() != cell.strip() and problem is None:
                first = next(place for place in header.duplicates[column] if cells and cells[place].strip()) + 1
                problems.append(messages.make("F424", None, line=number, name=column, first=first, second=index + 1))
    ident = _take_id(facts, str(number), declared)
    if problem is None and cells is not None and not (header.plain and len(cells) <= len(columns)):
        homeless = [index + 1 for index in header.unnamed if index < len(cells) and cells[index].strip()]
        homeless += [index + 1 for index in range(len(columns), len(cells)) if cells[index].strip()]
        if homeless:
            problems.append(messages.make("F423", None, line=number, columns=_spans(homeless), count=len(columns)))
    if problems:
        return Record(ident, None, problems, number)
    marked = facts.get("not_applicable")
    if isinstance(marked, str):
        facts["not_applicable"] = _marked(marked)
    return Record(ident, facts, line=number)


def _spans(columns: list[int]) -> str:
    return ", ".join(str(column) for column in columns[:10]) + ("…" if len(columns) > 10 else "")


def _csv_rows(
    lines: Iterator[Line], *, settle: bool = False
) -> Iterator[tuple[int, list[str] | None, Diagnostic | None]]:
    """(first line number, cells, problem) per CSV record; see the module docstring for the rule.

    ``settle``: stop after the first record that ends with no line read ahead (``lines`` is then left at the
    next record's first line, where a reader can start afresh)."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_BYTES))
    replay: list[Line] = []  # lines read ahead for a record that turned out broken: read again
    while True:
        pending: list[Line] = []
        size = 0
        odd = False
        while (line := replay.pop(0) if replay else next(lines, None)) is not None:
            if line.text is None:
                if pending:  # the record so far ends at an unreadable line: its quote never closed
                    replay.insert(0, line)
                    break
                yield line.number, None, line.problem
                if settle and not replay:
                    return
                continue
            pending.append(line)
            size += len(line.text)
            odd ^= line.text.count('"') % 2 == 1
            if not odd or len(pending) >= MAX_RECORD_LINES or size > MAX_RECORD_BYTES:
                break
        if not pending:
            return
        joined = pending[0].text or "" if len(pending) == 1 else "".join(line.text or "" for line in pending)
        cells, error = _parse(_strip_line_end(joined))
        if error is None and not odd:
            yield pending[0].number, cells, None
        else:
            replay[:0] = pending[1:]  # the next record starts on the line after the broken one
            yield pending[0].number, *_broken_row(pending[0])
        if settle and not replay:
            return


def _strip_line_end(text: str) -> str:
    return text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith(("\n", "\r")) else text


def _parse(text: str) -> tuple[list[str], str | None]:
    if '"' not in text and "\r" not in text and "\n" not in text:
        return text.split(","), None  # what csv.reader gives for a line without quotes or breaks, 3× faster
    try:
        return next(csv.reader([text], strict=True), []), None
    except csv.Error as error:
        return [], str(error)


def _broken_row(line: Line) -> tuple[list[str], Diagnostic]:
    """A line that is no CSV record by itself: its cells as far as they can be read (for the id), and why."""
    text = _strip_line_end(line.text or "")
    _, error = _parse(text)
    shown = text.replace("\r", "\ufffd").replace("\n", "\ufffd")
    lenient = next(csv.reader([shown]), [])
    if error is None:  # fine alone, but its quote did not close before the next lines ran out
        error = "unexpected end of data"
    column = next((index + 1 for index, cell in enumerate(lenient) if "\ufffd" in cell), len(lenient) or 1)
    if "unexpected end of data" in error:
        what, what_zh = "a quoted cell is not closed", "带引号的单元格缺少结尾的引号"
        column = len(lenient) or 1
    elif "new-line" in error:
        what, what_zh = "a line break (CR) inside a cell without quotes", "未加引号的单元格中含有换行符（CR）"
    else:
        what, what_zh = f"a misplaced quote ({error})", f"引号位置有误（{error}）"
    problem = messages.make("F422", None, line=line.number, column=column, what=what, what_zh=what_zh)
    return lenient, problem
