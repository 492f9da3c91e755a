"""Work the generator leaves out where its bounds prove it cannot matter, and the rows that show it was right:
an indicator's hold to [0, points] (E307) only where the score could leave it, an error CASE whose every arm
but the facts' own error is NULL only as that error, and a score that is a constant (no guard around it) written
at the declared scale. Each is checked against the Python evaluator in DuckDB and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

import rubricdsl
from rubricdsl.evaluate.sql.build import compile_sql
from tests.conftest import RUBRICS
from tests.evaluate.sql.helpers import assert_agree, in_duckdb, in_postgres

BOUNDED = """rubric bounded "界" 100
fact a "甲": bool
fact b "乙": bool
fact times "次数": count
indicator list "清单" 8 {
  checklist: a -> 5 "甲"; b -> 3 "乙"
}
indicator band "档" 10 {
  score times: >=3 -> 10; >=1 -> 4; else 0
}
indicator over "超" 10 {
  formula 4 * times
}
indicator fixed "定" 72 {
  formula 72
}
"""

SETS: list[dict[str, Any]] = [
    {"a": True, "b": True, "times": 0},
    {"a": False, "b": True, "times": 2},  # `over` is 8: inside its points
    {"a": True, "b": False, "times": 3},  # `over` is 12: E307
    {"a": True, "times": 1},  # b missing: `list` fails with the fact's own error
    {"b": False},  # a and times missing
]


def test_only_a_score_that_could_leave_its_points_is_held_to_them() -> None:
    query = compile_sql(rubricdsl.loads(BOUNDED))
    assert query.sql.count("THEN 307 END") == 1  # `over` only: a checklist, bands and a constant cannot
    seed = compile_sql(rubricdsl.load(RUBRICS / "xiangtan-sme-2021.rubric"))
    assert seed.sql.count("THEN 307 END") == 2  # the pro-rata deduction and the activities formula


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_rows_agree_where_the_guard_is_proved_and_where_it_fires(engine: str, request: pytest.FixtureRequest) -> None:
    rubric = rubricdsl.loads(BOUNDED)
    if engine == "duckdb":
        assert assert_agree(rubric, SETS, in_duckdb) == len(SETS)
        rows = {int(row["id"]): row for row in in_duckdb(compile_sql(rubric), SETS)}
        assert "E307:over" in rows[2]["problems"] and rows[2]["over"] is None  # the guard still fires
        assert str(rows[0]["fixed"]) == "72.0000000000"  # a constant, at the declared scale
    else:
        connection = request.getfixturevalue("postgres")
        assert assert_agree(rubric, SETS, in_postgres(connection), dialect="postgres") == len(SETS)
