"""Run a generated query in embedded DuckDB over a Parquet file, a CSV file, a DuckDB table or an Arrow table.

The source becomes a view named as the query expects; its columns are checked against the facts' natural
types (:mod:`.types`) before anything is scored, and a column that cannot be read exactly is refused by name
(S604, S605).  A CSV file is read as text, every cell checked and converted by the query itself
(``text_input``), so DuckDB's type sniffing (which reads 0.955 as a DOUBLE) never touches a value.  A typed
column of exactly the natural type is read as it is: the query is regenerated for the columns it meets,
without the conversion and the too-large check (F411) such a column cannot need.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs

import duckdb

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.evaluate.sql.columns import readable_marks
from rubricdsl.evaluate.sql.dialects import DUCKDB
from rubricdsl.evaluate.sql.generator import Query
from rubricdsl.evaluate.sql.types import COLUMN_TYPES, fits
from rubricdsl.inputs.fact_specs import NOT_APPLICABLE_KEY
from rubricdsl.outputs.atomic import save_atomically


class SourceError(Exception):
    """The facts table cannot be scored as it is; ``diagnostic`` (S604–S606) says which column and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message.en)
        self.diagnostic = diagnostic


@dataclass(frozen=True, slots=True)
class Source:
    """Where the facts are: ``kind`` is ``parquet``, ``csv`` or ``duckdb`` (a database file and a table)."""

    kind: str
    path: str
    table: str | None = None

    @property
    def text_input(self) -> bool:
        return self.kind == "csv"

    @staticmethod
    def parse(text: str) -> Source:
        """``x.parquet``, ``x.csv`` or ``duckdb:///relative.db?table=T`` (``duckdb:////abs.db`` absolute, as
        SQLAlchemy reads such URLs; a shell path argument may arrive collapsed to ``duckdb:/x.db``)."""
        if text.startswith("duckdb:"):
            location, _, query = text[len("duckdb:") :].partition("?")
            table = parse_qs(query).get("table", [None])[0]
            if not table:
                raise SourceError(unreadable(text, "no-table"))
            if location.startswith("///"):
                path = location[3:]
            elif location.startswith("/") and not location.startswith("//"):
                path = location[1:] if Path(location[1:]).exists() else location
            else:
                path = location.lstrip("/")
            return Source("duckdb", path, table)
        suffix = Path(text).suffix.lower()
        if suffix in (".parquet", ".csv"):
            return Source(suffix[1:], text)
        raise SourceError(unreadable(text, "not-a-source"))


def unreadable(source: str, why: str, advice: str = "source", **args: object) -> Diagnostic:
    """S606 for ``source``: why (a ``source.*`` entry of the catalogue's SQL words) and what to do."""
    what, hint = messages.sql_words(f"source.{why}", **args), messages.sql_words(f"advice.{advice}")
    return messages.make("S606", None, source=source, what=what.en, what_zh=what.zh, advice=hint.en, advice_zh=hint.zh)


def _duckdb_error(source: Source | str, error: duckdb.Error) -> Diagnostic:
    """S606 for a DuckDB error: said in words of the catalogue, DuckDB's own first line quoted."""
    path = source if isinstance(source, str) else source.path
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    if isinstance(source, Source) and source.kind == "csv":
        line = mixed_line_end(Path(source.path))
        if line is not None:
            return unreadable(path, "mixed-line-ends", "line-ends", line=line)
        if "sniffing" in detail:
            return unreadable(path, "csv-layout", detail=detail)
    return unreadable(path, "duckdb", detail=detail)


def mixed_line_end(path: Path) -> int | None:
    """The number of the first line whose end differs from the first line's (CRLF against LF), if any.

    Read in blocks, only after DuckDB has turned the file down: its strict reader cannot read such a file,
    and its lenient mode (``strict_mode = false``) reads a lone CR or a ragged row into a wrong cell
    rather than refusing it, so the file is refused with this reason instead.  A line end inside a quoted
    cell counts too: it is what DuckDB's sniffer sees."""
    first: bytes | None = None
    line = 1
    previous = b""
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                text = previous + block
                start = 0
                while (end := text.find(b"\n", start)) >= 0:
                    kind = b"\r\n" if end > 0 and text[end - 1 : end] == b"\r" else b"\n"
                    if first is None:
                        first = kind
                    elif kind != first:
                        return line
                    line += 1
                    start = end + 1
                previous = text[start:][-1:]  # a CR just before the block's end belongs to the next line end
    except OSError:
        return None
    return None


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    if threads is not None:
        connection.execute(f"SET threads = {int(threads)}")
    return connection


HeaderNames = Callable[[list[str]], list[str]]  # a CSV header row's cells → the column names its reader gives


def attach(connection: duckdb.DuckDBPyConnection, source: Source, view: str, header: HeaderNames | None = None) -> None:
    """Make ``source`` readable as the view ``view``.  A CSV file's columns are named as ``header`` names its
    header row's cells (the Python reader's names: a fact's label read as the fact, ``cli/sql_engine.py``;
    it may raise :class:`SourceError`), else each cell stripped of the whitespace around it."""
    quoted = DUCKDB.quote(view)
    path = DUCKDB.text(source.path)
    try:
        if source.kind == "parquet":
            connection.execute(f"CREATE OR REPLACE TEMP VIEW {quoted} AS SELECT * FROM read_parquet({path})")
        elif source.kind == "csv":
            # The Python CSV reader's dialect, not a sniffed one: commas, double quotes doubled to escape.
            connection.execute(f"CREATE OR REPLACE TEMP VIEW {quoted} AS SELECT * FROM {_csv_cells(path)}")
            _name_header(connection, source, quoted, path, header)
        else:
            connection.execute(f"ATTACH {path} AS rubric_source (READ_ONLY)")
            table = DUCKDB.quote(source.table or "")
            connection.execute(f"CREATE OR REPLACE TEMP VIEW {quoted} AS SELECT * FROM rubric_source.{table}")
        connection.execute(f"SELECT * FROM {quoted} LIMIT 0")
    except duckdb.Error as error:
        raise SourceError(_duckdb_error(source, error)) from None


def _csv_cells(path: str, *, header: bool = True) -> str:
    """read_csv of every cell as text, in the Python CSV reader's dialect rather than a sniffed one: commas,
    double quotes, a quote doubled to escape it."""
    return f"read_csv({path}, all_varchar = true, header = {str(header).lower()}, delim = ',', quote = '\"', escape = '\"')"


def _name_header(
    connection: duckdb.DuckDBPyConnection, source: Source, view: str, path: str, header: HeaderNames | None
) -> None:
    """The view's columns named as the Python CSV reader names them: each header cell without the whitespace
    around it (``"\tdue"`` is the fact ``due``; DuckDB trims spaces only), and with ``header`` a fact's label as
    the fact.  Two cells that name one column are refused, naming both (DuckDB would rename the second
    ``due_1``, where the Python reader merges them); the generated query is the same whatever the header says."""
    names = [str(row[0]) for row in connection.execute(f"DESCRIBE SELECT * FROM {view}").fetchall()]
    first = connection.execute(f"SELECT * FROM {_csv_cells(path, header=False)} LIMIT 1").fetchall()
    raw = [*(first[0] if first else ()), *([None] * len(names))][: len(names)]
    cells = ["" if cell is None else str(cell) for cell in raw]
    read = header(cells) if header is not None else [cell.strip() for cell in cells]
    written = [name if not cell.strip() else given for name, cell, given in zip(names, cells, read, strict=True)]
    seen: dict[str, int] = {}
    for place, name in enumerate(written, start=1):
        if name in seen:
            one, other = cells[seen[name] - 1].strip(), cells[place - 1].strip()
            why = "duplicate-header" if one == other else "duplicate-fact-header"
            raise SourceError(
                unreadable(source.path, why, "header", first=seen[name], second=place, name=name, one=one, other=other)
            )
        seen[name] = place
    if written != names:
        aliases = ", ".join(
            f"{DUCKDB.quote(old)} AS {DUCKDB.quote(new)}" for old, new in zip(names, written, strict=True)
        )
        connection.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {aliases} FROM {_csv_cells(path)}")


def check_columns(connection: duckdb.DuckDBPyConnection, query: Query, view: str) -> Query:
    """Every fact column and the key exist, each fact's column type holds it exactly, and ``not_applicable`` is
    a text or a list of texts (S632); returns the query for these columns (:meth:`Query.for_columns`: a column
    of the natural type is read without conversion, the other columns are read as :mod:`.columns` says)."""
    described = connection.execute(f"DESCRIBE SELECT * FROM {DUCKDB.quote(view)}").fetchall()
    types = {str(row[0]): str(row[1]) for row in described}
    for column in (query.key, *(fact.name for fact in query.facts)):
        if column not in types:
            raise SourceError(messages.make("S605", None, subject=column, table=view, column=column))
    marks = types.get(NOT_APPLICABLE_KEY)
    if marks is not None and not readable_marks(marks):
        raise SourceError(
            messages.make("S632", None, subject=NOT_APPLICABLE_KEY, column=NOT_APPLICABLE_KEY, found=marks)
        )
    if query.text_input:
        return query.for_columns(types)
    for fact in query.facts:
        found = types[fact.name]
        if fact.kind == "list":
            _check_list_column(connection, view, fact, found)
            continue
        if not fits(fact.kind, found):
            expected = COLUMN_TYPES[fact.kind].sql
            raise SourceError(
                messages.make(
                    "S604",
                    None,
                    subject=fact.name,
                    column=fact.name,
                    name=fact.name,
                    kind=fact.kind,
                    found=found,
                    expected=expected,
                )
            )
    return query.for_columns(types)


def _check_list_column(connection: duckdb.DuckDBPyConnection, view: str, fact: Any, found: str) -> None:
    """A list fact's column is a list of structs with every declared field, each of a type that holds it
    exactly (S604, naming ``list.field``), and no other field but ``$`` notes (an undeclared key is F453 in
    Python for every item that has it, which a struct field every item has cannot say): else S630."""
    column = DUCKDB.quote(fact.name)
    fields = ", ".join(f"{field.name} {COLUMN_TYPES[field.kind].sql}" for field in fact.fields)
    expected = f"STRUCT({fields})[]"

    def refuse(detail: str, detail_zh: str) -> SourceError:
        return SourceError(
            messages.make(
                "S630",
                None,
                subject=fact.name,
                column=fact.name,
                found=found,
                expected=expected,
                detail=detail,
                detail_zh=detail_zh,
            )
        )

    if not found.endswith("[]"):
        raise refuse("it is not a list", "它不是列表")
    element = connection.execute(f"DESCRIBE SELECT unnest({column}) AS __x FROM {DUCKDB.quote(view)}").fetchall()
    if not str(element[0][1]).startswith("STRUCT("):
        raise refuse("its items are not structs", "其元素不是结构体")
    described = connection.execute(
        f"DESCRIBE SELECT unnest(__x) FROM (SELECT unnest({column}) AS __x FROM {DUCKDB.quote(view)})"
    ).fetchall()
    have = {str(row[0]): str(row[1]) for row in described}
    for field in fact.fields:
        if field.name not in have:
            raise refuse(f"it has no field `{field.name}`", f"它没有字段 `{field.name}`")
        if not fits(field.kind, have[field.name]):
            name = f"{fact.name}.{field.name}"
            expected_field = COLUMN_TYPES[field.kind].sql
            raise SourceError(
                messages.make(
                    "S604",
                    None,
                    subject=fact.name,
                    column=name,
                    name=name,
                    kind=field.kind,
                    found=have[field.name],
                    expected=expected_field,
                )
            )
    declared = {field.name for field in fact.fields}
    for name in have:
        if name not in declared and not name.startswith("$"):
            raise refuse(
                f"it has the field `{name}`, which the list does not declare", f"它有列表未声明的字段 `{name}`"
            )


def score_relation(connection: duckdb.DuckDBPyConnection, query: Query, view: str) -> duckdb.DuckDBPyRelation:
    return connection.sql(check_columns(connection, query, view).sql)


class RowSheet(Protocol):
    """A writer that takes the scored rows as Python values, a row at a time (a workbook:
    :class:`rubricdsl.outputs.xlsx_stream.SummaryStream`): the query columns it reads, in order (``complete``
    among them), the most rows it holds, and how it writes them to a file."""

    @property
    def columns(self) -> tuple[str, ...]: ...

    @property
    def limit(self) -> int: ...

    def write(self, path: str, rows: Iterable[tuple[Any, ...]]) -> None: ...


class TooManyRows(Exception):
    """The table has more rows than the output holds (``rows`` against ``limit``); nothing was written."""

    def __init__(self, rows: int, limit: int) -> None:
        super().__init__(f"{rows} rows, more than the output holds ({limit})")
        self.rows = rows
        self.limit = limit


STREAMED_ROWS = 2048  # rows held as Python values at once while a sheet is written


def score_to_file(
    connection: duckdb.DuckDBPyConnection, query: Query, view: str, output: Path, sheet: RowSheet | None = None
) -> tuple[int, int]:
    """Score into ``output`` (.parquet, .csv, or with ``sheet`` .xlsx), atomically, as every file rubricdsl
    writes (:func:`rubricdsl.outputs.atomic.save_atomically`): the file is written as a temporary beside it,
    which is counted, synced and renamed over it; a failure, SIGTERM or Ctrl-C leaves the old file whole and
    no temporary behind.  Parquet and CSV are written by DuckDB itself; a ``sheet`` is given the rows streamed
    from DuckDB in Arrow batches of :data:`STREAMED_ROWS`, after the table's rows are counted: more than
    ``sheet.limit`` raises :class:`TooManyRows` before anything is written.

    Returns (rows, incomplete rows)."""
    query = check_columns(connection, query, view)
    suffix = output.suffix.lower()
    if sheet is not None:
        return _score_to_sheet(connection, query, view, output, sheet)
    if suffix not in (".parquet", ".csv"):
        raise ValueError(f"score_to_file writes .parquet or .csv (or .xlsx with a sheet), not {output}")
    options = "FORMAT parquet" if suffix == ".parquet" else "FORMAT csv, HEADER true"
    counted: list[tuple[int, int]] = []

    def write(temporary: str) -> None:
        try:
            connection.execute(f"COPY ({query.sql}) TO {DUCKDB.text(temporary)} ({options})")
        except duckdb.InvalidInputException as error:  # a CSV file DuckDB cannot parse, say
            raise SourceError(_duckdb_error(view, error)) from None
        written = DUCKDB.text(temporary)
        reader = f"read_parquet({written})" if suffix == ".parquet" else f"read_csv({written}, all_varchar = true)"
        complete = "complete" if suffix == ".parquet" else "complete = 'true'"
        row = connection.execute(f"SELECT count(*), count(*) FILTER (WHERE NOT {complete}) FROM {reader}").fetchone()
        assert row is not None
        counted.append((int(row[0]), int(row[1])))

    save_atomically(output, write)
    return counted[0]


def _score_to_sheet(
    connection: duckdb.DuckDBPyConnection, query: Query, view: str, output: Path, sheet: RowSheet
) -> tuple[int, int]:
    try:
        ((found,),) = connection.execute(f"SELECT count(*) FROM {DUCKDB.quote(view)}").fetchall()  # all: finished
    except duckdb.InvalidInputException as error:
        raise SourceError(_duckdb_error(view, error)) from None
    if int(found) > sheet.limit:
        raise TooManyRows(int(found), sheet.limit)
    columns = ", ".join(DUCKDB.quote(column) for column in sheet.columns)
    complete_at = sheet.columns.index("complete")
    counted = [0, 0]

    def rows() -> Iterator[tuple[Any, ...]]:
        relation = connection.sql(f"SELECT {columns} FROM ({query.sql}) AS scored")
        try:
            with relation.to_arrow_reader(STREAMED_ROWS) as reader:
                for batch in reader:
                    for row in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                        counted[0] += 1
                        if counted[0] > sheet.limit:  # the table grew since it was counted
                            raise TooManyRows(counted[0], sheet.limit)
                        counted[1] += not row[complete_at]
                        yield row
        except duckdb.InvalidInputException as error:  # a CSV file DuckDB cannot parse, say
            raise SourceError(_duckdb_error(view, error)) from None

    save_atomically(output, lambda temporary: sheet.write(temporary, rows()))
    return counted[0], counted[1]


def score_rows(query: Query, table: Any, view: str = "facts") -> Sequence[dict[str, Any]]:
    """Score an Arrow table (or anything DuckDB can register) in a fresh connection; rows as dicts."""
    connection = connect()
    connection.register(view, table)
    relation = score_relation(connection, query, view)
    names = relation.columns
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
