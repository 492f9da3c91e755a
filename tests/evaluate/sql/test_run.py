"""The runner reads a typed column of the natural type as it is, and keeps every check for text and for other
column types: the same facts score the same from typed Parquet, Parquet of narrower types, and CSV."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import rubricdsl
from rubricdsl.evaluate.sql import run
from rubricdsl.evaluate.sql.build import compile_sql
from rubricdsl.evaluate.sql.run import Source, TooManyRows, attach, check_columns, connect, score_to_file

RUBRIC = rubricdsl.loads(
    """rubric typed "typed" 10
grades: A >= 5; else B
fact spent "spent": money 元, >= 0
fact planned "planned": money 元, > 0
fact visits "visits": count
fact ok "ok": bool
let rate "rate" = spent / planned
indicator r "rate" 5 {
  score rate: >=90% -> 5; >=50% -> 2; else 0
}
indicator v "visits" 3 {
  score visits: >=10 -> 3; else 0
}
indicator o "ok" 2 {
  when ok -> 2; else 0
}
"""
)
ROWS = {
    "id": ["a", "b", "c", "d"],
    "spent": [Decimal("90.0000"), Decimal("99999999999999.9999"), None, Decimal("-1.0000")],
    "planned": [Decimal("100.0000"), Decimal("99999999999999.9999"), Decimal("1.0000"), Decimal("5.0000")],
    "visits": [10, 10**18 - 1, 3, None],  # a CSV cell holds at most 18 digits (F403 beyond, as in Python)
    "ok": [True, False, None, True],
}


def _table(money: pa.DataType, count: pa.DataType, largest_count: int = 10**18 - 1) -> pa.Table:
    types = {"id": pa.string(), "spent": money, "planned": money, "visits": count, "ok": pa.bool_()}
    rows = {**ROWS, "visits": [*ROWS["visits"][:1], largest_count, *ROWS["visits"][2:]]}
    return pa.table({name: pa.array(values, types[name]) for name, values in rows.items()})


def _query_for(path: Path) -> tuple[str, Source]:
    source = Source.parse(str(path))
    connection = connect(1)
    attach(connection, source, "facts")
    return check_columns(connection, compile_sql(RUBRIC, text_input=source.text_input), "facts").sql, source


def _scored(path: Path, out: Path) -> list[tuple[object, ...]]:
    source = Source.parse(str(path))
    connection = connect(1)
    attach(connection, source, "facts")
    score_to_file(connection, compile_sql(RUBRIC, text_input=source.text_input), "facts", out)
    return connect().execute(f"SELECT * EXCLUDE (id) FROM read_parquet('{out}') ORDER BY id").fetchall()


def test_a_typed_parquet_source_skips_the_casts_while_csv_and_other_types_keep_them(tmp_path: Path) -> None:
    pq.write_table(_table(pa.decimal128(18, 4), pa.int64()), tmp_path / "natural.parquet")
    pq.write_table(_table(pa.decimal128(38, 4), pa.decimal128(20, 0)), tmp_path / "wide.parquet")
    pacsv.write_csv(_table(pa.decimal128(18, 4), pa.int64()), tmp_path / "text.csv")

    natural, _ = _query_for(tmp_path / "natural.parquet")
    assert "TRY_CAST" not in natural and "411" not in natural  # read as they are: no conversion, no F411
    assert "DECIMAL(19,0)" not in natural and "AS HUGEINT) AS __s" not in natural  # the count stays BIGINT
    wide, _ = _query_for(tmp_path / "wide.parquet")
    assert wide.count("TRY_CAST") >= 3 and "411" in wide  # DECIMAL(38,4) may hold a value money cannot
    text, _ = _query_for(tmp_path / "text.csv")
    assert "TRY_CAST(" in text and "regexp_full_match" in text  # every cell checked as text

    names = ("natural.parquet", "wide.parquet", "text.csv")
    scored = {name: _scored(tmp_path / name, tmp_path / f"{name}.out.parquet") for name in names}
    assert scored["natural.parquet"] == scored["wide.parquet"] == scored["text.csv"]
    # A BIGINT count at its largest: read as it is, it scores as through the DECIMAL(19,0) conversion.
    pq.write_table(_table(pa.decimal128(18, 4), pa.int64(), 2**63 - 1), tmp_path / "largest.parquet")
    pq.write_table(_table(pa.decimal128(38, 4), pa.decimal128(20, 0), 2**63 - 1), tmp_path / "largest_wide.parquet")
    largest = _scored(tmp_path / "largest.parquet", tmp_path / "largest.out.parquet")
    assert largest == _scored(tmp_path / "largest_wide.parquet", tmp_path / "largest_wide.out.parquet")
    assert largest[1][:4] == scored["text.csv"][1][:4]
    by_id = dict(zip(ROWS["id"], scored["natural.parquet"], strict=True))
    columns = connect().execute(f"DESCRIBE SELECT * FROM read_parquet('{tmp_path / 'natural.parquet.out.parquet'}')")
    fields = [str(row[0]) for row in columns.fetchall()][1:]
    row_b = dict(zip(fields, by_id["b"], strict=True))
    assert row_b["r"] == Decimal(5) and row_b["v"] == Decimal(3) and row_b["o"] == Decimal(0)  # the extremes
    assert row_b["total"] == Decimal(8) and row_b["complete"]
    row_d = dict(zip(fields, by_id["d"], strict=True))
    assert "F404:spent" in row_d["problems"] and "F401:visits" in row_d["problems"]


def test_scores_are_decimal_18_when_their_bound_fits(tmp_path: Path) -> None:
    pq.write_table(_table(pa.decimal128(18, 4), pa.int64()), tmp_path / "natural.parquet")
    _scored(tmp_path / "natural.parquet", tmp_path / "out.parquet")
    schema = pq.read_schema(tmp_path / "out.parquet")
    assert {str(schema.field(name).type) for name in ("r", "v", "o", "total")} == {"decimal128(18, 10)"}


def test_a_value_too_large_for_the_natural_type_is_f411_where_the_column_is_wider(tmp_path: Path) -> None:
    table = _table(pa.decimal128(38, 4), pa.decimal128(20, 0)).to_pydict()
    table["spent"][0] = Decimal("1000000000000000.0000")  # 10^15: more than DECIMAL(18,4) holds
    table["visits"][0] = 10**19  # more than DECIMAL(19,0) holds
    types = {"id": pa.string(), "spent": pa.decimal128(38, 4), "planned": pa.decimal128(38, 4)}
    types |= {"visits": pa.decimal128(20, 0), "ok": pa.bool_()}
    pq.write_table(pa.table({k: pa.array(v, types[k]) for k, v in table.items()}), tmp_path / "wide.parquet")
    rows = _scored(tmp_path / "wide.parquet", tmp_path / "out.parquet")
    problems = rows[0][-1]
    assert set(problems.split()) == {"F411:spent", "F411:visits", "E303:r", "E303:v"}


class _InterruptedAfterCopy:
    """A connection whose COPY completes and is then interrupted (Ctrl-C between the write and the rename)."""

    def __init__(self, connection: object) -> None:
        self.connection = connection

    def execute(self, sql: str, *args: object) -> object:
        result = self.connection.execute(sql, *args)  # type: ignore[attr-defined]
        if sql.startswith("COPY"):
            raise KeyboardInterrupt
        return result


def test_an_interrupted_run_leaves_the_old_scores_whole_and_no_temporary_file(tmp_path: Path) -> None:
    pq.write_table(_table(pa.decimal128(18, 4), pa.int64()), tmp_path / "facts.parquet")
    out = tmp_path / "scores.parquet"
    out.write_bytes(b"the scores of the last run")
    source = Source.parse(str(tmp_path / "facts.parquet"))
    connection = connect(1)
    attach(connection, source, "facts")
    interrupted = _InterruptedAfterCopy(connection)
    try:
        score_to_file(interrupted, compile_sql(RUBRIC), "facts", out)  # type: ignore[arg-type]
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the interruption was swallowed")
    assert out.read_bytes() == b"the scores of the last run"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["facts.parquet", "scores.parquet"]
    rows, incomplete = score_to_file(connection, compile_sql(RUBRIC), "facts", out)  # and a full run replaces it
    assert (rows, incomplete) == (4, 2)  # c lacks `spent`, d has a negative one and no `visits`


class _Rows:
    """A sheet (:class:`rubricdsl.evaluate.sql.run.RowSheet`) that keeps what it is given, and how."""

    def __init__(self, limit: int = 100, stop_after: int | None = None) -> None:
        self.columns = ("id", "r", "total", "complete", "problems")
        self.limit = limit
        self.stop_after = stop_after
        self.rows: list[tuple[object, ...]] = []
        self.given: object = None

    def write(self, path: str, rows: Iterable[tuple[object, ...]]) -> None:
        self.given = rows
        for row in rows:
            self.rows.append(row)
            if len(self.rows) == self.stop_after:
                raise KeyboardInterrupt
        Path(path).write_text(repr(self.rows), encoding="utf-8")


def _facts_connection(tmp_path: Path, rows: int = 4) -> duckdb.DuckDBPyConnection:
    table = _table(pa.decimal128(18, 4), pa.int64())
    pq.write_table(pa.concat_tables([table] * (rows // 4)), tmp_path / "facts.parquet")
    connection = connect(1)
    attach(connection, Source.parse(str(tmp_path / "facts.parquet")), "facts")
    return connection


def test_a_sheet_is_given_the_rows_streamed_in_batches_as_python_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "STREAMED_ROWS", 3)  # batches end inside the table, and at its end
    connection = _facts_connection(tmp_path, rows=16)
    sheet = _Rows()
    rows, incomplete = score_to_file(connection, compile_sql(RUBRIC), "facts", tmp_path / "s.xlsx", sheet)
    assert (rows, incomplete) == (16, 8)
    assert not isinstance(sheet.given, (list, tuple))  # an iterator: the rows are never all held at once
    score_to_file(connection, compile_sql(RUBRIC), "facts", tmp_path / "s.csv")
    as_text = pacsv.ConvertOptions(column_types=dict.fromkeys(sheet.columns, pa.string()), strings_can_be_null=True)
    copied = pacsv.read_csv(tmp_path / "s.csv", convert_options=as_text).select(list(sheet.columns)).to_pylist()
    assert [tuple(_text(value) for value in row) for row in sheet.rows] == [tuple(row.values()) for row in copied]
    assert all(isinstance(row[2], Decimal) for row in sheet.rows)  # exact, never a float
    assert (tmp_path / "s.xlsx").read_text(encoding="utf-8") == repr(sheet.rows)


def _text(value: object) -> str | None:
    """A value as DuckDB's CSV writes it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    return format(value, "f") if isinstance(value, Decimal) else str(value) or None


def test_more_rows_than_a_sheet_holds_raise_before_anything_is_written(tmp_path: Path) -> None:
    connection = _facts_connection(tmp_path, rows=8)
    sheet = _Rows(limit=7)
    with pytest.raises(TooManyRows) as raised:
        score_to_file(connection, compile_sql(RUBRIC), "facts", tmp_path / "s.xlsx", sheet)
    assert (raised.value.rows, raised.value.limit) == (8, 7)
    assert sheet.given is None and sorted(path.name for path in tmp_path.iterdir()) == ["facts.parquet"]
    with pytest.raises(ValueError, match="with a sheet"):
        score_to_file(connection, compile_sql(RUBRIC), "facts", tmp_path / "s.xlsx")


def test_a_sheet_interrupted_halfway_leaves_the_old_file_whole(tmp_path: Path) -> None:
    connection = _facts_connection(tmp_path, rows=8)
    out = tmp_path / "s.xlsx"
    out.write_bytes(b"the workbook of the last run")
    with pytest.raises(KeyboardInterrupt):
        score_to_file(connection, compile_sql(RUBRIC), "facts", out, _Rows(stop_after=5))
    assert out.read_bytes() == b"the workbook of the last run"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["facts.parquet", "s.xlsx"]
