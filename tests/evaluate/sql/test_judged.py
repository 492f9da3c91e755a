"""The judged-within form in SQL: a judged score outside its tier's range fails the indicator with the fact
problem the Python evaluator reports (``F440`` point ranges, ``F441`` percent ranges, ``F442`` a tier with no
range), as ``CODE:indicator`` in ``problems`` and ``complete = false``; every cell equal to the Python
evaluator's, in DuckDB, PostgreSQL and Spark."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import rubricdsl
from rubricdsl.ir.lower import lower_program
from tests.evaluate.sql.engines import engine  # noqa: F401  (the fixture)
from tests.evaluate.sql.helpers import Engine, assert_agree, random_fact_sets

HELDOUT = Path(__file__).parents[2] / "forms" / "heldout_tiers.rubric"

TIERS = """
rubric tiers "分档评议" 65
grades: 优 >= 60; 良 >= 50; 中 >= 30; else 差
fact ability_tier "专业能力": enum(较强, 一般, 较差, 未评)
fact ability_score "专业能力得分": number
fact sustainability "可持续影响": enum(达成, 部分达成, 未达成)
fact share_score "可持续影响得分比例": percent
fact review_tier "评议等级": enum(好, 中, 差), absent: not_applicable
fact review_points "评议得分": count
fact spent "支出": money 万元, >= 0
indicator ability "专业能力" 15 {
  judged ability_score within ability_tier: 较强 -> [10, 15]; 一般 -> [5, 10); 较差 -> [0, 5)
}
indicator sustain "可持续影响" 10 {
  judged share_score within sustainability: 达成 -> [80%, 100%]; 部分达成 -> (60%, 80%); 未达成 -> [0%, 60%]
}
indicator review "专家评议" 20 {
  judged review_points within review_tier: 好 -> [13, 20]; 中 -> [7, 12]; 差 -> [0, 6]
}
indicator budget "预算执行" 20 {
  score spent: >= 100万元 -> 20; >= 50万元 -> 10; else 0
}
"""

# Every tier crossed with scores at, beside and between the ranges' ends: the half-open ends are where an
# engine that compared by a rounded value would put a score in the wrong tier.
SCORES = ["-1", "0", "4.999999", "5", "6", "7", "9.999999", "10", "12", "12.5", "13", "15", "15.000001", "20", "21"]
SHARES = ["0", "0.59999999", "0.6", "0.60000001", "0.79999999", "0.8", "1", "1.00000001"]


def corner_sets() -> list[dict[str, object]]:
    sets: list[dict[str, object]] = []
    for position, tier in enumerate(["较强", "一般", "较差", "未评"]):
        for score in SCORES:
            sets.append({"ability_tier": tier, "ability_score": Decimal(score), "spent": Decimal(position * 40)})
    for tier in ["达成", "部分达成", "未达成"]:
        for share in SHARES:
            sets.append({"sustainability": tier, "share_score": Decimal(share), "spent": Decimal(100)})
    for review in ["好", "中", "差", None]:
        for points in [0, 6, 7, 12, 13, 20, 21]:
            sets.append({"review_tier": review, "review_points": points} if review else {"review_points": points})
    return sets


def test_every_tier_and_range_end_agrees(engine: tuple[str, Engine]) -> None:  # noqa: F811
    dialect, run = engine
    rubric = rubricdsl.loads(TIERS)
    sets = corner_sets() + random_fact_sets(lower_program(rubric.checked), 300, seed=41)
    assert assert_agree(rubric, sets, run, dialect=dialect) == len(sets)


def test_the_corner_sets_reach_every_code() -> None:
    """The sets above are not vacuous: Python reports each of F440, F441, F442 on them, and scores some."""
    rubric = rubricdsl.loads(TIERS)
    results = [rubric.evaluate(facts) for facts in corner_sets()]
    codes = {d.code for result in results for d in (*result.fact_problems, *result.errors)}
    assert {"F440", "F441", "F442", "E301"} <= codes
    assert any(result.scores()["ability"] == Decimal(10) for result in results)


NESTED = """
rubric nested "分档评议（分支）" 15
fact kind "评议方式": enum(甲, 乙)
fact a_tier "甲档": enum(较强, 一般)
fact a_score "甲得分": number
fact b_tier "乙档": enum(较强, 一般)
fact b_score "乙得分": number
indicator both "专业能力" 15 {
  when kind == "甲" -> (judged a_score within a_tier: 较强 -> [10, 15]; 一般 -> [0, 10));
  else (judged b_score within b_tier: 较强 -> [12, 15]; 一般 -> [0, 12))
}
"""


def test_two_judged_rules_in_one_indicator_name_their_own_facts(engine: tuple[str, Engine]) -> None:  # noqa: F811
    """``F440:a_score`` and ``F440:b_score`` come from one indicator: the code carries which fact it names."""
    dialect, run = engine
    rubric = rubricdsl.loads(NESTED)
    sets = [
        {"kind": kind, "a_tier": tier, "a_score": Decimal(score), "b_tier": tier, "b_score": Decimal(score)}
        for kind in ("甲", "乙")
        for tier in ("较强", "一般")
        for score in ("0", "9.5", "10", "11", "12", "15", "16")
    ]
    problems = {str(d) for facts in sets for d in rubric.evaluate(facts).fact_problems}
    assert any("a_score" in p for p in problems) and any("b_score" in p for p in problems)
    assert assert_agree(
        rubric, sets + random_fact_sets(lower_program(rubric.checked), 200, seed=5), run, dialect=dialect
    )


def test_the_issue_s_tier_rubric_agrees_as_it_is_and_rounded(engine: tuple[str, Engine]) -> None:  # noqa: F811
    """The held-out tier rubric adds a quotient of two money facts to decimal scores. By size alone that sum
    needs 129 bits (it was S602); the interval analysis proves the quotient's score inside its points
    (evaluate/sql/proofs.py), which bounds it, so the query is exact as it is — and with `rounding
    indicators 2`, where every score has a constant denominator."""
    from rubricdsl.evaluate.sql.build import compile_sql

    text = HELDOUT.read_text(encoding="utf-8")
    assert "THEN 307 END" not in compile_sql(rubricdsl.loads(text)).sql
    dialect, run = engine
    plain = rubricdsl.loads(text)
    plain_sets = random_fact_sets(lower_program(plain.checked), 300, seed=43)
    assert assert_agree(plain, plain_sets, run, dialect=dialect) == 300
    dialect, run = engine
    rounded = rubricdsl.loads(
        text.replace('section output "产出与效益"', 'rounding indicators 2\nsection output "产出与效益"')
    )
    sets = random_fact_sets(lower_program(rounded.checked), 300, seed=43)
    assert assert_agree(rounded, sets, run, dialect=dialect) == 300
