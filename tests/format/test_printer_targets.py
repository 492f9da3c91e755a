"""The printer keeps targets, actual values and exact points as written (format/printer.py)."""

from __future__ import annotations

import pytest

from rubricdsl.format import format_source

CANONICAL = """rubric demo "示例" 30

rounding indicators 2 half_up

fact trainees "培训人次": count
fact planned "计划人次": count, > 0
fact a: bool
fact b: bool
fact c: bool

indicator trainee_count "培训人次" 10 {
  standard "按完成比例计分"
  target >= planned
  actual trainees
  proportional trainees against target
}

indicator outcome "社会效益" 10 {
  target "有效提升"
  checklist: a -> 10/3 "制度健全"; b -> 10/3; c -> 10/3
}

indicator plain "人次" 10 {
  target 500  # 人次
  proportional trainees against target
}
"""


def test_canonical_text_formats_to_itself() -> None:
    assert format_source(CANONICAL) == CANONICAL


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("target ≥ 90%", "target >= 90%"),
        ("target≦2000元", "target <= 2000元"),
        ("target “按期完成”", "target “按期完成”"),
        ("target 50万元", "target 50万元"),
    ],
)
def test_targets_print_canonically_keeping_values_as_written(written: str, printed: str) -> None:
    text = f'rubric d "d" 10\nfact x: percent\nindicator i "i" 10 {{\n  {written}\n  formula 10\n}}\n'
    assert f"  {printed}\n" in format_source(text)


def test_exact_points_keep_their_fraction() -> None:
    text = 'rubric d "d" 10\nrounding indicators 2\nfact a: bool\nindicator i "i" 10 { checklist: a -> 20/6 }\n'
    assert "a -> 20/6" in format_source(text)  # not 10/3 and not 3.3333
