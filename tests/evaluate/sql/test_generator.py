"""The generator refuses, by name (S618), any IR node or fact kind it has no translation for — nodes other
helpers add to the IR after it was written — instead of crashing; and its Spark dialect proves what Spark's
decimals cannot hold before any row is scored."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

import rubricdsl
from rubricdsl.evaluate.sql.dialects import DIALECTS
from rubricdsl.evaluate.sql.generator import Refusal, generate
from rubricdsl.evaluate.sql.numbers import Arithmetic, Num, TooWide
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.lower import lower_program
from rubricdsl.reading.source import NO_SPAN
from tests.conftest import RUBRICS


@dataclass(frozen=True, slots=True)
class ListSum:
    """Stands for an IR node added after the generator: it matches none of the generator's cases."""

    items: tuple[str, ...] = ()
    span: object = NO_SPAN


def _seed() -> ir.Program:
    return lower_program(rubricdsl.load(RUBRICS / "xiangtan-sme-2021.rubric").checked)


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_an_unknown_node_in_an_indicator_is_refused_by_name(dialect: str) -> None:
    program = _seed()
    first = program.indicators[0]
    changed = dataclasses.replace(first, body=ir.Let(key="x", value=ListSum(), body=first.body))  # type: ignore[arg-type]
    program = dataclasses.replace(program, indicators=(changed, *program.indicators[1:]))
    with pytest.raises(Refusal) as caught:
        generate(program, dialect=DIALECTS[dialect])
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == "S618"
    assert diagnostic.subject == first.id
    assert "ListSum" in diagnostic.message.en and "ListSum" in diagnostic.message.zh


def test_an_unknown_node_in_a_derived_value_is_refused_by_name() -> None:
    program = _seed()
    derived = dataclasses.replace(program.derived[0], expr=ListSum())  # type: ignore[arg-type]
    program = dataclasses.replace(program, derived=(derived, *program.derived[1:]))
    with pytest.raises(Refusal) as caught:
        generate(program)
    assert caught.value.diagnostic.code == "S618"
    assert caught.value.diagnostic.subject == derived.name


def test_an_unknown_fact_kind_is_refused_by_name() -> None:
    program = _seed()
    # (a `date` fact is known: refused by its own code, S616)
    week_fact = dataclasses.replace(program.inputs[0], kind="week")
    program = dataclasses.replace(program, inputs=(week_fact, *program.inputs[1:]))
    with pytest.raises(Refusal) as caught:
        generate(program)
    assert caught.value.diagnostic.code == "S618"
    assert "`week` fact" in caught.value.diagnostic.message.en


def test_an_unknown_child_of_a_section_is_refused_by_name() -> None:
    program = _seed()
    root = dataclasses.replace(program.root, children=(*program.root.children, ListSum()))  # type: ignore[arg-type]
    with pytest.raises(Refusal) as caught:
        generate(dataclasses.replace(program, root=root))
    assert caught.value.diagnostic.code == "S618"
    assert caught.value.diagnostic.subject == program.root.id


def test_spark_never_uses_div_nor_a_wide_scale_cut() -> None:
    """Spark's DIV casts a DECIMAL quotient to BIGINT (wrapping past 2^63), and DECIMAL(38,0) × 0.0000000001
    is cut to scale 6: the Spark query uses neither (the real engine's agreement is test_spark.py's)."""
    query = generate(_seed(), dialect=DIALECTS["spark"]).sql
    assert " DIV " not in query.upper()
    assert "AS DECIMAL(38,0)) * 0.0" not in query
    assert "VARCHAR" not in query


def test_spark_refuses_a_quotient_wider_than_it_divides_exactly() -> None:
    """Spark divides DECIMAL(38,0)s into DECIMAL(38,6): an exact quotient of more than 32 digits is refused
    when the query is generated (DuckDB's HUGEINT divides it)."""
    wide = Num("x", 10**35, None, 3)  # x / 3, up to 3.3 · 10^34
    assert Arithmetic(DIALECTS["duckdb"]).floor(wide).nmax == 10**35 // 3 + 1
    with pytest.raises(TooWide, match="spark divides exactly"):
        Arithmetic(DIALECTS["spark"]).floor(wide)
    narrow = Num("x", 10**31, None, 3)
    assert "MOD(" in Arithmetic(DIALECTS["spark"]).floor(narrow).n
