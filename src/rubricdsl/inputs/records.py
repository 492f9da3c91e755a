"""Reading many projects (``.jsonl``, ``.csv``): one :class:`Record` per record of the file, always.

The rule this module keeps is *one input record → exactly one record out*: a record that cannot be read (bad
bytes, over the size cap, invalid JSON, a malformed CSV row) becomes a record with its problems instead of
stopping the file or disappearing.  The mechanisms, in the order the bytes meet them:

* **Encoding, per file.** UTF-8 (with or without BOM) when the whole file decodes as UTF-8; else GB18030 (which
  includes GBK, what WPS and Excel save on Chinese Windows) when the whole file decodes strictly as GB18030 and
  nothing before its first non-UTF-8 byte was already UTF-8 text; else UTF-8, and each line with bytes that are not
  UTF-8 is a bad record (F420).  UTF-16/32 files are refused as a whole.  In both encodings a line break byte
  never occurs inside a character, so lines are split on bytes before decoding.
* **Line ends, per file.** If the first line break is a lone CR (old Mac and some spreadsheet exports), CR, LF and
  CRLF all end lines; otherwise only LF (with CRLF) does, and a stray CR is part of its line.
* **Size.** A record is at most :data:`MAX_RECORD_BYTES`; a longer line is skipped without being held in memory
  and reported (F421).
* **CSV records.** A quoted cell may span lines (Excel writes line breaks in cells that way), but only if the
  quote closes and the row then parses strictly; otherwise the first line is reported (unclosed quote, F423) and
  reading resumes at the next line, so an unclosed quote costs one row, not the rest of the file.  Cells beyond
  the header, or under an empty header name, are reported (F423), as are duplicated columns whose copies differ.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO, Any

from rubricdsl.diagnostics import Diagnostic, Text, messages
from rubricdsl.diagnostics.messages import cli_text

MAX_RECORD_BYTES = 1_000_000  # one project's facts; a real one is a few kilobytes
MAX_RECORD_LINES = 100  # lines one CSV record (a quoted cell with line breaks) may span
ID_KEYS = ("$id", "id")
_CHUNK = 1 << 16
_UTF8_BOM = codecs.BOM_UTF8
_GB18030_BOM = b"\x84\x31\x95\x33"
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ANY_BREAK = re.compile(rb"\r\n|\r|\n")
_NOT_APPLICABLE_SEPARATORS = re.compile(r"[;；、,，]")


class BatchFileError(Exception):
    """The file as a whole cannot be read (its encoding, or a CSV header that is no row); ``text`` says why."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


class Record:
    """One project read from the input: its id, its facts, and why it could not be read, if it could not."""

    __slots__ = ("facts", "ident", "line", "problems")

    def __init__(self, ident: str, facts: Any, problems: list[Diagnostic] | None = None, line: int = 0) -> None:
        self.ident = ident
        self.facts = facts
        self.problems = problems or []
        self.line = line


# ---- bytes → lines ------------------------------------------------------------------------------------------
class FileShape:
    """What :func:`survey` learned from a pass over the whole file: its encoding and its line ends."""

    __slots__ = ("cr_lines", "encoding")

    def __init__(self, encoding: str, cr_lines: bool) -> None:
        self.encoding = encoding
        self.cr_lines = cr_lines


def survey(handle: IO[bytes]) -> FileShape:
    """Read the file (a C-level decode per chunk; GB18030 only if UTF-8 fails) and rewind it."""
    start = handle.read(4)
    if start.startswith(_WIDE_BOMS) or (len(start) >= 2 and b"\x00" in start[:2] and start[:1] != b"\x00"):
        raise BatchFileError(cli_text("batch-encoding", detail="UTF-16 / UTF-32"))
    handle.seek(0)
    cr_lines = _first_break(handle) == b"\r"
    handle.seek(0)
    utf8_ok, utf8_text_before_error = _decodes(handle, "utf-8")
    gb18030 = not utf8_ok and not utf8_text_before_error and _decodes(handle, "gb18030")[0]
    return FileShape("gb18030" if gb18030 else "utf-8", cr_lines)


def _decodes(handle: IO[bytes], encoding: str) -> tuple[bool, bool]:
    """Whether the whole file decodes; and whether text before the first error was beyond ASCII.  Rewinds."""
    decoder = codecs.getincrementaldecoder(encoding)()
    beyond_ascii = False
    try:
        while chunk := handle.read(_CHUNK):
            try:
                beyond_ascii = beyond_ascii or not decoder.decode(chunk).isascii()
            except UnicodeDecodeError as error:
                beyond_ascii = beyond_ascii or not chunk[: error.start].isascii()
                return False, beyond_ascii
        decoder.decode(b"", final=True)
        return True, beyond_ascii
    except UnicodeDecodeError:
        return False, beyond_ascii
    finally:
        handle.seek(0)


def _first_break(handle: IO[bytes]) -> bytes | None:
    """The first line end of the file (``bytes.find``: a regex alternation is ten times slower on long lines)."""
    previous = b""
    while chunk := handle.read(_CHUNK):
        data = previous + chunk
        found = [at for at in (data.find(b"\n"), data.find(b"\r")) if at >= 0]
        if found:
            at = min(found)
            if data[at : at + 1] == b"\n":
                return b"\n"
            if at + 1 < len(data):
                return b"\r\n" if data[at + 1 : at + 2] == b"\n" else b"\r"
        previous = data[-1:]
    return b"\r" if previous == b"\r" else None


class Line:
    """A physical line: its number, its text with its line end (None when it could not be read), the problem."""

    __slots__ = ("number", "problem", "text")

    def __init__(self, number: int, text: str | None, problem: Diagnostic | None = None) -> None:
        self.number = number
        self.text = text
        self.problem = problem


def read_lines(handle: IO[bytes], shape: FileShape, consumed: list[int]) -> Iterator[Line]:
    """Decoded physical lines, each with its line end; a line over the cap is skipped unread (F421)."""
    if shape.cr_lines:
        yield from _cr_lines(handle, shape.encoding, consumed)
        return
    number = 0
    while raw := handle.readline(MAX_RECORD_BYTES + 1):
        number += 1
        consumed[0] += len(raw)
        oversized = len(raw) > MAX_RECORD_BYTES
        while oversized and not raw.endswith(b"\n") and (raw := handle.readline(_CHUNK)):
            consumed[0] += len(raw)  # the rest of a line over the cap is read in pieces and dropped
        yield _decoded(number, raw, shape.encoding, oversized)


def _cr_lines(handle: IO[bytes], encoding: str, consumed: list[int]) -> Iterator[Line]:
    """Lines of a file whose lines may end in CR alone: CR, LF and CRLF all end a line."""
    buffer = b""
    number = 0
    oversized = False
    at_end = False
    unsearched = 0  # the buffer before this holds no line break (but maybe a CR that could start a CRLF)
    while not at_end:
        chunk = handle.read(_CHUNK)
        at_end = not chunk
        buffer += chunk
        position = 0
        for found in _ANY_BREAK.finditer(buffer, unsearched):
            if found.group() == b"\r" and found.end() == len(buffer) and not at_end:
                break  # a CR at the end of the chunk may be the first half of a CRLF
            raw = buffer[position : found.end()]
            position = found.end()
            consumed[0] += len(raw)
            number += 1
            yield _decoded(number, raw, encoding, oversized)
            oversized = False
        buffer = buffer[position:]
        if len(buffer) > MAX_RECORD_BYTES:
            consumed[0] += len(buffer)
            buffer, oversized = b"", True
        unsearched = max(0, len(buffer) - 1)
    if buffer or oversized:
        consumed[0] += len(buffer)
        yield _decoded(number + 1, buffer, encoding, oversized)


def _decoded(number: int, raw: bytes, encoding: str, oversized: bool) -> Line:
    if oversized or len(raw) > MAX_RECORD_BYTES:
        return Line(number, None, messages.make("F421", None, line=number, limit=f"{MAX_RECORD_BYTES:,}"))
    if number == 1:
        raw = raw.removeprefix(_UTF8_BOM if encoding == "utf-8" else _GB18030_BOM)
    try:
        return Line(number, raw.decode(encoding))
    except UnicodeDecodeError as error:
        return Line(number, None, messages.make("F420", None, line=number, byte=error.start + 1, encoding=encoding))


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
) -> Iterator[Record]:
    """CSV cells are text: FactSchema reads "true"/"是", "95%" or 0.95, "500000"; an empty cell is absent.

    The header, once read, is appended to ``header_seen`` so the caller can warn about duplicated columns.
    ``rename`` maps a header that is not a fact's id (a Chinese label, 项目名称) to the key it stands for.
    """
    header = read_csv_header(lines, declared, rename)
    if header is not None:
        header_seen.append(header)
        yield from read_csv_body(lines, header, declared)


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


def read_csv_body(lines: Iterator[Line], header: CsvHeader, declared: frozenset[str]) -> Iterator[Record]:
    """The records of the lines after the header (or of any run of them that starts where a record starts)."""
    strip = str.strip
    for number, cells, problem in _csv_rows(lines):
        if problem is None and cells is not None and not any(map(strip, cells)):
            continue
        yield _csv_record(number, cells, problem, header, declared)


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
        facts["not_applicable"] = [part.strip() for part in _NOT_APPLICABLE_SEPARATORS.split(marked) if part.strip()]
    return Record(ident, facts, line=number)


def _spans(columns: list[int]) -> str:
    return ", ".join(str(column) for column in columns[:10]) + ("…" if len(columns) > 10 else "")


def _csv_rows(lines: Iterator[Line]) -> Iterator[tuple[int, list[str] | None, Diagnostic | None]]:
    """(first line number, cells, problem) per CSV record; see the module docstring for the rule."""
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
            continue
        replay[:0] = pending[1:]  # the next record starts on the line after the broken one
        yield pending[0].number, *_broken_row(pending[0])


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
