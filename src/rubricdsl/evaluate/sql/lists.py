"""List facts (``list of { … }``, issue 11) in SQL: a list read from a column of the engine's own list type,
checked as the facts layer checks one, and the aggregates over its items.

**The column.** DuckDB ``STRUCT(…)[]``, PostgreSQL an array of a composite type (``CREATE TYPE funds_item AS
(name TEXT, planned NUMERIC(18,4), …)``; the query reads the fields by name, never the type's name), Spark
``ARRAY<STRUCT<…>>``: each field of the natural type its kind has as a column (:mod:`.types`), so every value
is as exact as a scalar fact's.  (PostgreSQL's JSONB would hold exact numbers too, but a field would then have
to be checked as text, for its JSON type and its digits, in a way no other dialect shares.)

**Checking it** as :func:`rubricdsl.inputs.lists.validate_list` does: NULL is a missing list (F401, or not
applicable when optional); more than 10,000 items is F454 alone; else every NULL item is one F451 and every
field of every item read as a scalar fact of its kind (:class:`.facts.FactReader`, :mod:`.dates`,
:mod:`.texts`: its default applied, its bounds checked) is one F452 where it has a problem — so ``problems``
holds as many ``F451:funds``/``F452:funds`` as the Python result lists; a list with none breaking its count
bounds is F404.  A list with any problem has no value, and what reads it is not scored (E303).

**The aggregates** (:class:`~rubricdsl.ir.nodes.Over`) in the IR's order: ``count`` and ``sum`` evaluate every
item, ``all`` stops at the first item its condition fails for, ``any`` at the first it holds for, so the error
an aggregate stops with (a missing optional field, E301; a division by zero in a condition) is the first in
item order among the items evaluated.  A per-item expression is written over the item as a lambda parameter
(DuckDB ``list_transform``/``list_filter``, Spark ``transform``/``filter``/``aggregate``) or, in PostgreSQL,
as a correlated subquery over ``generate_subscripts``.  A ``sum`` adds exact integers over the field's static
denominator; a sum of quotients (a denominator read from the data, different per item) is refused (S601).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction

from rubricdsl.evaluate.sql.dialects import Dialect
from rubricdsl.evaluate.sql.expressions import Bool, Compiled, Items, Text, Unsupported, Value, first_error
from rubricdsl.evaluate.sql.facts import FactReader
from rubricdsl.evaluate.sql.numbers import Arithmetic, Num
from rubricdsl.inputs.lists import MAX_ITEMS
from rubricdsl.ir import nodes as ir

MISSING_FIELD = 301  # E301: an item without an optional field that has no default, read
DECIDED = -1  # in `all`/`any`: the item that decides the value (no error code is negative)

Body = Callable[[str], str]  # SQL over one item, from the SQL of the item


class ListSql:
    """How a dialect walks a list's items, in order."""

    def __init__(self, dialect: Dialect) -> None:
        self.sql = dialect
        self.name = dialect.name

    def _var(self, column: str) -> str:
        return f"({column}[__i])" if self.name == "postgres" else "__x"

    def field(self, item: str, name: str) -> str:
        if self.name == "duckdb":
            return f"struct_extract({item}, {self.sql.text(name)})"
        return f"{item}.{self.sql.quote(name)}"

    def item_is_null(self, item: str) -> str:
        # PostgreSQL's `row IS NULL` holds for a row whose every field is NULL (an item `{}`), not only NULL.
        return f"({item} IS NOT DISTINCT FROM NULL)" if self.name == "postgres" else f"({item} IS NULL)"

    def length(self, column: str) -> str:
        return {"duckdb": "len", "postgres": "cardinality", "spark": "size"}[self.name] + f"({column})"

    def _lambda(self, variable: str, body: str) -> str:
        return f"lambda {variable}: {body}" if self.name == "duckdb" else f"{variable} -> {body}"

    def count(self, column: str, condition: Body) -> str:
        """The number of items ``condition`` is TRUE for (an integer)."""
        test = condition(self._var(column))
        if self.name == "postgres":
            return f"(SELECT COUNT(*) FROM generate_subscripts({column}, 1) AS __i WHERE {test})"
        function = "len(list_filter" if self.name == "duckdb" else "size(filter"
        return f"{function}({column}, {self._lambda('__x', f'COALESCE({test}, FALSE)')}))"

    def total(self, column: str, term: Body, integer: str) -> str:
        """The sum of the integer ``term`` over the items (0 for none), in the exact integer type ``integer``."""
        value = term(self._var(column))
        if self.name == "postgres":
            return f"(SELECT COALESCE(SUM({value}), 0) FROM generate_subscripts({column}, 1) AS __i)"
        if self.name == "duckdb":
            return f"COALESCE(list_sum(list_transform({column}, {self._lambda('__x', value)})), 0)"
        step = f"CAST(__a + {value} AS {integer})"
        return f"aggregate({column}, CAST(0 AS {integer}), (__a, __x) -> {step})"

    def first(self, column: str, code: Body) -> str:
        """The first non-NULL ``code`` in item order, or NULL."""
        value = code(self._var(column))
        if self.name == "postgres":
            inner = f"SELECT __i, {value} AS __c FROM generate_subscripts({column}, 1) AS __i"
            return f"(SELECT __c FROM ({inner}) AS __s WHERE __c IS NOT NULL ORDER BY __i LIMIT 1)"
        if self.name == "duckdb":
            codes = f"list_transform({column}, {self._lambda('__x', value)})"
            return f"list_filter({codes}, {self._lambda('__c', '__c IS NOT NULL')})[1]"
        return f"get(filter(transform({column}, __x -> {value}), __c -> __c IS NOT NULL), 0)"


# ---- reading the column ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListRead:
    counts: list[str]  # SQL columns of the first stage: the NULL items, the bad fields (NULL past MAX_ITEMS)
    value: str  # the list, NULL when missing or invalid
    problem: str  # the integer problem code (401, 404, 452, 454) or NULL
    listed: Callable[[str, str], str]  # (the problem column, the subject's word) -> the `CODE:subject` text


def read_list(dialect: Dialect, fact: ir.Input, column: str, prefix: str) -> ListRead:
    """The SQL that checks the list column ``column``; ``prefix`` names the counts' columns."""
    walk = ListSql(dialect)
    reader = FactReader(dialect, text_input=False)
    length = walk.length(column)

    def bad_fields(item: str) -> str:
        flags = [
            f"(CASE WHEN {field_problem(dialect, reader, field, walk.field(item, field.name))} IS NOT NULL THEN 1 ELSE 0 END)"
            for field in fact.fields
        ]
        return f"(CASE WHEN {walk.item_is_null(item)} THEN 0 ELSE {' + '.join(flags) or '0'} END)"

    def null_item(item: str) -> str:
        return walk.item_is_null(item)

    small = f"{length} <= {MAX_ITEMS}"
    nulls, fields = f"{prefix}_n", f"{prefix}_b"
    counts = [
        f"CAST((CASE WHEN {small} THEN {walk.count(column, null_item)} END) AS INTEGER) AS {nulls}",
        f"CAST((CASE WHEN {small} THEN {walk.total(column, bad_fields, dialect.integer)} END) AS INTEGER) AS {fields}",
    ]
    broken = reader._bound_tests(fact, length)
    checks = [(f"{length} > {MAX_ITEMS}", "454"), (f"{nulls} + {fields} > 0", "452")]
    checks += [(test, "404") for test in broken]
    missing = "CAST(NULL AS INTEGER)" if fact.optional else "401"
    whens = " ".join(f"WHEN {test} THEN {code}" for test, code in checks)
    problem = f"(CASE WHEN {column} IS NULL THEN {missing} {whens} END)"
    bad = " ".join(f"WHEN {test} THEN NULL" for test, _ in checks)
    value = f"(CASE WHEN {column} IS NULL THEN NULL {bad} ELSE {column} END)"

    def listed(problem_col: str, word: str) -> str:
        items = f"REPEAT({dialect.text('F451:' + word + ' ')}, {nulls})"
        bad_items = f"REPEAT({dialect.text('F452:' + word + ' ')}, {fields})"
        one = f"'F' || {dialect.to_text(problem_col)} || {dialect.text(':' + word)}"
        return f"(CASE WHEN {problem_col} = 452 THEN RTRIM({items} || {bad_items}) WHEN {problem_col} IS NOT NULL THEN {one} END)"

    return ListRead(counts, value, problem, listed)


def field_problem(dialect: Dialect, reader: FactReader, field: ir.Input, access: str) -> str:
    """The problem code of one field of one item (NULL: none), as a scalar fact of its kind has it."""
    return _read_field(dialect, reader, field, access)[1]


def _read_field(
    dialect: Dialect, reader: FactReader, field: ir.Input, access: str
) -> tuple[str, str, tuple[int, int] | None]:
    from rubricdsl.evaluate.sql import dates, texts

    if field.kind == "date":
        value, problem = dates.read_fact(dialect, field, access, text_input=False)
        return value, problem, None
    if field.kind == "text":
        value, problem = texts.read_fact(dialect, field, access)
        return value, problem, None
    value, problem, number, _ = reader.read(field, access)
    return value, problem, number


# ---- the aggregates ---------------------------------------------------------------------------------------------


def item_fields(math: Arithmetic, fact: ir.Input, item: str) -> dict[str, tuple[Compiled, Compiled]]:
    """Each field of the item ``item`` (SQL) as (its value and the error reading it, whether it is given)."""
    from rubricdsl.evaluate.sql import dates

    dialect = math.sql
    walk = ListSql(dialect)
    reader = FactReader(dialect, text_input=False)
    found: dict[str, tuple[Compiled, Compiled]] = {}
    for field in fact.fields:
        value_sql, _, number = _read_field(dialect, reader, field, walk.field(item, field.name))
        read: Value
        if field.kind == "bool":
            read = Bool(value_sql)
        elif field.kind in ("enum", "text"):
            read = Text(value_sql)
        elif field.kind == "date":
            read = dates.day(math, value_sql)
        else:
            assert number is not None
            scale, bound = number
            read = math.mul(math.column(value_sql, scale, bound), math.const(Fraction(field.unit_scale)))
        may_lack = field.optional and field.default is None
        error = f"(CASE WHEN {value_sql} IS NULL THEN {MISSING_FIELD} END)" if may_lack else None
        given = Bool(f"({value_sql} IS NOT NULL)")
        found[field.name] = ((read, error), (given, None))
    return found


def compile_over(
    node: ir.Over, items: Compiled, per_item: Callable[[str], tuple[Compiled, Compiled]], math: Arithmetic
) -> Compiled:
    """An aggregate: ``items`` the list's compiled value, ``per_item(item)`` the condition's and the summed
    value's compiled SQL for the item ``item`` (each ``(None, None)`` when the node has none)."""
    listed, list_error = items
    if not isinstance(listed, Items):
        raise Unsupported("aggregate-non-list")
    walk = ListSql(math.sql)
    column = listed.sql

    def condition(item: str) -> tuple[str, str | None]:
        (test, error), _ = per_item(item)
        if test is None and error is None:
            return "TRUE", None
        if not isinstance(test, Bool):
            raise Unsupported("list-condition-non-bool")
        return test.sql, error

    if node.op is ir.ListOp.COUNT:
        if node.where is None:
            return math.integer(walk.length(column), MAX_ITEMS), list_error
        count = walk.count(column, lambda item: condition(item)[0])
        errors = _first_error(walk, column, lambda item: condition(item)[1])
        return math.integer(count, MAX_ITEMS), first_error(list_error, errors)
    if node.op is ir.ListOp.SUM:
        return _sum(node, walk, column, condition, per_item, math, list_error)
    wanted = node.op is ir.ListOp.ANY

    def decider(item: str) -> str:
        test, error = condition(item)
        holds = test if wanted else f"NOT {test}"
        erred = f"WHEN {error} IS NOT NULL THEN {error} " if error is not None else ""
        return f"(CASE {erred}WHEN {holds} THEN {DECIDED} END)"

    first = walk.first(column, decider)
    value = f"({first} IS NOT NULL)" if wanted else f"({first} IS NULL)"
    stopped = f"(CASE WHEN {first} <> {DECIDED} THEN {first} END)"
    return Bool(value), first_error(list_error, stopped)


def _first_error(walk: ListSql, column: str, error: Callable[[str], str | None]) -> str | None:
    if error("__probe") is None:  # no item can fail: no walk for errors
        return None
    return walk.first(column, lambda item: error(item) or "NULL")


def _sum(
    node: ir.Over,
    walk: ListSql,
    column: str,
    condition: Callable[[str], tuple[str, str | None]],
    per_item: Callable[[str], tuple[Compiled, Compiled]],
    math: Arithmetic,
    list_error: str | None,
) -> Compiled:
    def summed(item: str) -> tuple[Num, str | None]:
        _, (value, error) = per_item(item)
        if not isinstance(value, Num):
            raise Unsupported("list-sum-non-number")
        if value.d is not None:
            raise Unsupported("list-sum-quotients")
        return value, error

    probe, _ = summed("__x")
    term = lambda item: f"(CASE WHEN {condition(item)[0]} THEN {summed(item)[0].n} ELSE 0 END)"  # noqa: E731
    bound = probe.nmax * MAX_ITEMS
    total = math.integer(walk.total(column, term, math.sql.integer), bound)

    def error(item: str) -> str | None:
        test, condition_error = condition(item)
        value_error = summed(item)[1]
        held = None if value_error is None else f"(CASE WHEN {test} THEN {value_error} END)"
        return first_error(condition_error, held)

    return replace(total, dmax=probe.dmax), first_error(list_error, _first_error(walk, column, error))
