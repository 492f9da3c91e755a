"""The formatter: canonical layout, every comment kept, meaning unchanged, and a second run changes nothing."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.format import format_source
from tests.conftest import RUBRICS

SHIPPED = sorted(RUBRICS.glob("*.rubric"))
runner = CliRunner()

MESSY = """# 头注释
rubric   t  "测试"   10分
fact  x "x"：number，> 0   # 尾注释
let r="比率"=x/2
section s "部分" 10 {
indicator i "指标" 10 {
  # 规则前的注释
  score r：≥90％ ->10；（0, 90%) -> 5 ; else 0
}
}
# 文件末尾的注释
"""


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_shipped_rubrics_are_already_formatted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_source(text, str(path)) == text


def test_messy_input_becomes_canonical() -> None:
    text = MESSY.replace('let r="比率"=x/2', 'let r "比率" = x/2')
    assert format_source(text) == (
        "# 头注释\n"
        'rubric t "测试" 10\n'
        "\n"
        'fact x "x": number, > 0  # 尾注释\n'
        "\n"
        'let r "比率" = x / 2\n'
        "\n"
        'section s "部分" 10 {\n'
        '  indicator i "指标" 10 {\n'
        "    # 规则前的注释\n"
        "    score r: >=90% -> 10; (0, 90%) -> 5; else 0\n"
        "  }\n"
        "}\n"
        "# 文件末尾的注释\n"
    )


IDENTITY = [
    'rubric t "t" 1\n\nindicator i "i" 1 {\n  formula a - (b - c) + (a + b) * c / (d / e)\n}\n',
    'rubric t "t" 1\n\nindicator i "i" 1 {\n  when not (a and b) or (c >= 1) == d -> 1; else 0\n}\n',
    'rubric t "t" 1\n\nindicator i "i" 1 {\n  formula -(a + 1) * -b\n}\n',
    'rubric t "t" 1\n\nfact q: enum(好, "较 好", "else"), default "较 好"\n\nindicator i "i" 1 {\n'
    '  levels q: 好 -> 1; "较 好" -> 50%\n}\n',
    'rubric t "t" 1\n\nindicator i "i" 1 {\n  deduct n: base 1, -0.25 per 1% above 5%, whole steps, cap 0.5\n}\n',
    'rubric t "t" 1\n\nindicator i “带"引号” 1 {\n  proportional a against 2000元 lower\n}\n',
]


@pytest.mark.parametrize("text", IDENTITY)
def test_canonical_text_comes_back_unchanged(text: str) -> None:
    assert format_source(text) == text


def test_long_rules_break_one_part_per_line() -> None:
    items = "; ".join(f'goal_{index} -> 1 "第{index}项要素的完整说明文字"' for index in range(6))
    text = f'rubric t "t" 6\nindicator i "i" 6 {{ checklist: {items} }}\n'
    formatted = format_source(text)
    assert '    goal_0 -> 1 "第0项要素的完整说明文字";\n' in formatted
    assert format_source(formatted) == formatted


def test_several_trailing_comments_of_one_rule_are_kept_and_stable() -> None:
    text = 'rubric t "t" 5\nindicator i "i" 5 {\n  score x:\n    >=90% -> 5;  # 九成\n    else 0  # 其余\n}\n'
    formatted = format_source(text)
    assert "# 九成" in formatted and "# 其余" in formatted
    assert format_source(formatted) == formatted


def _relayout(text: str, rng: random.Random) -> str:
    """Same tokens, other whitespace: spaces become runs of spaces, tabs or newlines where safe."""
    out = []
    for line in text.splitlines():
        if "#" in line or '"' in line or "“" in line:
            out.append(line)
            continue
        words = line.split(" ")
        out.append("".join(word + rng.choice([" ", "  ", "\n", " \t", "\n\n  "]) for word in words).rstrip())
    return "\n".join(out) + "\n"


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), path=st.sampled_from(SHIPPED))
def test_formatting_is_idempotent_and_meaning_preserving_under_relayout(seed: int, path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    messy = _relayout(original, random.Random(seed))
    once = format_source(messy)
    assert format_source(once) == once
    assert rubricdsl.loads(once).checked.rubric == rubricdsl.loads(original).checked.rubric
    assert sorted(re.findall(r"#[^\n]*", once)) == sorted(re.findall(r"#[^\n]*", original))


def test_fmt_command_check_diff_and_write(tmp_path: Path) -> None:
    path = tmp_path / "r.rubric"
    path.write_text('rubric t "t" 1\nindicator i "i" 1 {formula 1}\n', encoding="utf-8")
    result = runner.invoke(app, ["fmt", "--check", str(path)])
    assert result.exit_code == 1 and "would reformat" in result.stderr
    result = runner.invoke(app, ["fmt", "--diff", str(path)])
    assert result.exit_code == 0 and "+  formula 1" in result.stdout
    assert runner.invoke(app, ["fmt", str(path)]).exit_code == 0
    assert path.read_text(encoding="utf-8") == 'rubric t "t" 1\n\nindicator i "i" 1 {\n  formula 1\n}\n'
    assert runner.invoke(app, ["fmt", "--check", str(path)]).exit_code == 0


def test_fmt_command_refuses_a_file_that_does_not_parse(tmp_path: Path) -> None:
    path = tmp_path / "bad.rubric"
    path.write_text('rubric t "t" 1\nindicator i "i" 1 {formula }\n', encoding="utf-8")
    result = runner.invoke(app, ["fmt", str(path)])
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8").endswith("{formula }\n")
