"""Bytes → lines for many-project files: one pass learns the encoding and the line ends, then physical lines.

* **Encoding, per file.** UTF-8 (with or without BOM) when the whole file decodes as UTF-8; else GB18030 (which
  includes GBK, what WPS and Excel save on Chinese Windows) when the whole file decodes strictly as GB18030 and
  nothing before its first non-UTF-8 byte was already UTF-8 text; else UTF-8, and each line with bytes that are not
  UTF-8 is a bad record (F420).  UTF-16/32 files are refused as a whole.  In both encodings a line break byte
  never occurs inside a character, so lines are split on bytes before decoding.
* **Line ends, per file.** If the first line break is a lone CR (old Mac and some spreadsheet exports), CR, LF and
  CRLF all end lines; otherwise only LF (with CRLF) does, and a stray CR is part of its line.
* **Size.** A record is at most :data:`MAX_RECORD_BYTES`; a longer line is skipped without being held in memory
  and reported (F421).

:func:`chunk_lines` gives the same lines from a run of whole lines already in memory (a ``--jobs`` worker's run).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import IO

from rubricdsl.diagnostics import Diagnostic, Text, messages
from rubricdsl.diagnostics.messages import cli_text

MAX_RECORD_BYTES = 1_000_000  # one project's facts; a real one is a few kilobytes
MAX_RECORD_LINES = 100  # lines one CSV record (a quoted cell with line breaks) may span
_CHUNK = 1 << 16
_UTF8_BOM = codecs.BOM_UTF8
_GB18030_BOM = b"\x84\x31\x95\x33"
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ANY_BREAK = re.compile(rb"\r\n|\r|\n")


class BatchFileError(Exception):
    """The file as a whole cannot be read (its encoding, or a CSV header that is no row); ``text`` says why."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


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


def over_cap(number: int, encoding: str) -> Line:
    """Line ``number``, longer than :data:`MAX_RECORD_BYTES` and read past unheld: what read_lines gives (F421)."""
    return _decoded(number, b"", encoding, True)


def chunk_lines(data: bytes, first: int, encoding: str) -> Iterator[Line]:
    """The lines :func:`read_lines` gives for ``data``, a run of whole LF-ended lines of a file (the last may have
    no line end) whose first is line ``first``.

    The common run decodes in one call and splits on ``\n`` (the text of a line keeps its line end); a run with a
    line :func:`read_lines` would report (bytes that do not decode, a line over the cap) is read line by line, so
    the report is the same, line number and byte position included."""
    if len(data) <= MAX_RECORD_BYTES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            pass
        else:
            if first == 1:
                text = text.removeprefix("\ufeff")  # the BOM, as _decoded takes it off line 1 (both encodings)
            parts = text.split("\n")
            last = parts.pop()
            number = first
            for part in parts:
                yield Line(number, part + "\n")
                number += 1
            if data and not data.endswith(b"\n"):  # a last line without its end (perhaps only a BOM)
                yield Line(number, last)
            return
    number = first
    start = 0
    while start < len(data):
        end = data.find(b"\n", start) + 1 or len(data)
        yield _decoded(number, data[start:end], encoding, False)
        number += 1
        start = end
