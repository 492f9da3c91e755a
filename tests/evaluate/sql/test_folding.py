"""What the generator decides when it writes the query, so the query need not (generator.py, numbers.py): a
condition of constants ends or drops a CASE arm, every indicator counts toward the applicable points where no
fact is optional (no per-row sum, no rescale, no E305), a constant numerator of 1 is not multiplied out, and
derived values share a stage unless one reads another.  Each with the rows it gives checked against the Python
evaluator."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import rubricdsl
from rubricdsl.evaluate.sql.build import compile_sql
from rubricdsl.evaluate.sql.dialects import DUCKDB
from rubricdsl.evaluate.sql.numbers import Arithmetic
from tests.conftest import RUBRICS
from tests.evaluate.sql.helpers import assert_agree, in_duckdb


def test_a_decided_condition_is_decided_when_the_query_is_made() -> None:
    math_ = Arithmetic(DUCKDB)
    one, two, three = (math_.const(Fraction(k)) for k in (1, 2, 3))
    always = math_.choose([("FALSE", one), ("x > 0", two), ("TRUE", three)], one)
    assert always is not None and always.n == "(CASE WHEN x > 0 THEN 2 ELSE 3 END)"
    first = math_.choose([("TRUE", two)], one)
    assert first == two and first is not None and first.value == 2  # still a constant: sums of it fold
    assert math_.choose([("TRUE", None)], one) is None  # a failure that always fires gives no value


STAGED = """rubric staged "层" 100
fact a "甲": money
fact b "乙": money
fact c "丙": count, optional, absent: not_applicable
let ab "甲乙比" = a / b
let ba "乙甲比" = b / a
let both "合" = ab + ba
indicator share "比" 50 {
  score both: >=250% -> 50; >=200% -> 30; else 0
}
indicator third "丙" 50 {
  score c: >=1 -> 50; else 0
}
"""

SETS: list[dict[str, Any]] = [
    {"a": Decimal(1), "b": Decimal(2), "c": 3},  # 0.5 + 2 = 2.5
    {"a": Decimal(1), "b": Decimal(1)},  # c absent: rescaled from 50 applicable points
    {"a": Decimal(0), "b": Decimal(1), "c": 0},  # b / a fails: E302
]


def test_derived_values_share_a_stage_unless_one_reads_another() -> None:
    sql = compile_sql(rubricdsl.loads(STAGED)).sql
    assert "derived0 AS (" in sql and "derived1 AS (" in sql and "derived2 AS (" not in sql
    assert assert_agree(rubricdsl.loads(STAGED), SETS, in_duckdb) == len(SETS)


def test_with_an_optional_fact_the_applicable_points_are_summed_per_row() -> None:
    sql = compile_sql(rubricdsl.loads(STAGED)).sql
    assert "<> 1)" in sql and "E305:" in sql


def test_with_no_optional_fact_every_indicator_counts() -> None:
    seed = compile_sql(rubricdsl.load(RUBRICS / "xiangtan-sme-2021.rubric")).sql
    assert "<> 1)" not in seed and "E305:" not in seed and "100 AS __a_n" in seed
    assert "(1 * " not in seed  # 5% is 1/20: 1 × the denominator is the denominator
    required = rubricdsl.loads(STAGED.replace(", optional, absent: not_applicable", ""))
    assert "<> 1)" not in compile_sql(required).sql
    present = [facts for facts in SETS if "c" in facts]
    assert assert_agree(required, present, in_duckdb) == len(present)
