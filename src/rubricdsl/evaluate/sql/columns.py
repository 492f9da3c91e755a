"""A facts table's columns that are not facts, read as the facts layer reads the keys of a facts file.

The Python engine reports every key it does not know (``inputs/facts.py``): ``F402`` for each of the first
:data:`~rubricdsl.inputs.fact_specs.MAX_UNKNOWN_KEYS_REPORTED`, one ``F412`` counting the rest; the row is then
not complete.  It takes ``not_applicable`` as the ids of indicators that do not apply to the project (each
one skipped, not evaluated, and left out of the applicable points), and reports an id the rubric has no
indicator for as ``F408``.  ``id``, the key column and ``$``-prefixed columns (``$id``, ``$notes``) are not
facts and not reported.

A table has every column in every row, so a column *says* something in a row where its cell is given: not
NULL, and in a CSV file's text not blank (the Python CSV reader leaves a blank cell out, ``cell.strip()``).
``not_applicable`` is a list of texts, or a text with the ids separated as a CSV cell separates them
(``a；b、c``, ``inputs/records.py``); its NULL items and empty pieces mark nothing.

The generator writes these only when the runner has seen the table (:meth:`.query.Query.for_columns`): the
query ``rubric sql`` prints is for a table of the facts' columns, and is the same whatever else it holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rubricdsl.evaluate.sql import cells, texts
from rubricdsl.evaluate.sql.codes import word
from rubricdsl.evaluate.sql.dialects import Dialect
from rubricdsl.inputs.fact_specs import ID_KEY, MAX_UNKNOWN_KEYS_REPORTED, NOT_APPLICABLE_KEY
from rubricdsl.inputs.records import NOT_APPLICABLE_SEPARATORS

MARKS_TEXT, MARKS_LIST = "text", "list"  # how the not_applicable column is read
MARKED = "__na"  # the column of a row's not-applicable ids
UNKNOWN = "__u"  # + n: the row gives the n-th unknown column


def unknown_columns(names: Iterable[str], facts: Iterable[str], key: str) -> tuple[str, ...]:
    """The columns of ``names`` (in table order) that are neither a fact nor reserved."""
    known = {*facts, key, ID_KEY, NOT_APPLICABLE_KEY}
    return tuple(name for name in names if name not in known and not name.startswith("$"))


def marks_kind(types: Mapping[str, str]) -> str | None:
    """How the table's ``not_applicable`` column is read (None: the table has none); the runner refuses any
    type but a text or a list of texts before this is asked (S632)."""
    found = types.get(NOT_APPLICABLE_KEY)
    if found is None:
        return None
    return MARKS_LIST if found.endswith("[]") else MARKS_TEXT


def readable_marks(found: str) -> bool:
    return found in ("VARCHAR", "VARCHAR[]")


def given(sql: Dialect, column: str, *, text_input: bool) -> str:
    """SQL: the cell of ``column`` says something (not NULL; in CSV text, not only white space)."""
    if not text_input:
        return f"({column} IS NOT NULL)"
    return f"({column} IS NOT NULL AND NOT {texts.is_blank(column)})"  # as texts.blank_cells reads a cell


def projected(
    sql: Dialect,
    table: str,
    key: str,
    facts: Iterable[str],
    unknown: tuple[str, ...],
    marks: str | None,
    *,
    text_input: bool,
) -> str:
    """SQL: ``table`` as the key, the facts' columns, ``not_applicable`` and, per unknown column, whether the
    row gives it (``__u<n>``, 1 or 0) — and nothing else: the stages' ``SELECT *`` then never meets a column
    of the table named as one of the query's own (``__p0``, ``__na``), which would be ambiguous."""
    kept = [sql.quote(name) for name in dict.fromkeys((key, *facts))]
    if marks is not None:
        kept.append(sql.quote(NOT_APPLICABLE_KEY))
    for position, column in enumerate(unknown):
        test = given(sql, sql.quote(column), text_input=text_input)
        kept.append(f"(CASE WHEN {test} THEN 1 ELSE 0 END) AS {UNKNOWN}{position}")
    return f"(SELECT {', '.join(kept)} FROM {table}) AS projected"


def unknown_problems(sql: Dialect, columns: tuple[str, ...]) -> list[str]:
    """The problems list's parts for the unknown columns (flagged by :func:`projected`): ``F402:<column>`` for
    each given cell, up to MAX_UNKNOWN_KEYS_REPORTED of them in table order, and ``F412`` when a row gives more."""
    cap = MAX_UNKNOWN_KEYS_REPORTED
    flags = [f"{UNKNOWN}{position}" for position in range(len(columns))]
    parts = []
    for position, column in enumerate(columns):
        test = f"{flags[position]} = 1"
        if position >= cap:  # reported only while fewer than `cap` columns before it were
            test = f"({test} AND {' + '.join(flags[:position])} < {cap})"
        parts.append(f"(CASE WHEN {test} THEN {sql.text('F402:' + word(column))} END)")
    if len(columns) > cap:
        parts.append(f"(CASE WHEN {' + '.join(flags)} > {cap} THEN 'F412' END)")
    return parts


def marked_ids(sql: Dialect, kind: str) -> str:
    """SQL (DuckDB): the row's not-applicable ids as a list of texts, empty where the cell is NULL."""
    column = sql.quote(NOT_APPLICABLE_KEY)
    if kind == MARKS_LIST:
        return f"list_filter(COALESCE({column}, []), lambda __x: __x IS NOT NULL)"
    pieces = f"regexp_split_to_array(COALESCE({column}, ''), '{NOT_APPLICABLE_SEPARATORS.pattern}')"
    stripped = cells.stripped("__x")  # Python's part.strip()
    return f"list_filter(list_transform({pieces}, lambda __x: {stripped}), lambda __x: __x <> '')"


def marked(sql: Dialect, indicator: str) -> str:
    """SQL: the row marks ``indicator`` not applicable."""
    return f"list_contains({MARKED}, {sql.text(indicator)})"


def unknown_ids_problem(sql: Dialect, indicators: Iterable[str]) -> str:
    """SQL: ``F408:<id>`` for each marked id the rubric has no indicator for, in the cell's order; NULL for none."""
    known = "[" + ", ".join(sql.text(ident) for ident in indicators) + "]"
    unknown = f"list_filter({MARKED}, lambda __x: NOT list_contains({known}, __x))"
    spaced = "replace(replace(__x, ' ', '_'), '''', '')"  # as codes.word makes a subject one word
    return f"NULLIF(array_to_string(list_transform({unknown}, lambda __x: 'F408:' || {spaced}), ' '), '')"
