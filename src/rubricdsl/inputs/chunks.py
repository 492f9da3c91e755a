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
