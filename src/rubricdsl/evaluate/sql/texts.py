"""Text facts in SQL: a VARCHAR (TEXT, STRING) column read as the facts layer reads a text fact.

The facts layer takes any string as it is, with no trimming or normalisation (``inputs/facts.py``), and a
rubric can only compare a text with a quoted text by ``==``/``!=``: so the column's value is the value, a
NULL is missing (F401, or the default, or nothing when optional), and a comparison is the engines' ``=`` on
strings, which in all three dialects is exact code-point equality (byte equality of UTF-8; DuckDB, PostgreSQL's
deterministic collations and Spark's default UTF8_BINARY collation compare bytes), as Python's ``==`` is.
A CSV cell is that text as written.  The Python CSV reader (``inputs/records.py``) leaves out a cell that is
empty or only whitespace (``cell.strip()``), of any fact: :func:`blank_cells` makes such a cell NULL before any
fact is read, with Python's whitespace spelled out (DuckDB reads an empty cell as NULL, but keeps ``" "``).
"""

from __future__ import annotations

from rubricdsl.evaluate.sql.dates import unicode_classes
from rubricdsl.evaluate.sql.dialects import Dialect
from rubricdsl.evaluate.sql.expressions import Unsupported
from rubricdsl.ir import nodes as ir


def read_fact(dialect: Dialect, fact: ir.Input, column: str) -> tuple[str, str]:
    """(the text or NULL, the problem code or NULL) of a text fact's column."""
    if fact.default is not None and not isinstance(fact.default, str):
        raise Unsupported("text-default", value=repr(fact.default), name=fact.name)
    default = None if fact.default is None else dialect.text(fact.default)
    missing_code = "NULL" if fact.optional or default is not None else "401"
    # Typed: with no code but NULL, PostgreSQL would take the CASE for a text.
    problem = f"CAST((CASE WHEN {column} IS NULL THEN {missing_code} END) AS INTEGER)"
    value = column if default is None else f"COALESCE({column}, {default})"
    return value, problem


def is_blank(cell: str) -> str:
    """SQL (DuckDB): the text ``cell`` is only whitespace (what ``str.strip`` removes); NULL for NULL."""
    space = unicode_classes()[1]  # Python's whitespace as an RE2 class
    # A regular expression rather than trim(cell, <two dozen characters>): RE2 gives up at the first
    # character that is not whitespace, where that trim made the whole query three times slower.
    return f"regexp_full_match({cell}, '{space}*')"


def blank_cells(dialect: Dialect, table: str, facts: tuple[ir.Input, ...]) -> str:
    """SQL (DuckDB, a CSV file's text cells): ``table`` with every fact's cell that is only whitespace (what
    ``str.strip`` removes) as NULL, as the Python CSV reader leaves it out."""
    replaced = ", ".join(
        f"(CASE WHEN {is_blank(column)} THEN NULL ELSE {column} END) AS {column}"
        for column in (dialect.quote(fact.name) for fact in facts)
    )
    if not replaced:
        return table
    return f"(SELECT * REPLACE ({replaced}) FROM {table}) AS cells"
