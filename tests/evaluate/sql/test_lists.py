"""List facts in SQL: a list column of the engine's own type (DuckDB ``STRUCT(…)[]``, a PostgreSQL array of a
composite type, Spark ``ARRAY<STRUCT<…>>``), checked per item and field as the facts layer checks a facts file's
list, and every aggregate (count, count where, all, any, share, sum, ``given``) — every cell equal to the Python
evaluator's in DuckDB, PostgreSQL and Spark, on hypothesis-drawn lists (empty, one item, many, NULL items,
missing and bad fields)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.ir.lower import lower_program
from tests.evaluate.sql.engines import engine  # noqa: F401  (the fixture)
from tests.evaluate.sql.helpers import Engine, arrow_table, assert_agree, in_duckdb, random_fact_sets

pytest.importorskip("duckdb")

LISTS = """
rubric lists "列表" 40
fact funds "专项资金": list of {
  name: text, planned: money 万元, > 0, paid: money 万元, >= 0, late: bool, default 否,
  rate: percent, optional, cases: count, default 0, due: date, optional, paid_on: date, optional,
  kind: enum(中央, 省级), optional
}, >= 1, <= 6
fact extra "附加清单": list of { name: text, score: number, >= 0, <= 100 }, absent: not_applicable
fact target "目标比例": percent
let paid_total "已拨付": money = sum(funds.paid)
let late_count "逾期": number = count(funds where late)
indicator timely "及时" 6 { formula 6 * share(funds where not late) }
indicator full "到位" 6 { when all(funds where paid >= planned * target) -> 6; count(funds where paid < planned) == 1 -> 3; else 0 }
indicator amount "总额" 4 { score paid_total: >= 100万元 -> 4; >= 50万元 -> 2; else 0 }
indicator rated "比例" 4 { when any(funds where rate >= 90%) -> 4; else 0 }
indicator paid_by "按期" 4 {
  formula 4 * count(funds where given(paid_on) and given(due) and paid_on <= due) / count(funds)
}
indicator cases "案件" 4 { deduct sum(funds.cases where kind == "中央") + late_count: base 4, -1 per 1 above 0 }
indicator ratio "单价" 4 { when all(funds where paid / planned >= 0.5) -> 4; else 0 }
indicator scored "附加" 4 { score sum(extra.score where score > 10) / count(extra): >= 50 -> 4; else 0 }
indicator given_rate "比例完整" 4 { when any(funds where given(rate) and rate < 50%) -> 0; else 4 }
"""


def _rubric() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(LISTS)


def _money(whole: int) -> Decimal:
    return Decimal(whole).scaleb(-1)


@st.composite
def _item(draw: Any) -> dict[str, Any] | None:
    if draw(st.integers(0, 19)) == 0:
        return None  # a NULL item: F451
    fields: dict[str, Any] = {
        "name": draw(st.sampled_from(["乡村道路", "饮水", " ", "é"])),
        "planned": _money(draw(st.integers(-5, 800))),
        "paid": _money(draw(st.integers(-3, 900))),
        "late": draw(st.booleans()),
        "rate": Decimal(draw(st.integers(0, 120))).scaleb(-2),
        "cases": draw(st.integers(-1, 3)),
        "due": datetime.date(2021, 6, 30),
        "paid_on": datetime.date(2021, 6, 30) + datetime.timedelta(draw(st.integers(-3, 3))),
        "kind": draw(st.sampled_from(["中央", "省级", "其他"])),
    }
    left_out = draw(st.sets(st.sampled_from(sorted(fields))))
    return {key: value for key, value in fields.items() if key not in left_out}


_ITEMS = st.one_of(st.none(), st.lists(_item(), max_size=8), st.lists(_item(), min_size=1, max_size=2))
_EXTRA = st.one_of(
    st.none(),
    st.lists(st.fixed_dictionaries({"name": st.just("x"), "score": st.integers(-1, 101).map(Decimal)}), max_size=4),
)


@st.composite
def _fact_set(draw: Any) -> dict[str, Any]:
    facts = {
        "funds": draw(_ITEMS),
        "extra": draw(_EXTRA),
        "target": draw(st.sampled_from([Decimal("0.9"), Decimal(1), Decimal("0.5")])),
    }
    return {name: value for name, value in facts.items() if value is not None}


def _shown() -> list[dict[str, Any]]:
    """The cases by hand: empty lists, one item, a missing optional field read (E301) before and after the
    item that decides an `all`, and a list over its count bound."""
    item = {"name": "a", "planned": Decimal(10), "paid": Decimal(10), "rate": Decimal("0.95")}
    lacking = {"name": "b", "planned": Decimal(10), "paid": Decimal(4)}
    return [
        {"funds": [], "target": Decimal("0.9")},
        {"funds": [item], "extra": [], "target": Decimal("0.9")},
        {"funds": [item, lacking], "target": Decimal("0.9")},
        {"funds": [lacking, item], "target": Decimal("0.9")},
        {"funds": [item] * 7, "target": Decimal("0.9")},
        {"funds": [None, {}], "target": Decimal("0.9")},
        {"target": Decimal("0.9")},
    ]


def _valid_sets(count: int, seed: int) -> list[dict[str, Any]]:
    """Lists every field of which is valid (the generated ones mostly have a problem somewhere, so that
    their aggregates are rarely reached): paid at and beside planned × target, a rate at 50% and 90%, due
    dates beside the payment day, optional fields left out now and then."""
    rng = random.Random(seed)
    sets = []
    for _ in range(count):
        target = rng.choice([Decimal("0.9"), Decimal(1)])
        items = []
        for _ in range(rng.randint(1, 6)):
            planned = Decimal(rng.randint(1, 80))
            paid = (planned * target).quantize(Decimal("0.0001")) + rng.choice([0, 0, Decimal("0.0001"), -1])
            item: dict[str, Any] = {"name": rng.choice(["a", "b"]), "planned": planned, "paid": max(paid, Decimal(0))}
            item["late"] = rng.random() < 0.3
            optional = {
                "rate": rng.choice([Decimal("0.5"), Decimal("0.4999"), Decimal("0.9"), Decimal("0.8999")]),
                "cases": rng.randint(0, 2),
                "due": datetime.date(2021, 6, 30),
                "paid_on": datetime.date(2021, 6, 30) + datetime.timedelta(rng.randint(-1, 1)),
                "kind": rng.choice(["中央", "省级"]),
            }
            item.update({key: value for key, value in optional.items() if rng.random() < 0.8})
            items.append(item)
        extra = [{"name": "x", "score": Decimal(rng.choice([10, 11, 50, 100]))} for _ in range(rng.randint(0, 3))]
        sets.append({"funds": items, "extra": extra, "target": target})
    return sets


def test_list_facts_agree(engine: tuple[str, Engine]) -> None:  # noqa: F811
    dialect, run = engine
    rubric = _rubric()
    count = 150 if dialect != "spark" else 40
    sets = _shown() + _valid_sets(count, seed=5) + random_fact_sets(lower_program(rubric.checked), count, seed=11)
    assert assert_agree(rubric, sets, run, dialect=dialect) == len(sets)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sets=st.lists(_fact_set(), min_size=1, max_size=12))
def test_drawn_lists_agree_in_duckdb(sets: list[dict[str, Any]]) -> None:
    assert assert_agree(_rubric(), sets, in_duckdb) == len(sets)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sets=st.lists(_fact_set(), min_size=1, max_size=12))
def test_drawn_lists_agree_in_postgres(postgres: Any, sets: list[dict[str, Any]]) -> None:
    from tests.evaluate.sql.helpers import in_postgres

    assert assert_agree(_rubric(), sets, in_postgres(postgres), dialect="postgres") == len(sets)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sets=st.lists(_fact_set(), min_size=15, max_size=25))
def test_drawn_lists_agree_in_spark(spark: Any, sets: list[dict[str, Any]]) -> None:
    """Spark plans each query for seconds: two examples of many drawn sets each."""
    from tests.evaluate.sql.helpers import in_spark

    assert assert_agree(_rubric(), sets, in_spark(spark), dialect="spark") == len(sets)


def test_too_many_items_is_f454() -> None:
    """More than 10,000 items is F454 alone, as the facts layer reports it (no item is checked)."""
    rubric = rubricdsl.loads(
        'rubric r "r" 10\nfact xs "x": list of { v: count }\nindicator n "n" 10 { score count(xs): >= 1 -> 10; else 0 }\n'
    )
    sets = [{"xs": [{"v": 1}] * 10_001}, {"xs": [{"v": 1}] * 10_000}, {"xs": [None] * 10_001}]
    assert assert_agree(rubric, sets, in_duckdb) == 3


def _refused_column(column: Any) -> Any:
    import pyarrow as pa

    from rubricdsl.evaluate.sql.build import compile_sql
    from rubricdsl.evaluate.sql.run import SourceError, score_rows

    rubric = rubricdsl.loads(
        'rubric r "r" 10\nfact xs "x": list of { n: text, v: money }\nindicator s "s" 10 { score sum(xs.v): >= 1元 -> 10; else 0 }\n'
    )
    query = compile_sql(rubric)
    table = pa.table({"id": pa.array(["0"]), "xs": column})
    with pytest.raises(SourceError) as refused:
        score_rows(query, table)
    return refused.value.diagnostic


def test_a_list_column_of_the_wrong_type_is_refused_by_name() -> None:
    import pyarrow as pa

    def items(fields: list[tuple[str, Any]], value: dict[str, Any]) -> Any:
        return pa.array([[value]], pa.list_(pa.struct([pa.field(name, kind) for name, kind in fields])))

    wrong = _refused_column(items([("n", pa.string()), ("v", pa.float64())], {"n": "a", "v": 1.5}))
    assert (wrong.code, wrong.subject) == ("S604", "xs")
    assert "`xs.v`" in wrong.message.en and "DOUBLE" in wrong.message.en
    wide = _refused_column(items([("n", pa.string()), ("v", pa.decimal128(18, 6))], {"n": "a", "v": Decimal(1)}))
    assert wide.code == "S604" and "DECIMAL(18,6)" in wide.message.en
    lacking = _refused_column(items([("n", pa.string())], {"n": "a"}))
    assert lacking.code == "S630" and "no field `v`" in lacking.message.en
    extra = _refused_column(
        items([("n", pa.string()), ("v", pa.decimal128(18, 4)), ("w", pa.int64())], {"n": "a", "v": 1, "w": 2})
    )
    assert extra.code == "S630" and "`w`" in extra.message.en
    text = _refused_column(pa.array(['[{"n": "a", "v": 1}]']))
    assert text.code == "S630" and "not a list" in text.message.en
    numbers = _refused_column(pa.array([[1, 2]], pa.list_(pa.int64())))
    assert numbers.code == "S630" and "not structs" in numbers.message.en


def test_a_natural_list_column_is_scored(tmp_path: Path) -> None:
    """A Parquet file with a list column scores through `rubric eval --engine sql`'s own path."""
    import pyarrow.parquet as pq

    from rubricdsl.evaluate.sql.build import compile_sql
    from rubricdsl.evaluate.sql.run import Source, attach, connect, score_relation

    rubric = _rubric()
    query = compile_sql(rubric)
    sets = _shown()
    path = tmp_path / "facts.parquet"
    pq.write_table(arrow_table(query.facts, sets), path)
    connection = connect()
    attach(connection, Source("parquet", str(path)), "facts")
    relation = score_relation(connection, query, "facts")
    rows = sorted(relation.fetchall(), key=lambda row: int(row[0]))
    totals = [row[relation.columns.index("total")] for row in rows]
    expected = [rubric.evaluate(facts).total for facts in sets]
    assert [None if t is None else t.normalize() for t in totals] == [
        None if t is None else t.quantize(Decimal("1e-10")).normalize() for t in expected
    ]


def test_a_list_in_csv_text_is_refused_by_name() -> None:
    from rubricdsl.evaluate.sql.build import compile_sql

    with pytest.raises(rubricdsl.RubricError) as refused:
        compile_sql(_rubric(), text_input=True)
    (diagnostic,) = refused.value.diagnostics
    assert (diagnostic.code, diagnostic.subject) == ("S614", "funds")
