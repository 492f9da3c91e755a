"""Diagnostics render in one place: file:line:col, the line, a caret under the span (by display cells)."""

from __future__ import annotations

import pytest

import rubricdsl
from rubricdsl.render.diagnostics import render_text, to_json

TEXT = 'rubric t "t" 5\nfact 完成率: percent\nindicator i "指标" 5 { score 完成律: >=90% -> 5; else 0 }\n'


def _error() -> rubricdsl.RubricError:
    with pytest.raises(rubricdsl.RubricError) as raised:
        rubricdsl.loads(TEXT, name="demo.rubric")
    return raised.value


def test_english_rendering_places_the_caret_under_chinese_text() -> None:
    error = _error()
    expected = (
        "error[E201]: unknown name `完成律`\n"
        " --> demo.rubric:3:28\n"
        "  |\n"
        '3 | indicator i "指标" 5 { score 完成律: >=90% -> 5; else 0 }\n'
        # 指标 takes four cells in a terminal, so the caret is two cells further right than the column
        "  | " + " " * 29 + "^^^^^^\n"
        "  = help: did you mean `完成率`?"
    )
    assert render_text(error.diagnostics[0], error.source, "en") == expected


def test_chinese_rendering_uses_the_same_code() -> None:
    error = _error()
    rendered = render_text(error.diagnostics[0], error.source, "zh")
    assert rendered.startswith("错误[E201]: 未定义的名称 `完成律`")
    assert rendered.endswith("= 提示: 是否想写 `完成率`？")


def test_json_form() -> None:
    error = _error()
    data = to_json(error.diagnostics[0], error.source, "en")
    assert data == {
        "code": "E201",
        "name": "unknown-name",
        "severity": "error",
        "message": "unknown name `完成律`",
        "location": {"file": "demo.rubric", "line": 3, "column": 28, "end": {"line": 3, "column": 31}},
        "subject": None,
        "help": "did you mean `完成率`?",
    }


def test_very_long_lines_are_cut_around_the_caret() -> None:
    text = 'rubric t "t" 5\nindicator i "' + "长" * 5000 + '" 5 { formula nope }\n'
    with pytest.raises(rubricdsl.RubricError) as raised:
        rubricdsl.loads(text)
    rendered = render_text(raised.value.diagnostics[0], raised.value.source, "en")
    assert max(len(line) for line in rendered.splitlines()) < 260
    assert "nope" in rendered
