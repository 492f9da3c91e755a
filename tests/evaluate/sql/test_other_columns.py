"""A facts table's columns that are not facts (evaluate/sql/columns.py), held equal to the Python engine.

`rubric eval --engine sql` once ignored them: a column the rubric does not know and a `not_applicable` column
were scored as if absent, where the Python engine reports the one (F402, F412 past twenty) and skips the
indicators the other names (F408 for an id it has none for).  Here the same CSV file is scored by both
engines as the CLI runs them, and a Parquet file by the SQL engine against the Python API.
"""

from __future__ import annotations

import csv
import random
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import rubricdsl
from rubricdsl.cli.batch import run_batch
from rubricdsl.cli.sql_engine import csv_header
from rubricdsl.evaluate.sql.build import compile_sql
from rubricdsl.evaluate.sql.run import Source, SourceError, attach, check_columns, connect, score_to_file
from rubricdsl.inputs.records import _marked

SEED = Path(__file__).resolve().parents[3] / "rubrics" / "xiangtan-sme-2021.rubric"
RUBRIC = rubricdsl.load(SEED)
INDICATORS = [indicator.node.id for indicator in RUBRIC.checked.indicators]
EXTRAS = [f"extra{number}" for number in range(23)]  # more than the 20 reported one by one: F412
SEPARATORS = ["；", "、", ",", "，", ";", " ； "]


def _seed_facts() -> dict[str, Any]:
    import json

    facts = json.loads((SEED.parent / "xiangtan-sme-2021.facts.json").read_text(encoding="utf-8"))
    return {key: value for key, value in facts.items() if not key.startswith("$")}


def _rows(count: int, seed: int) -> list[dict[str, str]]:
    """Seed projects with varied facts (so scores differ and a rescale shows), given and blank unknown cells,
    and not_applicable cells of known and unknown ids, separators and white space."""
    rng = random.Random(seed)
    base = _seed_facts()
    rows = []
    for number in range(count):
        row: dict[str, str] = {"id": f"p{number}"}
        for key, value in base.items():
            if isinstance(value, bool):
                row[key] = rng.choice(["true", "false", "true"])
            else:
                row[key] = str(value)
        planned = Decimal(base["budget_planned"])
        row["budget_spent"] = str((planned * Decimal(rng.randint(50, 100)) / 100).quantize(Decimal("0.01")))
        row["project_spent"] = row["budget_spent"]
        row["admin_expense"] = "0"
        row["activities"] = str(rng.randint(0, 15))
        wide = rng.random() < 0.3  # most extras given: past twenty, F412
        for extra in EXTRAS:
            roll = rng.random()
            given = roll < (0.95 if wide else 0.1)
            row[extra] = rng.choice(["x", "0", " y "]) if given else rng.choice(["", "  ", "\u3000"])
        ids = rng.sample(INDICATORS, rng.choice([0, 0, 1, 1, 2, 3]))
        ids += rng.sample(["nope", "budget", "inspection "], rng.choice([0, 0, 0, 1]))
        cell = ""
        for position, ident in enumerate(ids):
            cell += (rng.choice(SEPARATORS) if position else "") + rng.choice(["", " "]) + ident
        row["not_applicable"] = rng.choice([cell, cell, cell + "；", " " + cell])
        rows.append(row)
    everything = dict(rows[0], id="all-marked", not_applicable="、".join(INDICATORS))  # nothing applicable: E305
    return [*rows, everything]


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _read_csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def _number(text: str) -> Decimal | None:
    return _shown(Decimal(text)) if text.strip() else None


def _shown(value: Decimal | None) -> Decimal | None:
    """As the query returns a score: rounded half-even at its scale (DEFAULT_SCALE, 10)."""
    return None if value is None else value.quantize(Decimal("1e-10"), rounding=ROUND_HALF_EVEN)


def _sql_csv(facts: Path, output: Path) -> None:
    query = compile_sql(RUBRIC, text_input=True)
    connection = connect(1)
    attach(connection, Source.parse(str(facts)), "facts", csv_header(RUBRIC, "id"))
    score_to_file(connection, query, "facts", output)


def test_csv_scores_as_the_python_engine_reads_the_same_file(tmp_path: Path) -> None:
    rows = _rows(300, seed=13)
    facts = tmp_path / "projects.csv"
    _write_csv(facts, rows)
    with (tmp_path / "python.csv").open("w", encoding="utf-8", newline="") as out:
        run_batch(RUBRIC, facts, "csv", out, progress=False)
    _sql_csv(facts, tmp_path / "sql.csv")
    python, sql = _read_csv(tmp_path / "python.csv"), _read_csv(tmp_path / "sql.csv")
    assert python.keys() == sql.keys() == {row["id"] for row in rows}
    seen = set()
    for ident, expected in python.items():
        found = sql[ident]
        for column in (*INDICATORS, "total"):
            assert _number(found[column]) == _number(expected[column]), (ident, column, expected, found)
        assert found["grade"] == expected["grade"], ident
        assert found["complete"] == expected["complete"], ident
        codes = [problem.split(":")[0] for problem in found["problems"].split()]
        assert codes == expected["problems"].split(), ident  # the same codes, in the same order
        seen.update(codes)
        if expected["problems"] == "" and any(not expected[column] for column in INDICATORS):
            seen.add("rescaled")
    # The rows drew every case: unknown cells one by one and past twenty, unknown ids, a rescale, nothing left.
    assert {"F402", "F412", "F408", "E305", "rescaled"} <= seen


def test_csv_problems_name_the_column_and_the_id(tmp_path: Path) -> None:
    row = {key: str(value).lower() if isinstance(value, bool) else str(value) for key, value in _seed_facts().items()}
    rows = [
        {"id": "a", **row, "budgt": " 5 ", "not_applicable": "inspection；nope、 budget_completion"},
        {"id": "b", **row, "budgt": "\u3000", "not_applicable": " "},
    ]
    facts = tmp_path / "projects.csv"
    _write_csv(facts, rows)
    _sql_csv(facts, tmp_path / "sql.csv")
    found = _read_csv(tmp_path / "sql.csv")
    assert found["a"]["problems"] == "F408:nope F402:budgt"
    assert found["a"]["inspection"] == found["a"]["budget_completion"] == ""  # marked: no score
    assert found["a"]["complete"] == "false"
    assert found["b"]["problems"] == "" and found["b"]["complete"] == "true"  # blank cells say nothing


def _typed_table(rows: list[dict[str, str]], marks: pa.DataType) -> pa.Table:
    specs = RUBRIC.schema.specs
    columns: dict[str, pa.Array] = {"id": pa.array([row["id"] for row in rows])}
    for name, spec in specs.items():
        cells = [row[name] for row in rows]
        if spec.kind.value == "bool":
            columns[name] = pa.array([cell == "true" for cell in cells])
        elif spec.kind.value == "count":
            columns[name] = pa.array([int(cell) for cell in cells], pa.int64())
        elif spec.kind.value == "percent":
            ratios = [Decimal(cell[:-1]) / 100 if cell.endswith("%") else Decimal(cell) for cell in cells]
            columns[name] = pa.array(ratios, pa.decimal128(10, 8))
        else:
            columns[name] = pa.array([Decimal(cell) for cell in cells], pa.decimal128(18, 4))
    for extra in EXTRAS:
        columns[extra] = pa.array([row[extra] if row[extra].strip() else None for row in rows])
    marked = [_marked(row["not_applicable"]) for row in rows]
    if pa.types.is_list(marks):
        columns["not_applicable"] = pa.array([ids or None for ids in marked], marks)
    else:
        columns["not_applicable"] = pa.array([row["not_applicable"] or None for row in rows], marks)
    return pa.table(columns)


@pytest.mark.parametrize("marks", [pa.list_(pa.string()), pa.string()], ids=["list", "text"])
def test_parquet_scores_as_the_python_api_reads_its_rows(tmp_path: Path, marks: pa.DataType) -> None:
    """A Parquet row as the fact set it is: a NULL cell a key left out, not_applicable a list of ids (a text
    column split as a CSV cell is)."""
    rows = _rows(200, seed=5)
    path = tmp_path / "projects.parquet"
    pq.write_table(_typed_table(rows, marks), path)
    connection = connect(1)
    attach(connection, Source.parse(str(path)), "facts")
    score_to_file(connection, compile_sql(RUBRIC), "facts", tmp_path / "sql.parquet")
    found = {row["id"]: row for row in pq.read_table(tmp_path / "sql.parquet").to_pylist()}
    table = _typed_table(rows, marks).to_pylist()
    for given in table:
        facts = {key: value for key, value in given.items() if value is not None and key != "id"}
        if isinstance(facts.get("not_applicable"), str):
            facts["not_applicable"] = _marked(facts["not_applicable"])
        result = RUBRIC.evaluate(facts)
        row = found[given["id"]]
        assert row["total"] == _shown(result.total), given["id"]
        assert row["complete"] == result.complete, given["id"]
        for ident, score in result.scores().items():
            assert row[ident] == _shown(score), (given["id"], ident)
        codes = [problem.split(":")[0] for problem in row["problems"].split()]
        assert codes == [problem.code for problem in (*result.fact_problems, *result.errors)], given["id"]


def test_a_not_applicable_column_of_another_type_is_refused_by_name(tmp_path: Path) -> None:
    rows = _rows(3, seed=1)
    table = _typed_table(rows, pa.string()).drop_columns(["not_applicable"])
    path = tmp_path / "projects.parquet"
    pq.write_table(table.append_column("not_applicable", pa.array(range(len(rows)), pa.int64())), path)
    connection = connect(1)
    attach(connection, Source.parse(str(path)), "facts")
    with pytest.raises(SourceError) as raised:
        check_columns(connection, compile_sql(RUBRIC), "facts")
    assert raised.value.diagnostic.code == "S632"
    assert "BIGINT" in raised.value.diagnostic.message.en and "VARCHAR[]" in raised.value.diagnostic.hint.en


def test_a_table_of_the_facts_alone_gets_the_query_rubric_sql_prints(tmp_path: Path) -> None:
    rows = _rows(3, seed=2)
    table = _typed_table(rows, pa.string()).drop_columns(["not_applicable", *EXTRAS])
    path = tmp_path / "projects.parquet"
    pq.write_table(table, path)
    connection = connect(1)
    attach(connection, Source.parse(str(path)), "facts")
    printed = compile_sql(RUBRIC)
    used = check_columns(connection, printed, "facts")
    assert "__na" not in used.sql and "F402" not in used.sql
    assert used.unknown == () and used.marks is None


def test_a_column_named_as_one_of_the_querys_own_is_an_unknown_column(tmp_path: Path) -> None:
    """The query's stages add columns named `__p0`, `__na`, `__u0`…; a table column so named is read as any
    other unknown column (it once made the query ambiguous: an internal error, exit 3)."""
    rows = _rows(3, seed=3)
    table = _typed_table(rows, pa.string()).drop_columns(EXTRAS)
    clashing = ["__p0", "__na", "__u0", "__problems", "__i0_e"]
    for name in clashing:
        table = table.append_column(name, pa.array([7] * len(rows), pa.int64()))
    path = tmp_path / "projects.parquet"
    pq.write_table(table, path)
    connection = connect(1)
    attach(connection, Source.parse(str(path)), "facts")
    score_to_file(connection, compile_sql(RUBRIC), "facts", tmp_path / "sql.parquet")
    for row in pq.read_table(tmp_path / "sql.parquet").to_pylist():
        unknown = [problem for problem in row["problems"].split() if problem.startswith("F402:")]
        assert unknown == [f"F402:{name}" for name in clashing]
        assert row["complete"] is False
