"""evaluate_frame / evaluate_arrow: typed rows scored exactly like the same facts given as dicts (issue 13 §2)."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any

import pytest

import rubricdsl
from rubricdsl.inputs import frames

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

RUBRIC = """
rubric t "数据" 40
fact spent "支出": money
fact share "比例": percent
fact events "场次": count
fact ok "合规": bool
fact level "等级": enum(高, 低)
fact bonus "加分": number, optional, absent: not_applicable
indicator i_spent "支出" 10 { score spent: >= 400000元 -> 10; else 0 }
indicator i_share "比例" 10 { formula share * 10 }
indicator i_events "场次" 5 { formula min(5, events) }
indicator i_ok "合规" 5 { when ok -> 5; else 0 }
indicator i_level "等级" 5 { levels level: 高 -> 100%; 低 -> 40% }
indicator i_bonus "加分" 5 { formula min(5, bonus) }
"""

ROWS: list[dict[str, Any]] = [
    {"id": "P1", "spent": 500000, "share": 0.96, "events": 3, "ok": True, "level": "高", "bonus": 2.5},
    {"id": "P2", "spent": 300000, "share": 0.5, "events": 7, "ok": False, "level": "低", "bonus": None},
    {"id": "P3", "spent": 450000, "share": 0.9575, "events": 0, "ok": True, "level": "低", "bonus": 4.0},
]


@pytest.fixture(scope="module")
def rubric() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(RUBRIC)


def expected(rubric: rubricdsl.CompiledRubric, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [rubric.evaluate_closures(row).to_dict(numbers="string") for row in rows]


def scored(results: Any) -> list[dict[str, Any]]:
    return [result.to_dict(numbers="string") for result in results]


def test_a_pandas_frame_scores_like_its_rows(rubric: rubricdsl.CompiledRubric) -> None:
    frame = pd.DataFrame(ROWS)
    assert frame["bonus"].dtype == np.float64 and frame["events"].dtype == np.int64  # NaN where None was
    results = list(rubric.evaluate_frame(frame))
    assert scored(results) == expected(rubric, ROWS)
    assert all(result.complete for result in results)
    assert results[1].indicator("i_bonus").status == "not_applicable"  # NaN in a float column: missing


def test_a_polars_frame_scores_like_its_rows(rubric: rubricdsl.CompiledRubric) -> None:
    assert scored(rubric.evaluate_frame(pl.DataFrame(ROWS))) == expected(rubric, ROWS)


def test_an_arrow_table_scores_like_its_rows(rubric: rubricdsl.CompiledRubric) -> None:
    table = pa.Table.from_pylist(ROWS)
    assert scored(rubric.evaluate_arrow(table)) == expected(rubric, ROWS)
    assert scored(rubric.evaluate_arrow(table.to_batches()[0])) == expected(rubric, ROWS)  # a RecordBatch
    assert scored(rubric.evaluate_frame(table)) == expected(rubric, ROWS)


def test_anything_with_an_arrow_stream_is_read_through_pyarrow(rubric: rubricdsl.CompiledRubric) -> None:
    frame = pl.DataFrame(ROWS)
    assert hasattr(frame, "__arrow_c_stream__")
    assert scored(rubric.evaluate_arrow(frame)) == expected(rubric, ROWS)


def test_decimal_columns_are_exact(rubric: rubricdsl.CompiledRubric) -> None:
    shares = [Decimal("0.9575"), Decimal("0.3333"), Decimal("1.0000")]
    rows = [{**row, "share": share} for row, share in zip(ROWS, shares, strict=True)]
    table = pa.Table.from_pylist(rows).set_column(2, "share", pa.array(shares, pa.decimal128(10, 4)))
    assert str(table.schema.field("share").type) == "decimal128(10, 4)"
    results = list(rubric.evaluate_arrow(table))
    assert [r.scores()["i_share"] for r in results] == [Decimal("9.575"), Decimal("3.333"), Decimal(10)]
    polars_frame = pl.DataFrame(rows, schema_overrides={"share": pl.Decimal(10, 4)})
    assert scored(rubric.evaluate_frame(polars_frame)) == scored(results)


@pytest.mark.parametrize("library", ["pandas", "polars", "arrow"])
def test_a_float32_column_is_read_at_its_own_precision(rubric: rubricdsl.CompiledRubric, library: str) -> None:
    shares = [0.96, 0.5, float("nan")]
    rows = [{**row, "share": share} for row, share in zip(ROWS, shares, strict=True)]
    if library == "pandas":
        data = pd.DataFrame(rows).astype({"share": np.float32})
        results = list(rubric.evaluate_frame(data))
    elif library == "polars":
        data = pl.DataFrame(rows, schema_overrides={"share": pl.Float32}, nan_to_null=False)
        results = list(rubric.evaluate_frame(data))
    else:
        table = pa.Table.from_pylist(rows)
        data = table.set_column(2, "share", pa.array(shares, pa.float32()))
        results = list(rubric.evaluate_arrow(data))
    assert [r.scores()["i_share"] for r in results] == [Decimal("9.6"), Decimal(5), None]
    assert [(p.code, p.subject) for p in results[2].fact_problems] == [("F410", "share")]  # required: not a number


def test_sqlite_style_integer_booleans_and_nullable_integers(rubric: rubricdsl.CompiledRubric) -> None:
    frame = pd.DataFrame(ROWS)
    frame["ok"] = frame["ok"].astype(int)  # 1/0
    frame["events"] = pd.array([3, None, 0], dtype="Int64")  # pandas NA for a required fact
    results = list(rubric.evaluate_frame(frame))
    assert [r.scores()["i_ok"] for r in results] == [5, 0, 5]
    assert [(p.code, p.subject) for p in results[1].fact_problems] == [("F401", "events")]


def test_rows_are_read_a_chunk_at_a_time_in_order(
    rubric: rubricdsl.CompiledRubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frames, "CHUNK_ROWS", 2)
    rows = [{**ROWS[index % 3], "events": index % 6} for index in range(11)]
    want = expected(rubric, rows)
    assert scored(rubric.evaluate_frame(pd.DataFrame(rows))) == want
    assert scored(rubric.evaluate_frame(pd.DataFrame(rows).astype({"share": np.float32}))) == [
        rubric.evaluate_closures({**row, "share": Decimal(str(np.float32(row["share"])))}).to_dict(numbers="string")
        for row in rows
    ]
    assert scored(rubric.evaluate_arrow(pa.Table.from_pylist(rows))) == want


def test_results_are_lazy(rubric: rubricdsl.CompiledRubric) -> None:
    results = rubric.evaluate_frame(pd.DataFrame(ROWS))
    assert not isinstance(results, list)
    assert next(results).total == Decimal(expected(rubric, ROWS[:1])[0]["total"])


def test_what_is_not_a_frame_is_refused_by_name(rubric: rubricdsl.CompiledRubric) -> None:
    with pytest.raises(TypeError, match="pandas or Polars DataFrame, not list"):
        rubric.evaluate_frame(ROWS)
    with pytest.raises(TypeError, match="pyarrow Table or an Arrow stream, not dict"):
        list(rubric.evaluate_arrow(ROWS[0]))


def test_an_arrow_stream_without_pyarrow_says_what_to_install(
    rubric: rubricdsl.CompiledRubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = pl.DataFrame(ROWS)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'rubricdsl\[arrow\]'"):
        list(rubric.evaluate_arrow(frame))


def test_results_become_an_arrow_table_with_exact_decimals(rubric: rubricdsl.CompiledRubric) -> None:
    from rubricdsl.render.arrow import results_table

    frame = pd.DataFrame([*ROWS, {**ROWS[0], "events": -1}])
    results = list(rubric.evaluate_frame(frame))
    table = results_table(results, frame["id"])
    assert table.column_names == ["id", "total", "grade", "complete", "problems", *results[0].scores()]
    assert table.column("id").to_pylist() == ["P1", "P2", "P3", "P1"]
    assert table.column("total").to_pylist() == [result.total for result in results]
    assert str(table.schema.field("i_share").type).startswith("decimal")
    assert table.column("i_share").to_pylist() == [result.scores()["i_share"] for result in results]
    assert table.column("i_bonus").to_pylist() == [Decimal("2.5"), None, Decimal(4), Decimal("2.5")]
    assert table.column("complete").to_pylist() == [True, True, True, False]
    assert table.column("problems").to_pylist() == [[], [], [], ["F403", "E303"]]  # the fact, the indicator
    with pytest.raises(ValueError, match="2 ids for 4 results"):
        results_table(results, ["a", "b"])


def test_rows_with_an_id_column_take_the_fast_path(rubric: rubricdsl.CompiledRubric) -> None:
    from rubricdsl.compiled import CleanResult

    frame = pd.DataFrame([{**row, "bonus": 1.5} for row in ROWS] * 3)
    assert "id" in frame.columns
    results = list(rubric.evaluate_frame(frame))
    assert isinstance(results[-1], CleanResult)  # the generated function scored it
    assert scored(results) == expected(rubric, frame.to_dict("records"))
    declared = rubricdsl.loads('rubric t "T" 10\nfact id "编号": count\nindicator i "乙" 10 { formula min(10, id) }\n')
    assert [r.total for r in declared.evaluate_frame(pd.DataFrame({"id": [3, 12]}))] == [3, 10]
