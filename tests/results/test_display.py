"""One display per kind, and a shown value is never on the wrong side of (or equal to) a bound it is compared with."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rubricdsl
from rubricdsl.results.display import display_kinds, number_text, percent_text, show

D = Decimal


@pytest.mark.parametrize(
    ("value", "kind", "bounds", "shown"),
    [
        (D("0.95"), "percent", (), "95%"),
        (D("0.862037"), "percent", (), "≈86.2%"),
        (D("0.89999"), "percent", (D("0.8"), D("0.9")), "89.999%"),
        (D("0.8999999"), "percent", (D("0.9"),), "89.99999%"),  # as many digits as it takes: here all
        (D("0.8999999991234"), "percent", (D("0.9"),), "≈89.9999999%"),
        (D("0.100005"), "percent", (D("0.1"), D("0.2")), "10.0005%"),
        (D("0.100000512"), "percent", (D("0.1"),), "≈10.0001%"),
        (D("0.100000512"), "percent", (), "≈10%"),  # compared with nothing: the usual two places
        (D("0.9"), "percent", (D("0.9"),), "90%"),  # equal reads equal, exactly
        (D(1) / 3, "number", (), "≈0.333333"),
        (D("-0.0000001"), "number", (), "≈0"),
        (D("-0.0000001"), "number", (D(0),), "-0.0000001"),
        (D("300000"), "money_wan", (), "30万元"),
        (D("30000000"), "money_wan", (), "3000万元"),
        (D("500000.50"), "money", (), "500000.5元"),
        (D("12.000"), "count", (), "12"),
        (True, "bool", (), "是"),
        (None, "number", (), "—"),
        ("良", "enum", (), "良"),
    ],
)
def test_show(value: object, kind: str, bounds: tuple[Decimal, ...], shown: str) -> None:
    assert show(value, kind, bounds) == shown


def test_the_display_does_not_depend_on_the_callers_context() -> None:
    import decimal

    with decimal.localcontext() as context:
        context.prec = 3
        assert percent_text(D("0.9876543")) == "≈98.77%"
        assert show(D("123456789.123"), "money_wan") == "≈12345.678912万元"
    assert number_text(D("98.750")) == "98.75"


def test_kinds_come_from_the_checked_types() -> None:
    rubric = rubricdsl.loads(
        """rubric k "k" 10
fact spent "执行数": money 万元
fact planned "预算数": money 万元
fact done "完成数": count
fact wanted "计划数": count
fact x "指标值": number
let 执行率 "执行率" = spent / planned
let 完成率 "完成率" = done / wanted
let 结余 "结余" = planned - spent
let 倍数 "倍数" = x / 2
indicator i "i" 10 { score 执行率: >= 0.9 -> 10; else 0 }
"""
    )
    kinds = display_kinds(rubric.checked)
    # A quotient of two amounts of one kind is a share, whatever the thresholds are spelt like.
    assert (kinds["执行率"], kinds["完成率"], kinds["倍数"]) == ("percent", "percent", "number")
    assert (kinds["spent"], kinds["结余"], kinds["done"]) == ("money_wan", "money_wan", "count")
    result = rubric.evaluate({"spent": 3000, "planned": 3000, "done": 1, "wanted": 2, "x": 1})
    assert result.indicator("i").reason.zh == "执行率 = 100% → `>= 0.9 -> 10`"
    assert [read.shown for read in result.indicator("i").reads] == ["100%", "3000万元", "3000万元"]
