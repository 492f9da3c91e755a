"""``rubric eval --engine sql``: score a whole facts table in embedded DuckDB, Parquet/CSV/DuckDB → Parquet/CSV/XLSX.

The facts are a .parquet or .csv file or ``duckdb:///path.db?table=T`` (a relative path, as SQLAlchemy reads
such URLs; ``duckdb:////abs/path.db`` for an absolute one).  A workbook (.xlsx) is the Python path's 汇总 sheet,
streamed from DuckDB a batch at a time (:mod:`rubricdsl.outputs.xlsx_stream`); a table with more rows than a
sheet holds is refused before anything is written (exit 2).  The scores are written to a temporary file in
the output's directory and renamed over it, so a failed run never leaves half a file.  Exit 0 when every row
is complete, 1 when any is not (or the table cannot be read exactly), 2 when the rubric cannot be scored
exactly in SQL.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from rubricdsl.cli.common import fail_usage
from rubricdsl.cli.exit_codes import INCOMPLETE, OK, USAGE
from rubricdsl.diagnostics import messages

if TYPE_CHECKING:
    from rubricdsl.compiled import CompiledRubric


def run_sql_engine(
    compiled: CompiledRubric,
    facts: Path | str,
    output: Path | None,
    key: str,
    language: str,
    rubric: Path | None = None,
) -> NoReturn:
    from rubricdsl.cli.spreadsheet_eval import exit_missing_extra
    from rubricdsl.diagnostics.errors import RubricError
    from rubricdsl.evaluate.sql.build import compile_sql
    from rubricdsl.evaluate.sql.run import Source, SourceError, TooManyRows, attach, connect, score_to_file
    from rubricdsl.inputs.spreadsheet import MissingExtra
    from rubricdsl.outputs import OutputError, refuse_inputs
    from rubricdsl.render.diagnostics import render_all, render_text

    if output is None:
        raise fail_usage(messages.phrase("sql.needs-output", language))
    suffix = output.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise fail_usage(messages.phrase("sql.output-suffix", language, output=output))
    try:
        source = Source.parse(str(facts))
        refuse_inputs(output, [Path(source.path), *([rubric] if rubric is not None else [])])
        sheet = None
        if suffix == ".xlsx":
            from rubricdsl.outputs.xlsx_stream import SummaryStream

            sheet = SummaryStream(compiled, key)
        query = compile_sql(compiled, table="facts", key=key, text_input=source.text_input)
        connection = connect()
        if sys.stderr.isatty():
            connection.execute("SET enable_progress_bar = true")
        attach(connection, source, "facts", csv_header(compiled, key) if source.text_input else None)
        rows, incomplete = score_to_file(connection, query, "facts", output, sheet)
    except RubricError as error:
        sys.stderr.write(render_all(error.diagnostics, error.source, language) + "\n")
        raise typer.Exit(USAGE) from None
    except SourceError as error:
        sys.stderr.write(render_text(error.diagnostic, None, language, file_name=str(facts)) + "\n")
        raise typer.Exit(USAGE if error.diagnostic.code == "S606" else INCOMPLETE) from None
    except MissingExtra as error:
        exit_missing_extra(error, language)
    except TooManyRows as error:
        raise fail_usage(
            messages.phrase("xlsx.too-many-rows", language, output=output, rows=error.rows, limit=error.limit)
        ) from None
    except OutputError as error:
        raise fail_usage(error.text.in_lang(language)) from None
    summary = messages.phrase("sql.scored", language, rows=rows, engine="duckdb", incomplete=incomplete, output=output)
    sys.stderr.write(summary + "\n")
    raise typer.Exit(INCOMPLETE if incomplete else OK)


OUTPUT_SUFFIXES = (".parquet", ".csv", ".xlsx")


def csv_header(compiled: CompiledRubric, key: str) -> Callable[[list[str]], list[str]]:
    """A CSV header row's cells → the view's column names: those the Python reader gives them
    (:func:`rubricdsl.inputs.records.header_columns` with :func:`rubricdsl.cli.batch.header_names`: a fact's
    label, ``label（id）`` or a label with its unit is the fact), so the SQL engine reads the headers the Python
    engine reads and the query itself never changes.  An id header (项目名称, ``$id``) is the key column when
    the table has none named as the key.  A label several facts share names none of them: S631, naming them
    (Python reads such a column as an unknown key on every row)."""
    from rubricdsl.cli.batch import header_names
    from rubricdsl.evaluate.sql.run import SourceError
    from rubricdsl.inputs.records import header_columns
    from rubricdsl.inputs.sheet_headers import shared_label

    declared = frozenset(compiled.schema.specs)
    rename = header_names(compiled)

    def names(cells: list[str]) -> list[str]:
        columns = header_columns(cells, declared, rename)
        for place, (cell, column) in enumerate(zip(cells, columns, strict=True), start=1):
            facts = shared_label(column, compiled.schema) if column not in declared else ()
            if facts:
                listed = "、".join(f"`{fact}`" for fact in facts)
                raise SourceError(
                    messages.make(
                        "S631", None, subject=facts[0], column=place, header=cell.strip(), facts=listed, fact=facts[0]
                    )
                )
        if key not in columns and columns.count("$id") == 1:
            columns[columns.index("$id")] = key
        return columns

    return names


class Engine(StrEnum):
    python = "python"
    sql = "sql"


EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help="python (default): the exact Python evaluator; sql: one query in embedded DuckDB over a whole "
        ".parquet, .csv or duckdb:///file.db?table=T table, written to -o scores.parquet|.csv|.xlsx "
        "(.xlsx: the 汇总 sheet of the Python path, streamed; at most 1,048,572 projects).",
    ),
]
KeyOption = Annotated[str, typer.Option("--key", help="--engine sql: the table's key column, passed through.")]
