"""Shared by the SQL differential tests: typed facts tables, and what the Python evaluator says per row."""

from __future__ import annotations

import datetime
import decimal
import random
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pyarrow as pa

from rubricdsl.compiled import CompiledRubric
from rubricdsl.evaluate.program import SCORED
from rubricdsl.evaluate.sql.generator import Query
from rubricdsl.forms import fact_problem_codes
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.interpret import Interpreter
from rubricdsl.ir.lower import lower_program
from rubricdsl.ir.nodes import Input
from rubricdsl.ir.trace import columns
from rubricdsl.syntax.dates import parse_day

ARROW_TYPES = {
    "money": pa.decimal128(18, 4),
    "percent": pa.decimal128(10, 8),
    "number": pa.decimal128(18, 6),
    "count": pa.int64(),
    "bool": pa.bool_(),
    "enum": pa.string(),
    "date": pa.date32(),
    "text": pa.string(),
}
_SCALES = {"money": 4, "percent": 8, "number": 6}


def arrow_type(fact: Input) -> pa.DataType:
    """A fact's natural Arrow type; a list fact's is a list of structs of its fields' natural types."""
    if fact.kind == "list":
        return pa.list_(pa.struct([pa.field(field.name, arrow_type(field)) for field in fact.fields]))
    return ARROW_TYPES[fact.kind]


def _arrow_value(fact: Input, value: Any) -> Any:
    if value is None:
        return None
    if fact.kind == "count":
        return int(value)
    if fact.kind == "list":
        fields = {field.name: field for field in fact.fields}
        return [
            None if item is None else {name: _arrow_value(field, item.get(name)) for name, field in fields.items()}
            for item in value
        ]
    return value


def arrow_table(facts: Sequence[Input], rows: Sequence[Mapping[str, Any]], key: str = "id") -> pa.Table:
    """Rows of facts (Decimal, int, bool, str, a list of items or None) as a table of the facts' natural
    column types."""
    data: dict[str, Any] = {key: pa.array([str(position) for position in range(len(rows))], pa.string())}
    for fact in facts:
        values = [_arrow_value(fact, row.get(fact.name)) for row in rows]
        data[fact.name] = pa.array(values, arrow_type(fact))
    return pa.table(data)


def representable(fact: Input, value: Any) -> bool:
    """Whether ``value`` fits the fact's natural column type exactly (what a typed table can hold)."""
    if value is None or isinstance(value, (bool, str)):
        return True
    if fact.kind == "list":
        return isinstance(value, list)
    if isinstance(value, datetime.date):
        return fact.kind == "date"
    if fact.kind == "count":
        return (
            isinstance(value, (int, Decimal))
            and Decimal(value) == Decimal(value).to_integral_value()
            and abs(value) < 2**63
        )
    if not isinstance(value, (int, Decimal)):
        return False
    scale = _SCALES[fact.kind]
    digits = {"money": 14, "percent": 2, "number": 12}[fact.kind]
    number = Decimal(value)
    if abs(number) >= Decimal(10) ** digits:
        return False
    return number == number.quantize(Decimal(1).scaleb(-scale), rounding=decimal.ROUND_DOWN)


def expected_row(
    rubric: CompiledRubric, facts: Mapping[str, Any], scale: int, booleans: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """What the SQL row must hold, from the Python evaluator (scores, total, grade, complete, problems) and
    the IR interpreter's traces (the arms), every number rounded half-even at ``scale``.  A trace column in
    ``booleans`` (the query's ``boolean_traces``: a Select of one arm) holds whether arm 0 was taken."""
    quantum = Decimal(1).scaleb(-scale)

    def shown(value: Decimal | None) -> Decimal | None:
        return None if value is None else value.quantize(quantum, rounding=decimal.ROUND_HALF_EVEN)

    result = rubric.evaluate(facts)
    row: dict[str, Any] = {ident: shown(score) for ident, score in result.scores().items()}
    row["total"] = shown(result.total)
    row["grade"] = result.grade
    row["complete"] = result.complete
    values, not_applicable, problems = rubric.schema.convert(facts)
    invalid = frozenset(p.subject for p in problems if p.code != "F401" and p.subject)
    run = _interpreter(rubric).run(values, not_applicable, invalid)
    # Fact problems name the fact (an assertion's its place, assert#N); an indicator's failure names the
    # indicator, a veto's its section.
    listed = [p.code if p.subject is None else f"{p.code}:{p.subject}" for p in result.fact_problems]
    # A fact problem found while scoring (F440–F442) is among the fact problems already, under its fact.
    found_scoring = fact_problem_codes()
    listed += [
        f"{run.errors[i].code}:{rubric.checked.indicators[i].node.id}"
        for i in sorted(run.errors)
        if run.errors[i].code not in found_scoring
    ]
    listed += [f"{d.code}:{ident}" for ident, section in run.sections.items() for d in section.veto_errors]
    listed += [f"{d.code}:{rubric.id}" for d in run.errors_outside]
    assert sorted(code.split(":")[0] for code in listed) == sorted(
        d.code for d in (*result.fact_problems, *result.errors)
    )
    row["problems"] = sorted(listed)
    for indicator, trace, status in zip(rubric.checked.indicators, run.traces, run.status, strict=True):
        if status is SCORED and trace is not None:
            for path, value in columns(trace).items():
                if (
                    isinstance(value, int)
                    and not isinstance(value, bool)
                    and path.split(".")[-1].startswith(("arm", "item", "held"))
                ):
                    name = f"{indicator.node.id}.{path}"
                    row[name] = value == 0 if name in booleans else value
    return row


_INTERPRETERS: dict[int, tuple[CompiledRubric, Interpreter]] = {}


def _interpreter(rubric: CompiledRubric) -> Interpreter:
    """One interpreter per rubric; the rubric is kept with it, so its id is never reused by another."""
    found = _INTERPRETERS.get(id(rubric))
    if found is None or found[0] is not rubric:
        found = _INTERPRETERS[id(rubric)] = (rubric, Interpreter(lower_program(rubric.checked)))
    return found[1]


def actual_row(query: Query, row: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {ident: row[ident] for ident in query.indicators}
    found.update(total=row["total"], grade=row["grade"], complete=row["complete"])
    found["problems"] = sorted(row["problems"].split()) if row["problems"] else []
    for name in query.trace_columns:
        if row[name] is not None:
            found[name] = row[name]
    return found


def random_value(fact: Input, rng: random.Random, edges: Sequence[Decimal], texts: Sequence[str] = ()) -> Any:
    """A value for ``fact``: often an edge (a threshold, a bound, 0), sometimes missing or out of range."""
    roll = rng.random()
    if roll < 0.04:
        return None
    if fact.kind == "bool":
        return rng.random() < 0.6
    if fact.kind == "enum":
        return rng.choice([*fact.levels, "其他"]) if roll < 0.06 else rng.choice(fact.levels)
    if fact.kind == "date":
        return random_day(rng, edges)
    if fact.kind == "text":
        return random_text(rng, texts)
    if fact.kind == "list":
        return random_items(fact, rng, edges, texts)
    scale = _SCALES.get(fact.kind, 0)
    quantum = Decimal(1).scaleb(-scale)
    value = None
    if roll < 0.45 and edges:
        base = Decimal(rng.choice(edges)) / fact.unit_scale
        value = base + rng.choice([Decimal(0), Decimal(0), quantum, -quantum])
        if not representable(fact, value):
            value = None
    if value is not None:
        pass
    elif fact.kind == "percent":
        value = Decimal(rng.randint(-50, 10**8 + 10**7)).scaleb(-8)
    elif fact.kind == "count":
        value = Decimal(rng.choice([rng.randint(0, 30), rng.randint(0, 2000), rng.randint(-3, 3)]))
    else:
        value = Decimal(rng.randint(-(10**6), 10**12)).scaleb(-scale) * rng.choice(
            [Decimal(1), Decimal(1), Decimal("0.001")]
        )
    value = value.quantize(quantum, rounding=decimal.ROUND_DOWN) if scale else value.to_integral_value()
    return int(value) if fact.kind == "count" else value


def random_items(fact: Input, rng: random.Random, edges: Sequence[Decimal], texts: Sequence[str] = ()) -> list[Any]:
    """A list's items: none, one or several, each field drawn as a scalar fact's value is (so sometimes
    missing or out of its bounds), now and then a NULL item."""
    size = rng.choice([0, 1, 1, 2, 3, 4, 7])
    items: list[Any] = []
    for _ in range(size):
        if rng.random() < 0.03:
            items.append(None)
            continue
        drawn = {field.name: random_value(field, rng, edges, texts) for field in fact.fields}
        items.append({name: value for name, value in drawn.items() if value is not None})
    return items


def random_text(rng: random.Random, texts: Sequence[str]) -> str:
    """A text: one the rubric compares with, or one beside it (a space more, another case, another width,
    a decomposed accent), or another text; never the empty text (an empty CSV cell is absent)."""
    named = list(texts) or ["专项A"]
    word = rng.choice(named)
    return rng.choice(
        [
            word,
            word,
            word + " ",
            " " + word,
            word.upper(),
            word.lower(),
            word + "\u3000",
            "e\u0301",
            "é",
            "其他",
            "'引号'",
            "a\\b",
        ]
    )


def texts_of(program: ir.Program) -> list[str]:
    """Every text the rubric names (levels and literals compared with a text fact)."""
    found: set[str] = set()
    stack: list[ir.Expr] = [d.expr for d in program.derived] + [i.body for i in program.indicators]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Const) and isinstance(node.value, str):
            found.add(node.value)
        stack.extend(ir.children_of(node))
    return sorted(found)


FIRST_DAY, LAST_DAY = datetime.date(1, 1, 1), datetime.date.max


def random_day(rng: random.Random, edges: Sequence[Decimal]) -> datetime.date:
    """A day: at or beside a date the rubric names, around the working-day calendar's first and last years
    (2004–2026) and its holidays, or, rarely, the first or last day a date can be."""
    roll = rng.random()
    named = [int(edge) for edge in edges if 700000 <= edge <= 760000 and edge == int(edge)]
    if roll < 0.3 and named:
        return datetime.date.fromordinal(rng.choice(named) + rng.choice([0, 0, 1, -1]))
    if roll < 0.33:
        return rng.choice([FIRST_DAY, LAST_DAY])
    if roll < 0.45:  # the calendar's edges
        return rng.choice([datetime.date(2004, 1, 1), datetime.date(2026, 12, 31)]) + datetime.timedelta(
            rng.randint(-3, 3)
        )
    start = datetime.date(2003, 12, 1).toordinal()
    return datetime.date.fromordinal(rng.randint(start, datetime.date(2027, 1, 31).toordinal()))


def edges_of(program: ir.Program) -> list[Decimal]:
    """Every number the rubric names (thresholds, steps, points, bounds), with 0 and 1: where bands flip."""
    found: set[Decimal] = {Decimal(0), Decimal(1)}
    stack: list[ir.Expr] = [d.expr for d in program.derived] + [i.body for i in program.indicators]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Const) and isinstance(node.value, Decimal):
            found.add(node.value)
        stack.extend(ir.children_of(node))
    for fact in program.inputs:
        for low, _, high, _ in fact.bounds:
            found.update(bound for bound in (low, high) if bound is not None)
    return sorted(found)


def random_fact_sets(program: ir.Program, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` fact sets: values at and beside every edge, ratios of two facts at an edge, missing and
    invalid values (out of bounds, negative counts, whole percents, unknown levels)."""
    rng = random.Random(seed)
    edges = edges_of(program)
    texts = texts_of(program)
    numeric = [fact for fact in program.inputs if fact.kind in ("money", "number", "percent", "count")]
    sets = []
    for _ in range(count):
        facts = {fact.name: random_value(fact, rng, edges, texts) for fact in program.inputs}
        if len(numeric) >= 2 and rng.random() < 0.5:  # x = edge × y: a ratio x / y lands on a threshold
            x, y = rng.sample(numeric, 2)
            base = facts.get(y.name)
            if base is not None and x.kind == y.kind:
                value = Decimal(base) * rng.choice(edges)
                quantum = Decimal(1).scaleb(-_SCALES.get(x.kind, 0))
                value = value.quantize(quantum, rounding=decimal.ROUND_DOWN) + rng.choice([0, 0, quantum, -quantum])
                if representable(x, value):
                    facts[x.name] = int(value) if x.kind == "count" else value
        sets.append({name: value for name, value in facts.items() if value is not None})
    return sets


def typed_facts(program: ir.Program, facts: Mapping[str, Any]) -> dict[str, Any]:
    """``facts`` as a typed table holds them: "是" as True, "95%" as 0.95, numeric text as a number; a value
    no column of the fact's type could hold (a float, "abc" for a number) is left out.  Both engines are then
    given the same facts."""
    typed: dict[str, Any] = {}
    kinds = {fact.name: fact for fact in program.inputs}
    for name, value in facts.items():
        fact = kinds.get(name)
        if fact is None or value is None:
            continue
        if fact.kind == "bool":
            words = {"是": True, "true": True, "否": False, "false": False}
            found = value if isinstance(value, bool) else words.get(value.strip()) if isinstance(value, str) else None
        elif fact.kind in ("enum", "text"):
            found = value if isinstance(value, str) else None
        elif fact.kind == "date":
            found = _day(value)
        elif fact.kind == "list":
            found = _typed_items(fact, value)
        else:
            found = _number(value)
        if found is not None and representable(fact, found):
            typed[name] = int(found) if fact.kind == "count" else found
    return typed


def _typed_items(fact: Input, value: Any) -> list[Any] | None:
    """A list's items as a list column holds them: each item's fields typed as a scalar fact's value is (a
    value no field could hold, and a key that is no field, left out), an item that is not a mapping NULL."""
    if not isinstance(value, (list, tuple)):
        return None
    typed: list[Any] = []
    for item in value:
        if not isinstance(item, Mapping):
            typed.append(None)
            continue
        fields: Any = _FieldsAsFacts(fact.fields)
        typed.append(typed_facts(fields, {k: v for k, v in item.items() if isinstance(k, str)}))
    return typed


class _FieldsAsFacts:
    """A list's fields in the shape :func:`typed_facts` reads a program's facts from."""

    def __init__(self, fields: Sequence[Input]) -> None:
        self.inputs = tuple(fields)


def _day(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    return parse_day(value) if isinstance(value, str) else None


def _number(value: Any) -> Decimal | None:
    if isinstance(value, (bool, float)):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, str):
        text = value.strip()
        try:
            return Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        except decimal.InvalidOperation:
            return None
    return None


Engine = Callable[[Query, Sequence[Mapping[str, Any]]], Sequence[Mapping[str, Any]]]


def in_duckdb(query: Query, fact_sets: Sequence[Mapping[str, Any]]) -> Sequence[Mapping[str, Any]]:
    from rubricdsl.evaluate.sql.run import score_rows

    return score_rows(query, arrow_table(query.facts, fact_sets))


POSTGRES_TYPES = {
    "money": "NUMERIC(18,4)",
    "percent": "NUMERIC(10,8)",
    "number": "NUMERIC(18,6)",
    "count": "BIGINT",
    "bool": "BOOLEAN",
    "enum": "TEXT",
    "date": "DATE",
    "text": "TEXT",
}


def in_postgres(connection: Any) -> Engine:
    """Score in PostgreSQL: the fact sets as a temporary table of the facts' natural types, then the query."""

    def score(query: Query, fact_sets: Sequence[Mapping[str, Any]]) -> Sequence[Mapping[str, Any]]:
        # A list's aggregates are correlated subqueries, whose estimated cost sets off PostgreSQL's JIT: it
        # then compiles the whole projection for minutes (one row of test_lists.py: 261 s with it, 0.2 s
        # without), so list queries run with it off, as docs/sql.md advises.
        jit = "off" if any(fact.kind == "list" for fact in query.facts) else "on"
        connection.execute(f"SET jit = {jit}")
        connection.execute("DROP TABLE IF EXISTS facts")
        kinds = {fact.name: _postgres_type(connection, fact) for fact in query.facts}
        columns = [(query.key, "TEXT"), *((fact.name, kinds[fact.name]) for fact in query.facts)]
        quoted = ", ".join('"' + name.replace('"', '""') + '"' for name, _ in columns)
        connection.execute("CREATE TEMP TABLE facts (" + ", ".join(f'"{name}" {kind}' for name, kind in columns) + ")")
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY facts ({quoted}) FROM STDIN") as copy:
                for position, facts in enumerate(fact_sets):
                    copy.write_row(
                        [str(position), *(_postgres_value(fact, facts.get(fact.name)) for fact in query.facts)]
                    )
            cursor.execute(query.sql)
            names = [column.name for column in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    return score


def _postgres_type(connection: Any, fact: Input) -> str:
    """A fact's column type; for a list fact an array of a composite type of its fields, created (and
    registered with psycopg, which then writes the items) for this table."""
    if fact.kind != "list":
        return POSTGRES_TYPES[fact.kind]
    from psycopg.types.composite import CompositeInfo, register_composite

    name = f"rubric_item_{fact.name}"
    fields = ", ".join(f'"{field.name}" {POSTGRES_TYPES[field.kind]}' for field in fact.fields)
    connection.execute(f'DROP TYPE IF EXISTS "{name}" CASCADE')
    connection.execute(f'CREATE TYPE "{name}" AS ({fields})')
    info = CompositeInfo.fetch(connection, name)
    assert info is not None
    register_composite(info, connection)
    _COMPOSITES[fact.name] = info.python_type
    return f'"{name}"[]'


_COMPOSITES: dict[str, Any] = {}


def _postgres_value(fact: Input, value: Any) -> Any:
    if fact.kind != "list" or value is None:
        return value
    make = _COMPOSITES[fact.name]
    return [
        None if item is None else make(*(_arrow_value(field, item.get(field.name)) for field in fact.fields))
        for item in value
    ]


def assert_agree(
    rubric: CompiledRubric, fact_sets: Sequence[Mapping[str, Any]], engine: Engine = in_duckdb, **options: Any
) -> int:
    """Score every fact set in one query and hold each row equal to the Python evaluator's."""
    from rubricdsl.evaluate.sql.build import compile_sql

    query = compile_sql(rubric, **options)
    rows = sorted(engine(query, fact_sets), key=lambda row: int(row[query.key]))  # SQL keeps no row order
    assert len(rows) == len(fact_sets)
    for facts, row in zip(fact_sets, rows, strict=True):
        expected, actual = expected_row(rubric, facts, query.scale, query.boolean_traces), actual_row(query, row)
        assert actual == expected, {"facts": facts, "differences": _differences(expected, actual)}
    return len(rows)


def _differences(expected: Mapping[str, Any], actual: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (expected.get(k), actual.get(k)) for k in {*expected, *actual} if expected.get(k) != actual.get(k)}


def in_spark(session: Any) -> Engine:
    """Score in Spark (local mode): the fact sets as a DataFrame of the facts' natural types, then the query."""
    from pyspark.sql import types as spark_types

    spark_type = {
        "money": spark_types.DecimalType(18, 4),
        "percent": spark_types.DecimalType(10, 8),
        "number": spark_types.DecimalType(18, 6),
        "count": spark_types.LongType(),
        "bool": spark_types.BooleanType(),
        "enum": spark_types.StringType(),
        "date": spark_types.DateType(),
        "text": spark_types.StringType(),
    }

    def typed(fact: Input) -> Any:
        if fact.kind == "list":
            items = [spark_types.StructField(field.name, typed(field), True) for field in fact.fields]
            return spark_types.ArrayType(spark_types.StructType(items), True)
        return spark_type[fact.kind]

    def score(query: Query, fact_sets: Sequence[Mapping[str, Any]]) -> Sequence[Mapping[str, Any]]:
        fields = [spark_types.StructField(query.key, spark_types.StringType(), False)]
        fields += [spark_types.StructField(fact.name, typed(fact), True) for fact in query.facts]
        rows = [
            (str(position), *(_spark_value(fact, facts.get(fact.name)) for fact in query.facts))
            for position, facts in enumerate(fact_sets)
        ]
        session.createDataFrame(rows, spark_types.StructType(fields)).createOrReplaceTempView("facts")
        return [row.asDict() for row in session.sql(query.sql).collect()]

    return score


def _spark_value(fact: Input, value: Any) -> Any:
    """pyspark takes a DECIMAL column's values only as Decimal, and a BIGINT's only as int."""
    if value is None or fact.kind in ("bool", "enum", "date", "text"):
        return value
    if fact.kind == "list":
        return [
            None if item is None else tuple(_spark_value(field, item.get(field.name)) for field in fact.fields)
            for item in value
        ]
    return int(value) if fact.kind == "count" else Decimal(value)


# ---- the differential corpus every real engine runs (test_postgres.py, test_spark.py) -------------------------


def shipped_case(path: Any, count: int) -> tuple[CompiledRubric, list[dict[str, Any]]]:
    """A shipped rubric and ``count`` generated fact sets for it (seeded by its name)."""
    import rubricdsl

    rubric = rubricdsl.load(path)
    return rubric, random_fact_sets(lower_program(rubric.checked), count, seed=len(path.stem))


def synthetic_case(shape: Mapping[str, Any]) -> tuple[CompiledRubric, list[dict[str, Any]]]:
    """The synthetic generator's rubric of ``shape`` with ``rounding`` (the form every engine accepts; the
    refusal without it is DuckDB's test), its own plausible facts and 100 generated ones."""
    import rubricdsl
    from rubricdsl.testing.synth import synth_rubric

    synth = synth_rubric(**{**shape, "rounding": True})
    rubric = rubricdsl.loads(synth.text)
    program = lower_program(rubric.checked)
    rng = random.Random(shape["seed"])
    sets = [typed_facts(program, synth.facts(rng)) for _ in range(30)] + random_fact_sets(program, 100, shape["seed"])
    return rubric, sets


def generated_case(
    shape: Mapping[str, Any], fact_seed: int, draw: Callable[[Any], Any]
) -> tuple[CompiledRubric, list[dict[str, Any]]]:
    """A hypothesis-shaped synthetic rubric, three fact sets drawn from its declared types and 20 generated."""
    import rubricdsl
    from rubricdsl.testing.synth import synth_rubric
    from tests.property.strategies import fact_sets

    rubric = rubricdsl.loads(synth_rubric(**shape).text)
    program = lower_program(rubric.checked)
    drawn = [draw(fact_sets(rubric)) for _ in range(3)]
    sets = [typed_facts(program, {k: v for k, v in facts.items() if k != "not_applicable"}) for facts in drawn]
    return rubric, sets + random_fact_sets(program, 20, seed=fact_seed)


def assert_agree_or_refused(
    rubric: CompiledRubric, fact_sets: Sequence[Mapping[str, Any]], engine: Engine, **options: Any
) -> None:
    """Every row equal to the Python evaluator's, or the rubric refused by name for a reason the generator
    states (S601 not exact, S602 too many digits), with the part it names."""
    import rubricdsl

    try:
        assert_agree(rubric, fact_sets, engine, **options)
    except rubricdsl.RubricError as refused:
        (diagnostic,) = refused.diagnostics
        assert diagnostic.code in ("S601", "S602") and diagnostic.subject, diagnostic.message.en
