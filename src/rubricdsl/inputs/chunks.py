"""Cutting a many-project file into runs of lines that can be read apart (``rubric eval --jobs N``).

A worker reads its run of lines with the same readers as a single process (:func:`records.read_jsonl`,
:func:`records.read_csv_body`), so a run must start where a record starts and end where one ends: then reading
the runs one after another gives exactly the records of reading the whole file.  A JSON Lines record is one
line, so any cut is one.  A CSV record may span lines (a quoted cell with line breaks), and whether a group of
lines is one record depends on whether it parses; :func:`csv_chunks` follows the reader's own rule
(:func:`records._csv_rows`): it groups lines the same way, parses only the groups of more than one line (rare),
and cuts only where that rule starts a new record with nothing read ahead.  Lines cross processes as text,
which pickles ~25 times faster than the dicts of facts read from them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from rubricdsl.inputs.lines import FileShape, _decoded, chunk_lines, over_cap, read_lines
from rubricdsl.inputs.records import MAX_RECORD_BYTES, MAX_RECORD_LINES, Line, _parse, _strip_line_end


def line_chunks(lines: Iterator[Line], size: int) -> Iterator[list[Line]]:
    """Runs of ``size`` lines (the last may be shorter): JSON Lines, one record per line."""
    chunk: list[Line] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def csv_chunks(lines: Iterator[Line], size: int) -> Iterator[list[Line]]:
    """Runs of at least ``size`` lines (except the last), each cut where a CSV record starts.

    The grouping is :func:`records._csv_rows`' loop without its results: a group ends when its quotes balance,
    at :data:`MAX_RECORD_LINES` lines or :data:`MAX_RECORD_BYTES`, or before an unreadable line; a group of one
    line is one record whatever it holds; a longer one is a record if it parses, else its first line is (a
    broken row) and the reader starts again on the line after it.
    """
    chunk: list[Line] = []
    replay: list[Line] = []
    while True:
        pending: list[Line] = []
        size_so_far = 0
        odd = False
        while (line := replay.pop(0) if replay else next(lines, None)) is not None:
            if line.text is None:
                if pending:
                    replay.insert(0, line)
                    break
                chunk.append(line)
                continue
            pending.append(line)
            size_so_far += len(line.text)
            odd ^= line.text.count('"') % 2 == 1
            if not odd or len(pending) >= MAX_RECORD_LINES or size_so_far > MAX_RECORD_BYTES:
                break
        if not pending:
            break
        if len(pending) == 1 or (
            not odd and _parse(_strip_line_end("".join(x.text or "" for x in pending)))[1] is None
        ):
            chunk.extend(pending)
        else:
            chunk.append(pending[0])
            replay[:0] = pending[1:]
        if len(chunk) >= size and not replay:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


ByteRun = tuple[int, bytes | None]  # (first line number, whole lines as read); None: that one line is over the cap
_QUOTE = b'"'
_NEWLINE = b"\n"
FILE_BLOCK = 1 << 18  # bytes decoded at a time by file_lines


def byte_runs(
    handle: IO[bytes], first: int, size: int, encoding: str, *, csv: bool, consumed: list[int] | None = None
) -> Iterator[ByteRun]:
    """Runs of whole lines of ``handle`` (an LF file, read from the start of line ``first``), as bytes, each about
    ``size`` bytes and each starting where a record starts: the parent of ``--jobs`` cuts, workers decode
    (:func:`lines.chunk_lines`).  The bytes are the file's; the lines of the runs, one after another, are
    :func:`lines.read_lines`' and their records those of reading the whole file.

    A JSON Lines record is one line.  A CSV run is cut after the last line of the block when no line of it
    holds an odd number of quotes (every line is then a record by itself, :func:`records._csv_rows`: the common
    file, checked with two C calls per line); otherwise at the last place where :func:`_record_starts` says a
    record starts.  A line over :data:`MAX_RECORD_BYTES` is never held: it is read past and sent as
    ``(number, None)``, a run of its own; a run may end just before it, as the reader treats an unreadable line
    like the end of the lines before it."""
    carry = b""
    number = first  # of carry's first line
    while True:
        block = handle.read(size)
        if consumed is not None:
            consumed[0] += len(block)
        data = carry + block if carry else block
        if not block:
            if data:
                yield number, data  # the last run, perhaps without a line end
            return
        end = data.rfind(_NEWLINE) + 1
        if len(data) - end > MAX_RECORD_BYTES:  # the unfinished last line is over the cap already
            if end:
                yield number, data[:end]
                number += data.count(_NEWLINE, 0, end)
            yield number, None
            _skip_line(handle, data[end:], consumed)
            number += 1
            carry = b""
            continue
        if end == 0:  # no whole line yet
            carry = data
            continue
        cut = end if not csv else _csv_cut(data, end, number, encoding)
        if cut:
            yield number, data[:cut]
            number += data.count(_NEWLINE, 0, cut)
        carry = data[cut:]


def _skip_line(handle: IO[bytes], seen: bytes, consumed: list[int] | None) -> None:
    """Read past the rest of a line over the cap, a block at a time (as :func:`lines.read_lines` does)."""
    if seen.endswith(_NEWLINE):
        return
    while raw := handle.readline(1 << 16):
        if consumed is not None:
            consumed[0] += len(raw)
        if raw.endswith(_NEWLINE):
            return


def _csv_cut(data: bytes, end: int, number: int, encoding: str) -> int:
    """Where to cut ``data[:end]`` (whole lines, starting where a record starts) so the next run starts a record."""
    if data.find(_QUOTE, 0, end) < 0:
        return end
    raws = data[:end].split(_NEWLINE)
    raws.pop()  # the empty text after the last line end
    if not any(raw.count(_QUOTE) & 1 for raw in raws):
        return end
    lines = [_decoded(number + index, raw + _NEWLINE, encoding, False) for index, raw in enumerate(raws)]
    start = _record_starts(lines)
    return sum(len(raw) + 1 for raw in raws[:start])


def _record_starts(lines: list[Line]) -> int:
    """The index of the first line whose record these lines do not settle (``len(lines)`` when all do).

    :func:`records._csv_rows`' grouping, walked without parsing more than it does: a record starting at any
    line it reaches is read the same from there by a fresh reader (the reader keeps nothing but its place).
    A group still open at the end (odd quotes, under both caps) is unsettled: the lines after may close it."""
    index = 0
    while index < len(lines):
        if lines[index].text is None:
            index += 1
            continue
        size = 0
        odd = False
        stop = index
        while stop < len(lines) and (text := lines[stop].text) is not None:
            size += len(text)
            odd ^= text.count('"') % 2 == 1
            stop += 1
            if not odd or stop - index >= MAX_RECORD_LINES or size > MAX_RECORD_BYTES:
                break
        else:
            if stop == len(lines) and odd:
                return index  # open at the end: the next block decides
        group = lines[index:stop]
        if len(group) == 1 or (not odd and _parse(_strip_line_end("".join(x.text or "" for x in group)))[1] is None):
            index = stop
        else:
            index += 1  # a broken row: the reader starts again on the line after its first
    return len(lines)


def file_lines(handle: IO[bytes], shape: FileShape, consumed: list[int]) -> Iterator[Line]:
    """:func:`lines.read_lines`, decoded a block at a time where lines end in LF (a third of the cost)."""
    if shape.cr_lines:
        yield from read_lines(handle, shape, consumed)
        return
    for first, data in byte_runs(handle, 1, FILE_BLOCK, shape.encoding, csv=False, consumed=consumed):
        if data is None:
            yield over_cap(first, shape.encoding)
        else:
            yield from chunk_lines(data, first, shape.encoding)
