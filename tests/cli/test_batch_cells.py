"""The common CSV row scored from its cells (cli/batch_cells.py) writes what the general path writes: the same
rows, counts and problems, on generated rows full of bad cells, and only under a header it can read."""

from __future__ import annotations

import io
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.cli.batch import BatchCounts, score_record, score_records
from rubricdsl.cli.batch_cells import cells_places, clean_rows
from rubricdsl.compiled import CompiledRubric
from rubricdsl.inputs.lines import chunk_lines
from rubricdsl.inputs.records import CsvHeader, Line, read_csv_body
from rubricdsl.outputs.rows import RowWriter, writer_for

RUBRIC = """rubric cells "单元格" 40
fact budget "预算": money 元, > 0
fact spent "支出": money 万元, >= 0
fact events "活动": count
fact share "满意度": percent, in [0%, 100%]
fact rate "比率": percent
fact open "公开": bool
fact level "等级": enum(好, 较好, 一般), default 一般
fact ratio "比值": number
indicator spending "支出" 8 {
  score spent / budget: >= 0.9 -> 8; >= 0.5 -> 4; else 0
}
indicator activity "活动" 8 {
  score events: >= 12 -> 8; >= 6 -> 4; else 0
}
indicator satisfied "满意" 8 {
  score share: >= 90% -> 8; >= 60% -> 4; else 0
}
indicator published "公开" 4 {
  when open -> 4; else 0
}
indicator graded "等级" 4 {
  levels level: 好 -> 4; 较好 -> 2; 一般 -> 0
}
indicator rated "比率" 4 {
  score rate + ratio: >= 1 -> 4; else 0
}
indicator capped "上限" 4 {
  score ratio: >= 100 -> 4; >= 0 -> 2; else 0
}
"""

COLUMNS = ["id", "budget", "spent", "events", "share", "rate", "open", "level", "ratio"]
GOOD = {
    "budget": ["1000", "250000", "1", "99999999999999999999"],
    "spent": ["0", "12.5", "0.01", "3"],
    "events": ["0", "12", "7"],
    "share": ["95%", "0.5", "60%", "100%", "0"],
    "rate": ["0.5", "150%", "-1", "0.25%"],
    "open": ["true", "false", "是", "否"],
    "level": ["好", "较好", "一般"],
    "ratio": ["1", "100", "-2", "0.75", "1000"],
}
# Cells the fast path declines or FactSchema reports: empty, spaced, separators, full-width digits, exponents,
# out of range, too long, words, a quote.
BAD = ["", " ", " 12", "1,000", "１２", "1e3", "-5", "150%", "abc", "nan", "TRUE", "9" * 70, "0.5.1", '"7"', "好 "]


def _cell(column: str) -> st.SearchStrategy[str]:
    good = st.sampled_from(GOOD[column])
    return st.one_of(good, good, good, good, st.sampled_from(BAD))  # about one row in six is clean throughout


ROW = st.builds(
    lambda ident, cells, extra: ",".join([ident, *cells, *extra]),
    st.sampled_from(["P1", "=1", "a b", "", "项目"]),
    st.tuples(*(_cell(column) for column in COLUMNS[1:])),
    st.sampled_from([[], [], [], ["x"], [""]]),
)


def _lines(body: list[str]) -> Iterator[Line]:
    return chunk_lines(("\r\n".join(body) + "\n").encode("utf-8"), 2, "utf-8")


def _warm(compiled: CompiledRubric) -> CompiledRubric:
    compiled._generate_fast_path()
    assert compiled._fast_ready is not None and compiled._fast is not None
    return compiled


COMPILED = _warm(rubricdsl.loads(RUBRIC))


def _general(compiled: CompiledRubric, header: CsvHeader, body: list[str]) -> tuple[str, BatchCounts]:
    out = io.StringIO()
    writer = writer_for(compiled, out, "csv", "en", header=False)
    counts = BatchCounts()
    for record in read_csv_body(_lines(body), header, frozenset(compiled.schema.specs)):
        score_record(compiled, record, writer, counts)
    return out.getvalue(), counts


def _by_cells(compiled: CompiledRubric, header: CsvHeader, body: list[str]) -> tuple[str, BatchCounts]:
    out = io.StringIO()
    writer = writer_for(compiled, out, "csv", "en", header=False)
    counts = BatchCounts()
    clean = clean_rows(compiled, writer, counts)(header)
    score_records(
        compiled, read_csv_body(_lines(body), header, frozenset(compiled.schema.specs), clean), writer, counts
    )
    return out.getvalue(), counts


def _same(left: tuple[str, BatchCounts], right: tuple[str, BatchCounts]) -> None:
    assert left[0] == right[0]
    (a, b) = (left[1], right[1])
    assert (a.records, a.rows, a.complete, a.incomplete, a.unreadable) == (
        b.records,
        b.rows,
        b.complete,
        b.incomplete,
        b.unreadable,
    )
    assert [(p.code, p.message.en, p.message.zh) for p in a.shown] == [
        (p.code, p.message.en, p.message.zh) for p in b.shown
    ]


@settings(max_examples=150, deadline=None)
@given(body=st.lists(ROW, max_size=25), order=st.permutations(COLUMNS))
def test_rows_scored_from_their_cells_are_the_general_paths_rows(body: list[str], order: list[str]) -> None:
    header = CsvHeader(order)
    # The generated rows are in COLUMNS order; put each row's cells in the header's order.
    reordered = []
    for row in body:
        cells = row.split(",")
        by_name = dict(zip(COLUMNS, cells, strict=False))
        extra = cells[len(COLUMNS) :]
        reordered.append(",".join([*(by_name.get(name, "") for name in order), *extra]))
    assert cells_places(COMPILED, header) is not None
    _same(_by_cells(COMPILED, header, reordered), _general(COMPILED, header, reordered))


def test_the_cells_path_takes_the_clean_rows() -> None:
    """Not a vacuous equality: clean rows really go through the generated row function."""
    header = CsvHeader(COLUMNS)
    body = ["P1,1000,0.09,12,95%,0.5,true,好,100", "P2,1000,0.09,12,95%,0.5,true,好,abc"]
    out = io.StringIO()
    writer = writer_for(COMPILED, out, "csv", "en", header=False)
    counts = BatchCounts()
    clean = clean_rows(COMPILED, writer, counts)(header)
    assert clean is not None
    assert clean("P1", body[0].split(",")) is True
    assert clean("P2", body[1].split(",")) is False  # not a number: the general path reports it
    assert (counts.records, counts.complete) == (1, 1)
    assert out.getvalue() == _general(COMPILED, header, body[:1])[0]


def test_a_header_that_is_not_exactly_the_facts_is_read_as_always() -> None:
    declined = [
        [*COLUMNS, "not_applicable"],
        [*COLUMNS, "note"],
        [*COLUMNS, "$id"],  # `id` then stays among the facts
        [column for column in COLUMNS if column != "level"],  # a fact with a default, absent
        [*COLUMNS, "open"],  # a column twice
        [*COLUMNS, ""],
    ]
    for columns in declined:
        assert cells_places(COMPILED, CsvHeader(columns)) is None, columns
    assert cells_places(COMPILED, CsvHeader(COLUMNS[1:])) is not None  # no id column: the row number is the id
    assert cells_places(COMPILED, CsvHeader(["$id", *COLUMNS[1:]])) is not None


def test_without_an_id_column_a_row_is_named_by_its_line() -> None:
    header = CsvHeader(COLUMNS[1:])
    body = ["1000,0.09,12,95%,0.5,true,好,100", "1000,0.09,12,95%,0.5,true,好,1"]
    _same(_by_cells(COMPILED, header, body), _general(COMPILED, header, body))
    assert _by_cells(COMPILED, header, body)[0].startswith("2,true,")


def test_the_row_function_is_built_once_per_header() -> None:
    places = cells_places(COMPILED, CsvHeader(COLUMNS))
    assert places is not None
    first = COMPILED._cells_path(places)
    assert first is not None and COMPILED._cells_path(dict(places)) is first


def test_a_rubric_still_warming_up_declines_every_row() -> None:
    """Before the fast path exists (a few rows into a batch), rows take the general path: a small file pays for
    no generated function."""
    fresh = rubricdsl.loads(RUBRIC)
    out = io.StringIO()
    counts = BatchCounts()
    clean = clean_rows(fresh, writer_for(fresh, out, "csv", "en", header=False), counts)(CsvHeader(COLUMNS))
    assert clean is not None
    assert clean("P1", ["P1", "1000", "0.09", "12", "95%", "0.5", "true", "好", "100"]) is False
    assert fresh._cells_paths == {}


def test_columns_in_another_order_than_the_programs_get_their_own_scores() -> None:
    header = CsvHeader(COLUMNS)
    body = ["P1,1000,0.09,12,95%,0.5,true,好,100", "P2,1000,0.01,7,60%,0.5,false,较好,1"] * 3
    ids = tuple(reversed(writer_for(COMPILED, io.StringIO(), "csv", "en").ids))
    outputs = []
    for clean in (True, False):
        out = io.StringIO()
        writer = RowWriter(out, "csv", ids, "en", header=False)
        counts = BatchCounts()
        taker = clean_rows(COMPILED, writer, counts)(header) if clean else None
        score_records(
            COMPILED, read_csv_body(_lines(body), header, frozenset(COMPILED.schema.specs), taker), writer, counts
        )
        outputs.append(out.getvalue())
        assert counts.complete == 6
    assert outputs[0] == outputs[1]
