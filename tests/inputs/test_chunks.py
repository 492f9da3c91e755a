"""Runs of lines cut for ``--jobs``: read one after another, they give exactly the records of the whole file."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rubricdsl.inputs import chunks, records
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
        for module in (records, chunks):
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
