"""docs/examples/spark_score.py, the script docs/sql.md gives for a cluster, run as written: the query
`rubric sql --dialect spark` prints, over a Parquet directory of seed facts, written back as Parquet — with
Spark's code generation on (the other Spark tests run interpreted, for time), every cell equal to the Python
evaluator's."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli.app import app
from rubricdsl.ir.lower import lower_program
from tests.conftest import RUBRICS
from tests.evaluate.sql.helpers import actual_row, arrow_table, expected_row, random_fact_sets

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "examples" / "spark_score.py"
SEED = RUBRICS / "xiangtan-sme-2021.rubric"


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("spark_score", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_documented_script_scores_a_parquet_directory_with_codegen_on(spark: Any, tmp_path: Path) -> None:
    printed = CliRunner().invoke(app, ["sql", str(SEED), "--dialect", "spark", "--table", "facts"])
    assert printed.exit_code == 0, printed.output
    rubric = rubricdsl.load(SEED)
    from rubricdsl.evaluate.sql.build import compile_sql

    query = compile_sql(rubric, dialect="spark")
    assert printed.stdout.strip().rstrip(";") == query.sql.strip()
    fact_sets = random_fact_sets(lower_program(rubric.checked), 200, seed=11)
    (tmp_path / "projects").mkdir()
    pq.write_table(arrow_table(query.facts, fact_sets), tmp_path / "projects" / "part-0.parquet")
    saved = {key: spark.conf.get(key) for key in ("spark.sql.codegen.wholeStage", "spark.sql.codegen.factoryMode")}
    spark.conf.set("spark.sql.codegen.wholeStage", "true")
    spark.conf.set("spark.sql.codegen.factoryMode", "FALLBACK")
    try:
        _script().score(spark, printed.stdout, str(tmp_path / "scores"), parquet=str(tmp_path / "projects"))
    finally:
        for key, value in saved.items():
            spark.conf.set(key, value)
    rows = pq.read_table(tmp_path / "scores").to_pylist()
    assert len(rows) == len(fact_sets)
    for row in sorted(rows, key=lambda found: int(found["id"])):
        facts = fact_sets[int(row["id"])]
        assert actual_row(query, row) == expected_row(rubric, facts, query.scale, query.boolean_traces), facts
