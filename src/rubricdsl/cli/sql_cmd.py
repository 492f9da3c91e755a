"""``rubric sql``: print the query that scores every row of a facts table with a rubric (see docs/sql.md)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import load_or_exit
from rubricdsl.cli.exit_codes import OK, USAGE


class SqlDialect(StrEnum):
    duckdb = "duckdb"
    postgres = "postgres"
    spark = "spark"


@app.command("sql")
def sql_command(
    rubric: Annotated[Path, typer.Argument(metavar="RUBRIC", help="The rubric file.")],
    dialect: Annotated[SqlDialect, typer.Option("--dialect", help="The SQL dialect of the query.")] = SqlDialect.duckdb,
    table: Annotated[str, typer.Option("--table", help="The facts table the query reads.")] = "facts",
    key: Annotated[str, typer.Option("--key", help="The table's key column, passed through to each row.")] = "id",
    scale: Annotated[
        int, typer.Option("--scale", min=0, max=20, help="Decimals of the score columns (rounded once, half-even).")
    ] = 10,
    lang: LangOption = None,
) -> None:
    """Print the SQL query scoring every row of TABLE with RUBRIC: the key, each indicator's score, total,
    grade, complete, the arm each indicator took and the problem codes (exit 2 if it cannot be exact)."""
    from rubricdsl.diagnostics.errors import RubricError
    from rubricdsl.evaluate.sql.build import compile_sql
    from rubricdsl.render.diagnostics import render_all

    language = resolve_lang(lang)
    compiled = load_or_exit(rubric, language)
    try:
        query = compile_sql(compiled, dialect=dialect.value, table=table, key=key, scale=scale)
    except RubricError as error:
        sys.stderr.write(render_all(error.diagnostics, error.source, language) + "\n")
        raise typer.Exit(USAGE) from None
    sys.stdout.write(query.sql + ";\n")
    raise typer.Exit(OK)
