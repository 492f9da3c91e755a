"""Checklist items worth exact fractions: the checks on their points (semantics/exact_points.py)."""

from __future__ import annotations

import pytest

import rubricdsl


def _codes(text: str) -> list[str]:
    with pytest.raises(rubricdsl.RubricError) as caught:
        rubricdsl.loads(text, name="demo.rubric")
    return [d.code for d in caught.value.diagnostics]


def _rubric(items: str, *, rounding: bool = True, points: str = "10") -> str:
    head = f'rubric demo "示例" {points}\n' + ("rounding indicators 2\n" if rounding else "")
    head += "fact a: bool\nfact b: bool\nfact c: bool\n"
    return head + f'indicator i "指标" {points} {{ checklist: {items} }}\n'


def test_three_thirds_of_ten_check_exactly() -> None:
    rubricdsl.loads(_rubric("a -> 10/3; b -> 10/3; c -> 10/3"))


def test_a_sum_above_the_points_by_a_fraction_is_refused() -> None:
    # 10/3 + 10/3 + 3.34 = 10.0066…: more than 10, which rounded points would hide
    assert _codes(_rubric("a -> 10/3; b -> 10/3; c -> 3.34")) == ["E210"]


def test_thirds_mixed_with_decimals_count_in_a_common_denominator() -> None:
    rubricdsl.loads(_rubric("a -> 5/3; b -> 2.5; c -> 35/6"))  # 10/6 + 15/6 + 35/6 = 60/6


def test_exact_points_need_a_declared_indicator_rounding() -> None:
    assert _codes(_rubric("a -> 10/3; b -> 10/3; c -> 10/3", rounding=False)) == ["E262"]
    total_only = _rubric("a -> 10/3; b -> 10/3; c -> 10/3", rounding=False).replace(
        "fact a", "rounding total 2\nfact a", 1
    )
    assert _codes(total_only) == ["E262"]  # rounding the total alone leaves 20/3 unshown


@pytest.mark.parametrize("items", ["a -> 10/0; b -> 5", "a -> 2.5/3; b -> 5", "a -> 10/2.5; b -> 5"])
def test_improper_fractions_are_refused(items: str) -> None:
    assert _codes(_rubric(items)) == ["E260"]


def test_a_product_is_not_exact_points() -> None:
    assert _codes(_rubric("a -> 10*3")) == ["E260"]


@pytest.mark.parametrize("where", ["indicator", "section", "rubric"])
def test_fraction_points_outside_checklist_items_are_refused(where: str) -> None:
    text = 'rubric demo "示例" 10\nfact a: bool\n'
    if where == "indicator":
        text += 'indicator i "x" 10/3 { when a -> 1; else 0 }\n'
    elif where == "section":
        text += 'section s "x" 10/3 { indicator i "x" 10 { when a -> 1; else 0 } }\n'
    else:
        text = text.replace("10\n", "10/3\n", 1) + 'indicator i "x" 10 { when a -> 1; else 0 }\n'
    assert _codes(text) == ["E261"]
