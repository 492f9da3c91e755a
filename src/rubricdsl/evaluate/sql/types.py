"""The facts columns' SQL types: each fact kind's natural type, and which table column types fit it exactly.

| kind    | column type          | value in the query                                   |
|---------|----------------------|------------------------------------------------------|
| money   | DECIMAL(18,4)        | in the fact's declared unit (元 or 万元)             |
| percent | DECIMAL(10,8)        | a share: 0.96 is 96%                                 |
| number  | DECIMAL(18,6)        |                                                      |
| count   | BIGINT               | a whole number ≥ 0                                   |
| bool    | BOOLEAN              |                                                      |
| enum    | VARCHAR              | one of the declared levels                           |
| date    | DATE                 | its day number, ``date.toordinal()`` (:mod:`.dates`) |
| text    | VARCHAR              | as given (:mod:`.texts`)                             |

A column of an integer type or a DECIMAL with at most the kind's decimals is read exactly (a value too large
for the natural type is that row's F411); a float column, or a DECIMAL with more decimals, is refused before
scoring, naming the column, because reading it would round.  A CSV file's text cells are read as the
facts layer reads them (:mod:`.cells`).  The static bounds the generator proves
its integers by (:mod:`.generator`) come from these types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ColumnType:
    kind: str
    sql: str  # the natural type, as a table should declare it
    scale: int  # decimals held exactly (numbers)
    digits: int  # integer digits held (numbers)


COLUMN_TYPES = {
    "money": ColumnType("money", "DECIMAL(18,4)", 4, 14),
    "percent": ColumnType("percent", "DECIMAL(10,8)", 8, 2),
    "number": ColumnType("number", "DECIMAL(18,6)", 6, 12),
    "count": ColumnType("count", "BIGINT", 0, 18),
    "bool": ColumnType("bool", "BOOLEAN", 0, 0),
    "enum": ColumnType("enum", "VARCHAR", 0, 0),
    "date": ColumnType("date", "DATE", 0, 7),  # read as its day number (.dates): at most 3652059
    "text": ColumnType("text", "VARCHAR", 0, 0),  # as given (.texts)
}
_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")
_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")
_TEXT = ("VARCHAR", "TEXT", "STRING")


def fits(kind: str, column_type: str) -> bool:
    """Whether a table column of ``column_type`` (as DuckDB names it) holds a ``kind`` fact exactly.

    Integers and DECIMALs with at most the kind's decimals are read exactly; a value too large for the
    natural type is a row's problem (F411), not the column's."""
    found = column_type.upper().strip()
    if kind == "bool":
        return found == "BOOLEAN"
    if kind in ("enum", "text"):
        return found in _TEXT
    if kind == "date":  # a timestamp without a time zone is a date where it is at midnight (F460 elsewhere)
        return found in ("DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS")
    if found in _INTEGERS:
        return True
    match = _DECIMAL.fullmatch(found)
    return match is not None and int(match[2]) <= COLUMN_TYPES[kind].scale


_NARROW_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER")


def is_natural(kind: str, column_type: str) -> bool:
    """Whether a column of ``column_type`` holds only values the natural type of ``kind`` holds, so that it
    can be read with no conversion and no too-large check: the natural type itself, or (for a count) an
    integer type no wider than BIGINT."""
    found = column_type.upper().replace(" ", "")
    if kind == "count":
        return found in _NARROW_INTEGERS
    return kind in ("money", "percent", "number") and found == COLUMN_TYPES[kind].sql
