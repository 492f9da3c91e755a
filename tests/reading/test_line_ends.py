"""`\r`, `\r\n` and `\n` end a line alike: in the lexer (comments, labels), the line index and the carets.

Before, a `#` comment ran to the next `\n`, so in a file with CR-only line ends everything after a comment
(here: a veto) was silently part of the comment.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import rubricdsl
from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.reading.source import SourceFile, line_number
from rubricdsl.render.diagnostics import render_all

LINES = [
    'rubric r "R" 5',
    'fact a "A": bool',
    '# the indicator',
    'indicator i "I" 5 { when a -> 5; else 5 }',
    '# a comment right before the veto',
    'veto when a, "否决"',
]  # fmt: skip
ENDINGS = [pytest.param("\n", id="LF"), pytest.param("\r\n", id="CRLF"), pytest.param("\r", id="CR")]


@pytest.mark.parametrize("end", ENDINGS)
def test_a_veto_after_a_comment_counts_whatever_the_line_ends(end: str) -> None:
    rubric = rubricdsl.loads(end.join(LINES) + end)
    assert len(rubric.checked.rubric.vetoes) == 1
    result = rubric.evaluate({"a": True})
    assert result.total == Decimal(0)
    assert rubric.evaluate_closures({"a": True}).total == Decimal(0)


@pytest.mark.parametrize("end", ENDINGS)
def test_lines_and_columns_are_the_same_whatever_the_line_ends(end: str) -> None:
    text = end.join(LINES) + end
    source = SourceFile("x", text)
    offset = text.index("veto when")
    assert source.position(offset).line == 6
    assert source.position(offset).column == 1
    assert source.line_text(6) == LINES[5]
    assert line_number(text, offset) == 6


@pytest.mark.parametrize("end", ENDINGS)
def test_a_caret_lands_on_the_right_line(end: str) -> None:
    lines = [*LINES[:3], 'indicator i "I" 5 { when a => 5; else 5 }', *LINES[4:]]
    with pytest.raises(RubricSyntaxError) as caught:
        rubricdsl.loads(end.join(lines) + end, name="x.rubric")
    rendered = render_all(caught.value.diagnostics, caught.value.source, "en")
    assert "x.rubric:4:" in rendered
    assert "\r" not in rendered


@pytest.mark.parametrize("end", ["\r", "\n", "\r\n"])
def test_a_label_cannot_run_over_a_line_end(end: str) -> None:
    text = f'rubric r "R{end}" 5{end}fact a "A": bool{end}indicator i "I" 5 {{ when a -> 5; else 0 }}{end}'
    with pytest.raises(RubricSyntaxError):
        rubricdsl.loads(text)
