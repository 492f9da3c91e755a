"""Work the generator leaves out where its bounds prove it cannot matter, and the rows that show it was right:
an indicator's hold to [0, points] (E307) only where the score could leave it, an error CASE whose every arm
but the facts' own error is NULL only as that error, and a score that is a constant (no guard around it) written
at the declared scale; a guard the interval analysis proves (`evaluate/sql/proofs.py`), NULL where its operand
fails. Each is checked against the Python evaluator in DuckDB and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import rubricdsl
from rubricdsl.evaluate.sql import proofs
from rubricdsl.evaluate.sql.build import compile_sql
from rubricdsl.evaluate.sql.proofs import proved_guards
from rubricdsl.ir.lower import lower_program
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
    # The pro-rata deduction and the activities formula: proved by the interval analysis (.proofs), not by size.
    assert seed.sql.count("THEN 307 END") == 0


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


# Inside [0, points] only by each operand's ends: the seed's pro-rata deduction `max(0, 2 − 25 × (share − 5%))`
# of a share of two money facts (a zero divisor fails: E302), and 15 less what is missing of 12 activities.
ANALYSED = """rubric analysed "析" 100
fact spent "支出": money
fact admin "管理费": money
fact activities "活动": count
let share "比例值" = admin / spent
indicator rate "比例" 2 {
  deduct share: base 2, -0.25 per 1% above 5%, pro rata
}
indicator busy "活动数" 15 {
  deduct activities: base 15, -1 per missing below 12
}
indicator rest "其余" 83 {
  formula 83
}
"""

ANALYSED_SETS: list[dict[str, Any]] = [
    {"spent": Decimal("100"), "admin": Decimal("3"), "activities": 12},  # at 5%: full
    {"spent": Decimal("100"), "admin": Decimal("6.5"), "activities": 0},  # pro rata: 1.625
    {"spent": Decimal("3"), "admin": Decimal("1"), "activities": 40},  # a third: 0
    {"spent": Decimal("0"), "admin": Decimal("99999999"), "activities": 5},  # E302: the share fails
    {"admin": Decimal("1")},  # spent and activities missing
]


def test_a_guard_the_interval_analysis_proves_is_not_written() -> None:
    program = lower_program(rubricdsl.loads(ANALYSED).checked)
    assert len(proved_guards(program)) == 3  # every indicator's E307 guard
    query = compile_sql(rubricdsl.loads(ANALYSED))
    assert "THEN 307 END" not in query.sql


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_rows_agree_where_the_analysis_proves_the_guard(engine: str, request: pytest.FixtureRequest) -> None:
    rubric = rubricdsl.loads(ANALYSED)
    if engine == "duckdb":
        assert assert_agree(rubric, ANALYSED_SETS, in_duckdb) == len(ANALYSED_SETS)
        rows = {int(row["id"]): row for row in in_duckdb(compile_sql(rubric), ANALYSED_SETS)}
        assert str(rows[1]["rate"]) == "1.6250000000"
        assert rows[3]["rate"] is None and "E302:rate" in rows[3]["problems"]
    else:
        connection = request.getfixturevalue("postgres")
        assert assert_agree(rubric, ANALYSED_SETS, in_postgres(connection), dialect="postgres") == len(ANALYSED_SETS)


def test_where_the_analysis_fails_no_guard_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(*_: object) -> None:
        raise TypeError("a node the analysis does not know")

    monkeypatch.setattr(proofs._GuardRecorder, "value", fails)
    assert proofs.proved_guards(lower_program(rubricdsl.loads(ANALYSED).checked)) == frozenset()
    assert compile_sql(rubricdsl.loads(ANALYSED)).sql.count("THEN 307 END") == 2  # `rest` is a constant
