"""The lexer's nesting counter counts every bracket kind alike.

Intervals may open with one kind and close with the other (`(0, 5%]`, `[0, 1)`); before, `[`/`]` were not
counted, so each `(a, b]` raised the depth for good and each `[a, b)` lowered it, letting deep sections
past the limit into a RecursionError.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rubricdsl.cli import main
from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax.parse import MAX_NESTING, parse_rubric

HEAD = 'rubric r "R" {points}\nfact p "P": percent\n'


def _indicator(index: int, bands: int) -> str:
    ladder = "; ".join(f"({step}%, {step + 5}%] -> 0" for step in range(0, 5 * bands, 5))
    return f'indicator i{index} "I" 1 {{ score p: {ladder}; else 1 }}\n'


def _codes(text: str) -> list[str]:
    try:
        parse_rubric(SourceFile("x.rubric", text))
    except RubricSyntaxError as error:
        return [diagnostic.code for diagnostic in error.diagnostics]
    return []


def test_many_half_open_ladders_stay_within_the_nesting_limit() -> None:
    # 67 indicators × 3 `(a, b]` bands: more intervals than the limit, none of them nested.
    count = 67
    assert 3 * count > MAX_NESTING
    text = HEAD.format(points=count) + "".join(_indicator(index, 3) for index in range(count))
    assert _codes(text) == []


def _sections_after_closed_open_bands(depth: int) -> str:
    bands = "; ".join("[0, 1) -> 0" for _ in range(depth + 50))
    flat = f'indicator a "A" 1 {{ score p: {bands}; else 1 }}\n'
    opened = "".join(f'section s{level} "S" 1 {{\n' for level in range(depth))
    return HEAD.format(points=2) + flat + opened + 'indicator b "B" 1 { formula 1 }\n' + "}\n" * depth


def test_closed_open_bands_do_not_let_deep_sections_past_the_limit() -> None:
    assert _codes(_sections_after_closed_open_bands(MAX_NESTING + 1)) == ["E113"]
    assert _codes(_sections_after_closed_open_bands(MAX_NESTING - 1)) == []


def test_the_deep_sections_end_in_exit_2_not_a_recursion_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "deep.rubric"
    path.write_text(_sections_after_closed_open_bands(1200), encoding="utf-8")
    for command, exit_code in (("check", 2), ("lint", 1), ("fmt", 2)):  # lint reports it as a finding
        with pytest.raises(SystemExit) as exited:
            main([command, str(path), "--lang", "en"])
        assert exited.value.code == exit_code, command
        out, err = capsys.readouterr()
        assert "E113" in out + err
        assert "Traceback" not in out + err


@pytest.mark.parametrize("opening, closing", [("(", "]"), ("[", ")"), ("[", "]"), ("（", "]"), ("[", "）")])
def test_every_interval_shape_counts_one_level(opening: str, closing: str) -> None:
    def inside(sections: int) -> str:
        band = f"{opening}0, 1{closing} -> 0"
        opened = "".join(f'section s{level} "S" 1 {{\n' for level in range(sections))
        indicator = f'indicator a "A" 1 {{ score p: {band}; else 1 }}\n'
        return HEAD.format(points=1) + opened + indicator + "}\n" * sections

    # the sections' and the indicator's braces reach the limit; the interval is one level more
    assert _codes(inside(MAX_NESTING - 1)) == ["E113"]
    assert _codes(inside(MAX_NESTING - 2)) == []
