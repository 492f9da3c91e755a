"""``rubric eval --engine sql``: score a whole facts table in embedded DuckDB, Parquet/CSV/DuckDB → Parquet/CSV.

The facts are a .parquet or .csv file or ``duckdb:///path.db?table=T`` (a relative path, as SQLAlchemy reads
such URLs; ``duckdb:////abs/path.db`` for an absolute one).  The scores are written to a temporary file in
the output's directory and renamed over it, so a failed run never leaves half a file.  Exit 0 when every row
is complete, 1 when any is not (or the table cannot be read exactly), 2 when the rubric cannot be scored
exactly in SQL.
"""

from __future__ import annotations

import sys
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
    compiled: CompiledRubric, facts: Path | str, output: Path | None, key: str, language: str
) -> NoReturn:
    from rubricdsl.diagnostics.errors import RubricError
    from rubricdsl.evaluate.sql.build import compile_sql
    from rubricdsl.evaluate.sql.run import Source, SourceError, attach, connect, score_to_file
    from rubricdsl.render.diagnostics import render_all, render_text

    if output is None:
        raise fail_usage(messages.phrase("sql.needs-output", language))
    if output.suffix.lower() not in (".parquet", ".csv"):
        raise fail_usage(messages.phrase("sql.output-suffix", language, output=output))
    try:
        source = Source.parse(str(facts))
        query = compile_sql(compiled, table="facts", key=key, text_input=source.text_input)
        connection = connect()
        if sys.stderr.isatty():
            connection.execute("SET enable_progress_bar = true")
        attach(connection, source, "facts")
        rows, incomplete = score_to_file(connection, query, "facts", output)
    except RubricError as error:
        sys.stderr.write(render_all(error.diagnostics, error.source, language) + "\n")
        raise typer.Exit(USAGE) from None
    except SourceError as error:
        sys.stderr.write(render_text(error.diagnostic, None, language, file_name=str(facts)) + "\n")
        raise typer.Exit(USAGE if error.diagnostic.code == "S606" else INCOMPLETE) from None
    summary = messages.phrase("sql.scored", language, rows=rows, engine="duckdb", incomplete=incomplete, output=output)
    sys.stderr.write(summary + "\n")
    raise typer.Exit(INCOMPLETE if incomplete else OK)


class Engine(StrEnum):
    python = "python"
    sql = "sql"


EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help="python (default): the exact Python evaluator; sql: one query in embedded DuckDB over a whole "
        ".parquet, .csv or duckdb:///file.db?table=T table, written to -o scores.parquet|.csv.",
    ),
]
KeyOption = Annotated[str, typer.Option("--key", help="--engine sql: the table's key column, passed through.")]
