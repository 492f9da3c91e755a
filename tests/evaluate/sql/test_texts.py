"""Text facts in SQL: a VARCHAR column read as given (no trimming, no normalisation), missing as F401 unless
optional or defaulted, compared with quoted texts by ``==``/``!=`` exactly as Python compares strings — every
cell equal to the Python evaluator's in DuckDB, PostgreSQL and Spark."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import rubricdsl
from rubricdsl.ir.lower import lower_program
from tests.evaluate.sql.engines import as_python_reads_csv, engine, score_csv  # noqa: F401  (engine: the fixture)
from tests.evaluate.sql.helpers import Engine, actual_row, assert_agree, expected_row, random_fact_sets

TEXTS = """
rubric texts "文本事实" 20
fact project "项目名称": text, record
fact unit "实施单位": text, default "县财政局"
fact note "备注": text, optional, record
fact kind "资金类型": text
fact remark "说明": text, absent: not_applicable
fact rate "完成率": percent, >= 0%
indicator typed "资金类型" 10 {
  when kind == "专项A" -> proportional rate against 95%; kind != "It's \\\\ 'q'" -> 5; else 0
}
indicator owner "责任单位" 5 {
  when unit == "县财政局" -> 5; unit == "Café" -> 3; else 0
}
indicator remarked "说明完整" 5 {
  when remark == "已说明" -> 5; else 0
}
"""

SPECIAL = [
    "专项A",
    "专项A ",
    " 专项A",
    "专项a",
    "专项Ａ",
    "It's \\ 'q'",
    "It's \\\\ 'q'",
    "Café",
    "Cafe\u0301",
    "县财政局\u3000",
]


def test_text_facts_agree(engine: tuple[str, Engine]) -> None:  # noqa: F811
    dialect, run = engine
    rubric = rubricdsl.loads(TEXTS)
    sets = [{"project": text, "kind": text, "unit": text, "remark": text, "rate": Decimal("0.9")} for text in SPECIAL]
    sets += [
        {"kind": "专项A", "rate": Decimal("0.95")},
        {"project": "p", "kind": "x", "rate": Decimal("0.5"), "note": "n"},
    ]
    sets += random_fact_sets(lower_program(rubric.checked), 300, seed=23)
    assert assert_agree(rubric, sets, run, dialect=dialect) == len(sets)


def test_the_sets_reach_every_branch() -> None:
    rubric = rubricdsl.loads(TEXTS)
    sets = random_fact_sets(lower_program(rubric.checked), 300, seed=23)
    results = [rubric.evaluate(facts) for facts in sets]
    assert {result.scores()["owner"] for result in results} >= {5, 3, 0}
    assert {result.scores()["typed"] for result in results} >= {5, 0, None}
    assert any(d.code == "F401" and d.subject == "project" for result in results for d in result.fact_problems)


def test_a_text_column_must_be_text() -> None:
    pytest.importorskip("duckdb")
    import pyarrow as pa

    from rubricdsl.evaluate.sql.build import compile_sql
    from rubricdsl.evaluate.sql.run import SourceError, score_rows

    query = compile_sql(rubricdsl.loads(TEXTS))
    columns = {"id": pa.array(["0"]), **{fact.name: pa.array([None], pa.string()) for fact in query.facts}}
    columns["project"] = pa.array([12])
    with pytest.raises(SourceError) as refused:
        score_rows(query, pa.table(columns))
    assert refused.value.diagnostic.code == "S604" and "`project`" in refused.value.diagnostic.message.en


def test_csv_cells_are_read_as_the_python_csv_reader_reads_them(tmp_path: Path) -> None:
    """A text cell is the text as written, spaces kept; a blank cell (only whitespace, of any fact) is absent,
    as the Python CSV reader leaves it out."""
    pytest.importorskip("duckdb")
    from rubricdsl.evaluate.sql.build import compile_sql

    rubric = rubricdsl.loads(TEXTS)
    query = compile_sql(rubric, text_input=True)
    blanks = ["", " ", "\t", "\u3000", " \u3000 "]
    sets = [{"project": text, "kind": text, "unit": text, "remark": text, "rate": "0.9"} for text in SPECIAL + blanks]
    sets += [{"project": "p", "kind": "专项A", "rate": blank, "note": blank} for blank in blanks]
    rows = score_csv(query, sets, tmp_path)
    for facts, row in zip(sets, rows, strict=True):
        assert actual_row(query, row) == expected_row(
            rubric, as_python_reads_csv(facts), query.scale, query.boolean_traces
        ), facts
    assert any("F401:rate" in row["problems"] for row in rows)
