"""Checklist items worth exact fractions (forms/checklist.py): one division at the end, so thirds sum to the
whole; the IR interpreter and the generated IR agree, and the explanation states the exact sum."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.evaluate.reference import covers
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.lower import lower_program
from tests.ir.test_codegen import Pair

THIRDS = """rubric thirds "制度建设" 10
rounding indicators 2
fact a "制度健全": bool
fact b "执行有效": bool
fact c "有检查记录": bool
indicator system "制度建设" 10 {
  checklist: a -> 10/3 "制度健全"; b -> 10/3 "执行有效"; c -> 10/3 "有检查记录"
}
"""


def _rubric(total: int, count: int) -> str:
    facts = "".join(f"fact f{i}: bool\n" for i in range(count))
    items = "; ".join(f"f{i} -> {total}/{count}" for i in range(count))
    return f'rubric r "r" {total}\nrounding indicators 2\n{facts}indicator i "i" {total} {{ checklist: {items} }}\n'


def test_all_three_thirds_are_exactly_ten() -> None:
    rubric = rubricdsl.loads(THIRDS)
    result = rubric.evaluate({"a": True, "b": True, "c": True})
    assert result.total == Decimal(10) and str(result.indicator("system").raw_score) == "10"


def test_two_thirds_show_the_exact_sum_and_the_declared_rounding() -> None:
    result = rubricdsl.loads(THIRDS).evaluate({"a": True, "b": True, "c": False})
    item = result.indicator("system")
    assert item.score == Decimal("6.67") and result.total == Decimal("6.67")
    assert "→ 20/3" in item.reason.en and "→ 20/3 分" in item.reason.zh
    assert "6.67" in item.reason.en  # the rounding step, in the same sentence


def test_lowered_as_one_division_of_whole_parts() -> None:
    program = lower_program(rubricdsl.loads(THIRDS).checked)
    body = program.indicators[0].body
    assert isinstance(body, ir.Guard) and isinstance(body.value, ir.Div)
    division = body.value
    assert division.divisor == ir.Const(value=Decimal(3))
    assert isinstance(division.dividend, ir.Sum)
    assert [term.arms[0].value for term in division.dividend.terms] == [ir.Const(value=Decimal(10))] * 3  # type: ignore[attr-defined]


def test_scored_by_the_ir_alone_and_the_generated_ir_agrees() -> None:
    rubric = rubricdsl.loads(THIRDS)
    assert not covers(rubric.checked)
    pair = Pair(rubric)
    for a in (True, False):
        for b in (True, False):
            pair.same({"a": a, "b": b, "c": not a})


@settings(max_examples=60, deadline=None)
@given(total=st.integers(1, 100), count=st.integers(1, 9), data=st.data())
def test_n_equal_items_sum_exactly(total: int, count: int, data: st.DataObject) -> None:
    met = data.draw(st.lists(st.booleans(), min_size=count, max_size=count))
    rubric = rubricdsl.loads(_rubric(total, count))
    result = rubric.evaluate({f"f{i}": value for i, value in enumerate(met)})
    exact = Fraction(total * sum(met), count)
    item = result.indicators[0]
    assert item.raw_score == Context(prec=50).divide(Decimal(total * sum(met)), Decimal(count))
    if all(met):
        assert item.raw_score == Decimal(total)
    rounded = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert item.score == rounded
    Pair(rubric).same({f"f{i}": value for i, value in enumerate(met)})
