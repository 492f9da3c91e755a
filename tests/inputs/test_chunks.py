"""Runs of lines cut for ``--jobs``: read one after another, they give exactly the records of the whole file."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rubricdsl.inputs import chunks, lines, records
from rubricdsl.inputs.chunks import csv_chunks, line_chunks
from rubricdsl.inputs.records import (
    Record,
    read_csv,
    read_csv_body,
    read_csv_header,
    read_jsonl,
    read_lines,
    survey,
)

DECLARED = frozenset({"a", "b"})


def _lines(data: bytes) -> list[records.Line]:
    handle = io.BytesIO(data)
    return list(read_lines(handle, survey(handle), [0]))


def _shown(found: list[Record]) -> list[tuple[Any, ...]]:
    return [(r.ident, r.facts, r.line, [(p.code, p.message.en) for p in r.problems]) for r in found]


def _whole_csv(data: bytes) -> list[Record]:
    return list(read_csv(iter(_lines(data)), DECLARED, []))


def _chunked_csv(data: bytes, size: int) -> tuple[list[Record], list[list[records.Line]]]:
    lines = iter(_lines(data))
    header = read_csv_header(lines, DECLARED)
    if header is None:
        return [], []
    runs = list(csv_chunks(lines, size))
    return [record for run in runs for record in read_csv_body(iter(run), header, DECLARED)], runs


# Fragments that exercise every way a CSV record ends: quotes that balance or not, line breaks in quoted
# cells, blank lines, a stray CR, bytes that are not UTF-8 (F420), a line over the size cap (F421).
FRAGMENTS = st.sampled_from(
    [b"x", b"1", b",", b'"', b'""', b"\n", b"\r\n", b"\r", b" ", b"\xff", b"OVERSIZED", b"\n\n"]
)


@settings(max_examples=300, deadline=None)
@given(body=st.lists(FRAGMENTS, max_size=60), size=st.integers(1, 5))
def test_csv_runs_read_apart_give_the_records_of_the_whole_file(body: list[bytes], size: int) -> None:
    data = b"id,a,b\n" + b"".join(b"y" * 50 if part == b"OVERSIZED" else part for part in body)
    with pytest.MonkeyPatch.context() as patch:
        # Small caps, so that groups hit the line and byte limits within a few fragments.
        for module in (lines, records, chunks):
            patch.setattr(module, "MAX_RECORD_LINES", 4)
            patch.setattr(module, "MAX_RECORD_BYTES", 40)
        whole = _whole_csv(data)
        chunked, runs = _chunked_csv(data, size)
    assert _shown(chunked) == _shown(whole)
    assert [line.number for run in runs for line in run] == [line.number for line in _lines(data)[1:]]


def test_a_run_is_not_cut_inside_a_quoted_cell_with_line_breaks() -> None:
    data = b'id,a,b\n1,"x\ny\nz",2\n3,4,5\n6,"7\n8",9\n'
    chunked, runs = _chunked_csv(data, 1)
    assert [[line.number for line in run] for run in runs] == [[2, 3, 4], [5], [6, 7]]
    assert [r.facts for r in chunked] == [{"a": "x\ny\nz", "b": "2"}, {"a": "4", "b": "5"}, {"a": "7\n8", "b": "9"}]


def test_a_broken_multiline_group_is_cut_after_the_lines_read_again() -> None:
    # Line 2 opens a quote that never closes: it is one bad row and lines 3, 4, read ahead with it, are read
    # again as records; no cut falls among lines read ahead, so the three stay in one run.
    data = b'id,a,b\n1,"x,2\n3,4,5\n6,7,8\n'
    whole = _whole_csv(data)
    chunked, runs = _chunked_csv(data, 1)
    assert _shown(chunked) == _shown(whole)
    assert [r.problems[0].code if r.problems else None for r in whole] == ["F422", None, None]
    assert [[line.number for line in run] for run in runs] == [[2, 3, 4]]


@given(st.lists(st.sampled_from(['{"a": 1}', "{bad", "[1]", "", "\udcff"]), max_size=20), st.integers(1, 4))
def test_jsonl_runs_read_apart_give_the_records_of_the_whole_file(lines: list[str], size: int) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogateescape")
    whole = list(read_jsonl(iter(_lines(data)), DECLARED))
    runs = list(line_chunks(iter(_lines(data)), size))
    assert all(len(run) == size for run in runs[:-1])
    chunked = [record for run in runs for record in read_jsonl(iter(run), DECLARED)]
    assert _shown(chunked) == _shown(whole)


# ---- runs of bytes (the parent of --jobs cuts, workers decode) ------------------------------------------------
def _byte_chunked_csv(data: bytes, size: int) -> tuple[list[Record], list[chunks.ByteRun]]:
    """The records of reading ``data``'s header, then each byte run apart, as the workers do."""
    handle = io.BytesIO(data)
    shape = survey(handle)
    read = [0]

    def numbered() -> Iterator[records.Line]:
        for line in read_lines(handle, shape, [0]):
            read[0] = line.number
            yield line

    header = read_csv_header(numbered(), DECLARED)
    if header is None:
        return [], []
    runs = list(chunks.byte_runs(handle, read[0] + 1, size, shape.encoding, csv=True))
    found = []
    for first, run in runs:
        run_lines = (
            iter([lines.over_cap(first, shape.encoding)])
            if run is None
            else lines.chunk_lines(run, first, shape.encoding)
        )
        found.extend(read_csv_body(run_lines, header, DECLARED))
    return found, runs


@settings(max_examples=400, deadline=None)
@given(body=st.lists(FRAGMENTS, max_size=60), size=st.integers(1, 12))
def test_csv_byte_runs_read_apart_give_the_records_of_the_whole_file(body: list[bytes], size: int) -> None:
    data = b"id,a,b\n" + b"".join(b"y" * 50 if part == b"OVERSIZED" else part for part in body)
    if b"\r" in data.split(b"\n", 1)[0] + b"\n":
        return  # a lone CR ends the first line: such files are cut after decoding (csv_chunks, above)
    with pytest.MonkeyPatch.context() as patch:
        for module in (lines, records, chunks):
            patch.setattr(module, "MAX_RECORD_LINES", 4)
            patch.setattr(module, "MAX_RECORD_BYTES", 40)
        whole = _whole_csv(data)
        chunked, _ = _byte_chunked_csv(data, size)
    assert _shown(chunked) == _shown(whole)


def _rows(count: int) -> list[bytes]:
    return [b"P%d,%d,%d\n" % (index, index, index * 3) for index in range(count)]


def test_byte_runs_keep_every_row_in_order_and_the_last_run_may_have_no_line_end() -> None:
    rows = _rows(500)
    data = b"id,a,b\n" + b"".join(rows).rstrip(b"\n")
    found, runs = _byte_chunked_csv(data, 64)
    assert len(runs) > 20
    assert b"".join(run or b"" for _, run in runs) == data[len(b"id,a,b\n") :]  # nothing lost, nothing repeated
    assert [record.ident for record in found] == [f"P{index}" for index in range(500)]
    assert found[-1].facts == {"a": "499", "b": "1497"} and found[-1].line == 501
    starts = [first for first, _ in runs]
    assert starts == sorted(starts) and starts[0] == 2


def test_a_bad_row_in_the_middle_is_reported_with_its_own_line_number() -> None:
    rows = _rows(300)
    rows[150] = b'P150,"7,8\n'  # a quote that never closes: line 152 of the file (the header is line 1)
    rows[200] = b"P200,1,2,extra\n"  # a cell beyond the header: line 202
    data = b"id,a,b\n" + b"".join(rows)
    whole = _whole_csv(data)
    for size in (16, 64, 333, 1 << 16):
        found, _ = _byte_chunked_csv(data, size)
        assert _shown(found) == _shown(whole)
        bad = [(record.line, record.problems[0].code) for record in found if record.problems]
        assert bad == [(152, "F422"), (202, "F423")]


def test_a_run_is_never_cut_inside_a_quoted_cell_with_line_breaks() -> None:
    rows = _rows(200)
    for at in range(5, 200, 7):
        rows[at] = b'P%d,"line one\nline, two\r\n""three""",%d\n' % (at, at)  # a cell of three lines
    data = b"id,a,b\n" + b"".join(rows)
    whole = _whole_csv(data)
    assert sum(1 for record in whole if record.facts and "\n" in record.facts["a"]) == 28
    for size in range(8, 120, 7):
        found, runs = _byte_chunked_csv(data, size)
        assert _shown(found) == _shown(whole)
        for _, run in runs:
            assert run is not None and run.count(b'"') % 2 == 0  # every run holds whole quoted cells


def test_a_broken_group_is_read_again_from_its_second_line_when_cutting() -> None:
    # Lines 3-4 are one bad row ('"x' closes on line 4 and 'b' follows the quote), then the reader starts again
    # on line 4, whose quote opens a cell that line 5 closes: a record of lines 4-5, which no cut may split.
    rows = _rows(40)
    rows[1:1] = [b'A,"x\n', b'"b,c\n', b'd",e\n']
    data = b"id,a,b\n" + b"".join(rows)
    whole = _whole_csv(data)
    assert [(r.line, r.problems[0].code if r.problems else r.facts) for r in whole[1:3]] == [
        (3, "F422"),
        (4, {"a": "e"}),  # '"b,c\nd"' is the id
    ]
    for size in range(4, 80, 3):
        found, _ = _byte_chunked_csv(data, size)
        assert _shown(found) == _shown(whole)


LINE_FRAGMENTS = st.sampled_from(
    [b"x", b'"', b"\n", b"\r\n", b"\r", b"\xff", b"\xef\xbb\xbf", b"\x84\x31\x95\x33", "项".encode(), b"OVERSIZED"]
)


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(LINE_FRAGMENTS, max_size=40), block=st.integers(1, 16), gb18030=st.booleans())
def test_file_lines_are_read_lines(parts: list[bytes], block: int, gb18030: bool) -> None:
    """Decoded a block at a time, the lines are read_lines' one by one: text, numbers, BOM, F420 and F421."""
    data = b"".join(b"y" * 50 if part == b"OVERSIZED" else part for part in parts)
    if gb18030:
        data = "项目".encode("gb18030") + data  # GB18030 when the rest decodes as it
    consumed = [0, 0]

    def shown(found: list[records.Line]) -> list[tuple[Any, ...]]:
        return [(x.number, x.text, x.problem and (x.problem.code, x.problem.message.en)) for x in found]

    with pytest.MonkeyPatch.context() as patch:
        for module in (lines, records, chunks):
            patch.setattr(module, "MAX_RECORD_BYTES", 40)
        patch.setattr(chunks, "FILE_BLOCK", block)
        handle = io.BytesIO(data)
        shape = survey(handle)
        one_by_one = shown(list(read_lines(handle, shape, consumed)))
        handle = io.BytesIO(data)
        survey(handle)
        found = [0]
        by_blocks = shown(list(chunks.file_lines(handle, shape, found)))
    assert by_blocks == one_by_one
    assert found[0] == len(data) == consumed[0]


# ---- the common CSV row's own loop reads what the general rule reads ---------------------------------------------
def _general_body(data: bytes, declared: frozenset[str]) -> list[Record]:
    """read_csv_body as it was before its loop for the common row: every line through _csv_rows/_csv_record."""
    found = iter(_lines(data))
    header = read_csv_header(found, declared)
    assert header is not None
    return [
        records._csv_record(number, cells, problem, header, declared)
        for number, cells, problem in records._csv_rows(found)
        if not (problem is None and cells is not None and not any(cell.strip() for cell in cells))
    ]


CELL_FRAGMENTS = st.sampled_from(
    [b"x", b"1", b",", b'"', b"\n", b"\r\n", b"\r", b" ", "\u3000".encode(), "\xa0".encode(), b"\t", b"\xff", b"; "]
)


@settings(max_examples=400, deadline=None)
@given(
    header=st.sampled_from([b"id,a,b", b"a,b", b"$id,id,a", b"id,a,not_applicable", b"id,a,a", b"id,,b"]),
    body=st.lists(CELL_FRAGMENTS, max_size=50),
)
def test_the_common_row_loop_reads_what_the_general_rule_reads(header: bytes, body: list[bytes]) -> None:
    data = header + b"\n" + b"".join(body)
    for declared in (DECLARED, DECLARED | {"id"}):  # a declared `id` is a fact, not the row's id
        fast = list(read_csv(iter(_lines(data)), declared, []))
        assert _shown(fast) == _shown(_general_body(data, declared))
