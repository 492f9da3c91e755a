"""A generated query (:mod:`.generator`) and the names of what it returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rubricdsl.evaluate.sql.columns import marks_kind, unknown_columns
from rubricdsl.evaluate.sql.dialects import DUCKDB
from rubricdsl.evaluate.sql.types import is_natural
from rubricdsl.ir import nodes as ir


@dataclass(frozen=True, slots=True)
class Query:
    """The generated query and the names of what it returns."""

    sql: str
    key: str
    indicators: tuple[str, ...]  # score columns, by indicator id
    trace_columns: tuple[str, ...]  # "<indicator>.<path>"
    facts: tuple[ir.Input, ...]
    scale: int
    dialect: str
    text_input: bool
    table: str = "facts"
    natural: frozenset[str] = frozenset()  # facts read as their columns are (see `for_columns`)
    unknown: tuple[str, ...] = ()  # the table's columns that are neither facts nor reserved (F402/F412)
    marks: str | None = None  # how the table's not_applicable column is read (.columns), None: it has none
    boolean_traces: frozenset[str] = frozenset()  # trace columns of two outcomes: BOOLEAN, TRUE: the arm taken
    program: ir.Program | None = field(default=None, compare=False, repr=False)

    def for_columns(self, types: Mapping[str, str]) -> Query:
        """This query for a table whose columns have ``types`` (as DuckDB names them, in table order): a fact
        whose column already has the natural type is read as it is, without a conversion or a too-large check
        (F411); a column that is not a fact is reported where a row gives it (F402), and ``not_applicable``
        marks indicators not applicable, as the Python engine reads a facts file's keys (:mod:`.columns`)."""
        if self.program is None or self.dialect != DUCKDB.name:
            return self
        natural = (
            frozenset()
            if self.text_input
            else frozenset(fact.name for fact in self.facts if is_natural(fact.kind, types.get(fact.name, "")))
        )
        unknown = unknown_columns(types, (fact.name for fact in self.facts), self.key)
        marks = marks_kind(types)
        if (natural, unknown, marks) == (self.natural, self.unknown, self.marks):
            return self
        from rubricdsl.evaluate.sql.generator import Generator  # it makes queries: imported when one is

        return Generator(
            self.program,
            table=self.table,
            key=self.key,
            scale=self.scale,
            text_input=self.text_input,
            natural=natural,
            unknown=unknown,
            marks=marks,
        ).generate()
