"""`rubric sql` prints the query; `rubric eval --engine sql` scores a whole table in embedded DuckDB, equal to
the Python evaluator row by row, with documented exits and no half-written output."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.ir.lower import lower_program
from tests.conftest import SEED_RUBRIC
from tests.evaluate.sql.helpers import arrow_table, expected_row, random_fact_sets
from tests.ir.test_differential import FAILURES

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def seed() -> rubricdsl.CompiledRubric:
    return rubricdsl.load(SEED_RUBRIC)


@pytest.fixture(scope="module")
def projects(seed: rubricdsl.CompiledRubric) -> list[dict[str, object]]:
    return random_fact_sets(lower_program(seed.checked), 300, seed=11)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def write_sources(tmp_path: Path, seed: rubricdsl.CompiledRubric, projects: list[dict[str, object]]) -> dict[str, str]:
    table = arrow_table(lower_program(seed.checked).inputs, projects)
    pq.write_table(table, tmp_path / "projects.parquet")
    with (tmp_path / "projects.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.column_names)
        for row in table.to_pylist():
            writer.writerow([_cell(row[name]) for name in table.column_names])
    connection = duckdb.connect(str(tmp_path / "projects.db"))
    connection.register("arrow_projects", table)
    connection.execute("CREATE TABLE projects AS SELECT * FROM arrow_projects")
    connection.close()
    return {
        "parquet": str(tmp_path / "projects.parquet"),
        "csv": str(tmp_path / "projects.csv"),
        "duckdb": f"duckdb:///{tmp_path / 'projects.db'}?table=projects".replace(":////", ":////"),
    }


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "spark"])
def test_rubric_sql_prints_one_query_per_dialect(dialect: str) -> None:
    code, out, err = run("sql", str(SEED_RUBRIC), "--dialect", dialect, "--table", "projects", "--key", "project_id")
    assert (code, err) == (0, "")
    assert out.startswith("WITH checked AS") and out.rstrip().endswith(";")
    quote = "`" if dialect == "spark" else '"'
    assert "FROM projects" in out and f"{quote}project_id{quote}" in out
    assert f"{quote}admin_expense_rate.arm{quote}" in out
    if dialect == "spark":  # its integer division divides exact multiples only: (a - MOD(a, b)) / b
        assert 0 < out.count(" / ") == out.count(" - MOD(")
    elif dialect == "duckdb":  # no exact division but a small quotient's DOUBLE estimate, each made exact
        estimates = out.count(" AS DOUBLE) / CAST(")
        corrections = out.count(" < 0 AS BIGINT) + CAST(")  # one a quotient: its estimate is written 3 times
        assert 0 < out.count(" / ") == estimates == 3 * corrections
    else:
        assert " / " not in out  # no division anywhere: every quotient is carried as a rational


def test_rubric_sql_refuses_what_it_cannot_compute_exactly_with_exit_2(tmp_path: Path) -> None:
    rubric = tmp_path / "huge.rubric"
    rubric.write_text(FAILURES, encoding="utf-8")
    code, out, err = run("sql", str(rubric), "--lang", "en")
    assert code == 2 and out == ""
    assert "error[S602]" in err and "`huge`" in err


@pytest.mark.parametrize("kind", ["parquet", "csv", "duckdb"])
@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_eval_engine_sql_scores_every_row_as_python_does(
    tmp_path: Path, seed: rubricdsl.CompiledRubric, projects: list[dict[str, object]], kind: str, suffix: str
) -> None:
    source = write_sources(tmp_path, seed, projects)[kind]
    output = tmp_path / f"scores{suffix}"
    code, _, err = run("eval", str(SEED_RUBRIC), source, "-o", str(output), "--engine", "sql", "--lang", "en")
    incomplete = sum(1 for facts in projects if not seed.evaluate(facts).complete)
    assert code == (1 if incomplete else 0)
    assert err.strip() == f"{len(projects)} project(s) scored in SQL (duckdb), {incomplete} incomplete → {output}"
    reader = f"read_parquet('{output}')" if suffix == ".parquet" else f"read_csv('{output}', all_varchar = true)"
    rows = duckdb.connect().execute(f"SELECT id, total, grade, complete, problems FROM {reader}").fetchall()
    assert len(rows) == len(projects)
    for ident, total, grade, complete, problems in rows:
        expected = expected_row(seed, projects[int(ident)], 10)
        assert Decimal(str(total)) == expected["total"]
        assert grade == expected["grade"]
        assert str(complete).lower() == str(expected["complete"]).lower()
        assert sorted((problems or "").split()) == expected["problems"]
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".scores")] == []


def test_a_column_that_would_be_rounded_is_refused_by_name_with_exit_1(tmp_path: Path) -> None:
    table = arrow_table(lower_program(rubricdsl.load(SEED_RUBRIC).checked).inputs, [{}])
    position = table.column_names.index("satisfaction")
    table = table.set_column(position, "satisfaction", pa.array([0.96], pa.float64()))
    pq.write_table(table, tmp_path / "floats.parquet")
    output = tmp_path / "scores.parquet"
    output.write_text("earlier scores", encoding="utf-8")
    code, _, err = run("eval", str(SEED_RUBRIC), str(tmp_path / "floats.parquet"), "-o", str(output), "--engine", "sql")
    assert code == 1
    assert "S604" in err and "`satisfaction`" in err and "DOUBLE" in err
    assert output.read_text(encoding="utf-8") == "earlier scores"  # nothing half-written, nothing lost


def test_a_missing_fact_column_is_named_with_exit_1(tmp_path: Path) -> None:
    table = arrow_table(lower_program(rubricdsl.load(SEED_RUBRIC).checked).inputs, [{}]).drop_columns(["activities"])
    pq.write_table(table, tmp_path / "short.parquet")
    code, _, err = run(
        "eval", str(SEED_RUBRIC), str(tmp_path / "short.parquet"), "-o", str(tmp_path / "s.csv"), "--engine", "sql"
    )
    assert code == 1 and "S605" in err and "`activities`" in err


def test_the_key_column_is_passed_through(tmp_path: Path) -> None:
    table = arrow_table(lower_program(rubricdsl.load(SEED_RUBRIC).checked).inputs, [{}, {}], key="project_id")
    pq.write_table(table, tmp_path / "keyed.parquet")
    output = tmp_path / "s.parquet"
    code, _, _ = run(
        "eval", str(SEED_RUBRIC), str(tmp_path / "keyed.parquet"), "-o", str(output), "--engine", "sql", "--key",
        "project_id",
    )  # fmt: skip
    assert code == 1  # every fact missing
    assert pq.read_table(output).column("project_id").to_pylist() == ["0", "1"]


@pytest.mark.parametrize(
    ("source", "output", "message"),
    [
        ("projects.xlsx", "s.parquet", "S606"),
        ("duckdb:///nowhere.db", "s.parquet", "S606"),
        ("projects.parquet", "s.json", "writes .parquet, .csv or .xlsx"),
    ],
)
def test_unusable_sources_and_outputs_exit_2(tmp_path: Path, source: str, output: str, message: str) -> None:
    code, _, err = run("eval", str(SEED_RUBRIC), str(tmp_path / source) if "://" not in source else source, "-o",
                       str(tmp_path / output), "--engine", "sql", "--lang", "en")  # fmt: skip
    assert code == 2 and message in err
