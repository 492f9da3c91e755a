"""A rubric's scoring IR as one SQL query that scores every row of a facts table.

The query is a chain of common table expressions, each adding columns to the row:

1. ``checked``: every fact read from its column (:mod:`.facts`), with its problem code (401 for F401 missing,
   403 a wrong value, 404 out of bounds, 405 a whole percent, 411 too large) and its value, NULL when absent
   or invalid — as :class:`rubricdsl.inputs.facts.FactSchema` reads a facts file; then ``facts_read``: each
   fact's error code and, for a number, its exact integer, once (a column of the natural type is read as it
   is when the query is made for the table's columns: :meth:`Query.for_columns`);
2. ``derived<k>``: each derived value's value and the code it fails with, in the first stage after those of
   the derived values it reads (independent values share one);
3. ``scored``: every indicator's raw value and error (an integer code; 1 = not applicable);
4. ``totals``: the arm columns, the sections' scores and applicable points, the vetoes;
5. ``rescaled``: the not-applicable rescale and the total, as exact rationals;
6. ``listed``: the problems, ``CODE:subject`` in declaration order, space-separated (read twice, built once);
7. in DuckDB, ``rounding0``/``rounding1``: the pieces of each rounded quotient out (:mod:`.select_list`);
8. the final select: the key, every indicator's score, ``total``, ``grade``, ``complete``, the arm columns
   (``<indicator>.<trace key>``) and ``problems``.

Scores and the total are returned as DECIMAL(38, scale) (DuckDB: DECIMAL(18, scale) where the bound allows):
the exact rational rounded once, half-even, at the declared ``scale`` (the rubric's own rounding is applied
first, exactly, where it declares one).  An indicator's hold to [0, points] is written only where neither the
generator's bounds nor the interval analysis (:mod:`.proofs`) prove it cannot fire; where no fact is optional
every indicator counts toward the applicable points, so the rescale is decided when the query is made.
Grades and vetoes read the exact values.  What cannot be expressed exactly is refused by name (:class:`Refusal`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from functools import partial

from rubricdsl.evaluate.sql import cells, codes, columns, dates, lists, texts
from rubricdsl.evaluate.sql.dialects import DUCKDB, Dialect
from rubricdsl.evaluate.sql.expressions import (
    NOT_APPLICABLE,
    Bool,
    Compiled,
    ExpressionCompiler,
    Items,
    Text,
    Value,
)
from rubricdsl.evaluate.sql.facts import FactReader
from rubricdsl.evaluate.sql.numbers import Arithmetic, Num
from rubricdsl.evaluate.sql.proofs import proved_guards
from rubricdsl.evaluate.sql.query import Query
from rubricdsl.evaluate.sql.stages import Refusal, Stage, node_words
from rubricdsl.evaluate.sql.totals import Totals
from rubricdsl.evaluate.sql.traces import arm_columns
from rubricdsl.ir import nodes as ir

DEFAULT_SCALE = 10
RESERVED_PREFIX = "__"  # the query's own columns' names begin with it
_RESERVED_FACT = {"what": "fact", "what_zh": "事实", "fix": "rename the fact", "fix_zh": "请为该事实改名"}
_RESERVED_KEY = {
    "what": "key column",
    "what_zh": "键列",
    "fix": "pass another --key",
    "fix_zh": "请用 --key 指定其他键列",
}


class Generator(Totals):
    def __init__(
        self,
        program: ir.Program,
        *,
        dialect: Dialect = DUCKDB,
        table: str = "facts",
        key: str = "id",
        scale: int = DEFAULT_SCALE,
        text_input: bool = False,
        natural: frozenset[str] = frozenset(),
        unknown: tuple[str, ...] = (),
        marks: str | None = None,
    ) -> None:
        super().__init__()
        self.program = program
        self.natural = frozenset() if text_input else natural
        self.sql = dialect
        self.math = Arithmetic(dialect)
        self.table = table
        self.key = key
        rounding = [program.indicator_rounding[0]] if program.indicator_rounding else []
        self.scale = max([scale, *rounding])
        self.text_input = text_input
        # The table's other columns (.columns), seen by the runner; DuckDB only, as the runner is.
        self.unknown = unknown
        self.marks = marks
        self.env: dict[str, Compiled] = {}

    # ---- the whole query ---------------------------------------------------------------------------------
    def generate(self) -> Query:
        program = self.program
        # The stages read the table with `SELECT *` beside their own `__`-named columns (`__f0`, `__p0`): a
        # fact or key column of such a name would be ambiguous, and DuckDB reads the table's — a wrong score.
        for item in program.inputs:
            if item.kind == "list" and self.text_input:  # a CSV cell's list is JSON text, not read yet
                self._refuse("S614", item.span, name=item.name, where=item.name)
            if item.name.startswith(RESERVED_PREFIX):
                self._refuse("S619", item.span, name=item.name, where=item.name, **_RESERVED_FACT)
        if self.key.startswith(RESERVED_PREFIX):
            self._refuse("S619", None, name=self.key, **_RESERVED_KEY)
        self.failures = codes.FailureCodes(program)
        # The sources of "not applicable": an optional fact left out, an indicator marked in not_applicable.
        self._optional = any(fact.optional for fact in program.inputs) or self.marks is not None
        self.proved = proved_guards(program)
        self._facts()
        self._levels: dict[str, int] = {}  # a derived value's stage, by its name
        self._derived_stages: list[Stage] = []
        for position, derived in enumerate(program.derived):
            self._derived(position, derived)
        indicators = self._indicators()
        self._totals(indicators)
        final = self._final(indicators)
        ctes = ",\n".join(
            f"{stage.name} {self.sql.cte} (\n  SELECT *"
            + "".join(f",\n    {column}" for column in stage.columns)  # none: a rubric with no facts
            + f"\n  FROM {previous}\n)"
            for stage, previous in zip(self.stages, [self._source(), *(s.name for s in self.stages)], strict=False)
        )
        sql = f"WITH {ctes}\n{final}"
        return Query(
            sql,
            self.key,
            tuple(indicator.id for indicator in program.indicators),
            tuple(self._trace_names),
            program.inputs,
            self.scale,
            self.sql.name,
            self.text_input,
            self.table,
            self.natural,
            self.unknown,
            self.marks,
            frozenset(self._boolean_traces),
            program,
        )

    def _source(self) -> str:
        table = self.table
        if self.unknown or self.marks is not None:  # the table's other columns, as flags (.columns)
            names = (fact.name for fact in self.program.inputs)
            table = columns.projected(
                self.sql, table, self.key, names, self.unknown, self.marks, text_input=self.text_input
            )
        if self.text_input:  # a CSV file's blank cells are absent facts, as the Python CSV reader has them
            blank = texts.blank_cells(self.sql, table, self.program.inputs)
            return cells.number_cells(blank, self.program.inputs, self.sql.quote)
        return table

    # ---- 1. facts ----------------------------------------------------------------------------------------
    def _facts(self) -> None:
        # A list's NULL items and bad fields counted first, in a stage of their own: its problem code, its
        # value and its problems' text each read them (see .lists).
        list_stage = self._stage("list_items") if any(f.kind == "list" for f in self.program.inputs) else None
        self._list_problems: dict[int, Callable[[str, str], str]] = {}
        stage = self._stage("checked")
        if self.marks is not None:
            stage.columns.append(f"{columns.marked_ids(self.sql, self.marks)} AS {columns.MARKED}")
        # Each fact's error code and numeric value (the exact integer) once, as columns: inlined, each would be
        # recomputed at every use, and turning a DECIMAL into an integer is not free.
        read_once = self._stage("facts_read")
        sql = self.sql
        reader = FactReader(sql, text_input=self.text_input, natural=self.natural)
        for position, fact in enumerate(self.program.inputs):
            column = sql.quote(fact.name)
            if fact.kind == "list":
                assert list_stage is not None
                read_list = partial(lists.read_list, sql, fact, column, f"__l{position}")
                listed = self._guarded(fact.name, fact.span, read_list)
                list_stage.columns += listed.counts
                self._list_problems[position] = listed.listed
                (value_sql, problem_sql), number, checked = (listed.value, listed.problem), None, True
            elif fact.kind == "date":  # a day number: see .dates
                read_date = partial(dates.read_fact, sql, fact, column, text_input=self.text_input)
                (value_sql, problem_sql), number, checked = self._guarded(fact.name, fact.span, read_date), None, True
            elif fact.kind == "text":
                read_text = partial(texts.read_fact, sql, fact, column)
                (value_sql, problem_sql), number, checked = self._guarded(fact.name, fact.span, read_text), None, True
            else:
                value_sql, problem_sql, number, checked = self._guarded(
                    fact.name, fact.span, partial(reader.read, fact, column)
                )
            value_col, problem_col = f"__f{position}", f"__p{position}"
            stage.columns += [f"{value_sql} AS {value_col}", f"{problem_sql} AS {problem_col}"]
            missing = NOT_APPLICABLE if fact.optional else 301
            invalid = f"{problem_col} IS NOT NULL AND {problem_col} <> 401"  # given but wrong: E303
            error = f"__e{position}"
            absent = f"(CASE WHEN {invalid} THEN 303 ELSE {missing} END)" if checked else str(missing)
            read_once.columns.append(f"(CASE WHEN {value_col} IS NULL THEN {absent} END) AS {error}")
            read: Value
            if fact.kind == "list":
                read = Items(value_col, fact)
            elif fact.kind == "bool":
                read = Bool(value_col)
            elif fact.kind in ("enum", "text"):
                read = Text(value_col)
            elif fact.kind == "date":
                read = dates.day(self.math, value_col)
            else:
                assert number is not None
                scaled = self._guarded(fact.name, fact.span, partial(self._scaled_fact, fact, value_col, number))
                assert scaled.d is None
                read_once.columns.append(f"{scaled.n} AS __s{position}")
                read = replace(scaled, n=f"__s{position}")
            self.env[fact.name] = (read, error)

    def _scaled_fact(self, fact: ir.Input, value_col: str, column_type: tuple[int, int]) -> Num:
        scale, bound = column_type
        return self.math.mul(self.math.column(value_col, scale, bound), self.math.const(Fraction(fact.unit_scale)))

    # ---- 2. derived values -------------------------------------------------------------------------------
    def _derived(self, position: int, derived: ir.Derived) -> None:
        compiler = ExpressionCompiler(self.math, self.env, self.failures, self.proved)
        (value, error), _ = self._guarded(derived.name, derived.span, lambda: compiler.unit(derived.expr))
        # In the first stage after those of the derived values it reads: one stage per level of dependence,
        # not per value (each stage is a projection of every column DuckDB plans and runs through).
        level = 1 + max((self._levels.get(name, -1) for name in _refs(derived.expr)), default=-1)
        self._levels[derived.name] = level
        while len(self._derived_stages) <= level:
            self._derived_stages.append(self._stage(f"derived{len(self._derived_stages)}"))
        stage = self._derived_stages[level]
        prefix = f"__d{position}"
        stage.columns.append(f"{error or 'CAST(NULL AS INTEGER)'} AS {prefix}_e")
        self.env[derived.name] = (self._materialise(stage, prefix, value, derived), f"{prefix}_e")

    # ---- 3. indicators -------------------------------------------------------------------------------------
    def _indicators(self) -> dict[int, tuple[Num, str, list[tuple[str, str]]]]:
        stage = self._stage("scored")
        found: dict[int, tuple[Num, str, list[tuple[str, str]]]] = {}
        self._trace_names: list[str] = []
        self._boolean_traces: list[str] = []
        self._arm_columns: list[str] = []
        for indicator in self.program.indicators:
            compiler = ExpressionCompiler(self.math, self.env, self.failures, self.proved)
            where = indicator.id
            (value, error), unit = self._guarded(where, indicator.span, partial(compiler.unit, indicator.body))
            prefix = f"__i{indicator.index}"
            error_col = f"{prefix}_e"
            error = error or "CAST(NULL AS INTEGER)"
            if self.marks is not None:  # marked: not evaluated, as the interpreter skips it
                error = f"(CASE WHEN {columns.marked(self.sql, indicator.id)} THEN {NOT_APPLICABLE} ELSE {error} END)"
            stage.columns.append(f"{error} AS {error_col}")
            number = self._materialise(stage, prefix, value, indicator)
            if not isinstance(number, Num):
                self._refuse("S601", indicator.span, **node_words("score-not-number"), where=where)
            arms = []
            for position, (path, arm_sql, boolean) in enumerate(arm_columns(unit.traces, error_col)):
                column = f"{prefix}_a{position}"
                # In the next stage: it reads the error column, and only DuckDB reads a column of the same select.
                self._arm_columns.append(f"{arm_sql} AS {column}")
                arms.append((f"{indicator.id}.{path}", column))
                self._trace_names.append(f"{indicator.id}.{path}")
                if boolean:
                    self._boolean_traces.append(f"{indicator.id}.{path}")
            found[indicator.index] = (number, error_col, arms)
        return found


def generate(
    program: ir.Program,
    *,
    dialect: Dialect = DUCKDB,
    table: str = "facts",
    key: str = "id",
    scale: int = DEFAULT_SCALE,
    text_input: bool = False,
) -> Query:
    """The query scoring ``program`` (see :class:`Generator`); raises :class:`Refusal`."""
    return Generator(program, dialect=dialect, table=table, key=key, scale=scale, text_input=text_input).generate()


def _refs(node: ir.Expr) -> set[str]:
    """The names ``node`` reads (facts and derived values)."""
    found: set[str] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, ir.Ref):
            found.add(current.name)
        pending.extend(ir.children_of(current) or ())  # a node it does not know is refused before
    return found


__all__ = ["DEFAULT_SCALE", "Generator", "Query", "Refusal", "generate"]  # Refusal lives in .stages
