"""The formatter: canonical layout, every comment kept, meaning unchanged, and a second run changes nothing."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.format import SuppressionWouldMove, format_source
from rubricdsl.lint import lint_source
from rubricdsl.reading.source import SourceFile
from tests.conftest import RUBRICS
from tests.format.test_formatter_fuzz import _breaks_a_piece_near, _verdict

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
        'rubric t "测试" 10分\n'
        "\n"
        'fact x "x": number, > 0  # 尾注释\n'
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
    assert result.exit_code == 1 and "+  formula 1" in result.stdout  # like --check: it would change
    assert path.read_text(encoding="utf-8") == 'rubric t "t" 1\nindicator i "i" 1 {formula 1}\n'
    result = runner.invoke(app, ["fmt", "--diff", "--check", str(path)])
    assert result.exit_code == 1 and "+  formula 1" in result.stdout and "would reformat" in result.stderr
    assert runner.invoke(app, ["fmt", str(path)]).exit_code == 0
    assert path.read_text(encoding="utf-8") == 'rubric t "t" 1\n\nindicator i "i" 1 {\n  formula 1\n}\n'
    assert runner.invoke(app, ["fmt", "--check", str(path)]).exit_code == 0
    result = runner.invoke(app, ["fmt", "--diff", str(path)])
    assert result.exit_code == 0 and result.stdout == ""


def test_fmt_command_refuses_a_file_that_does_not_parse(tmp_path: Path) -> None:
    path = tmp_path / "bad.rubric"
    path.write_text('rubric t "t" 1\nindicator i "i" 1 {formula }\n', encoding="utf-8")
    result = runner.invoke(app, ["fmt", str(path)])
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8").endswith("{formula }\n")


# ---- a suppression keeps covering what it covered (issue 8, class 11) -------------------------------------

SUPPRESSED_HEAD = 'rubric demo "示例" 15\nfact used "已用": count\n'
LADDER = "score used: >=10 -> 15; >=5 -> 10; >=3 -> 5; >=20 -> 3; >=1 -> 1; (0, 1) -> 0.5; >=0 -> 0.1; else 0"


def _lint_names(text: str) -> list[str]:
    return [finding.name for finding in lint_source(SourceFile("t.rubric", text)).findings]


@pytest.mark.parametrize(
    "indicator",
    [
        # a one-line indicator whose rule is too long for one line, suppressed at the end of its line
        f'indicator one "一个名字很长很长的指标" 15 {{ {LADDER} }}  # rubric: ignore[unreachable-band]\n',
        # a one-line indicator suppressed from the line above
        f'# rubric: ignore[unreachable-band]\nindicator one "一" 15 {{ {LADDER} }}\n',
        # a split rule suppressed on its head: the first band is covered, the rest are not
        'indicator one "一" 15 {\n  score used:  # rubric: ignore[unreachable-band]\n    >=20 -> 3;\n'
        "    >=10 -> 15;\n    >=20 -> 3;\n    else 0\n}\n",
    ],
    ids=["trailing", "line-above", "split-rule"],
)
def test_a_suppression_covers_the_same_code_after_formatting(indicator: str) -> None:
    text = SUPPRESSED_HEAD + indicator
    formatted = format_source(text)
    assert _lint_names(formatted) == _lint_names(text)
    assert format_source(formatted) == formatted


def test_a_one_line_indicator_with_a_suppression_stays_on_its_line() -> None:
    text = SUPPRESSED_HEAD + f'indicator one "一" 15 {{ {LADDER} }}  # rubric: ignore[unreachable-band]\n'
    assert _lint_names(text) == []
    formatted = format_source(text)
    assert formatted.splitlines()[-1] == f'indicator one "一" 15 {{ {LADDER} }}  # rubric: ignore[unreachable-band]'
    assert _lint_names(formatted) == []


def test_fmt_leaves_a_file_alone_when_a_suppression_cannot_keep_its_place(tmp_path: Path) -> None:
    path = tmp_path / "r.rubric"
    text = SUPPRESSED_HEAD + 'let share "比率" = used /\n  2  # rubric: ignore[unused-value]\n'
    text += 'indicator a "甲" 15 { score used: >=1 -> 15; else 0 }\n'
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["fmt", str(path)])
    assert result.exit_code == 1 and "warning[E141]" in result.stderr and f"{path}:4:6" in result.stderr
    assert path.read_text(encoding="utf-8") == text


# ---- the author's spelling and order (issue 9 §7) ---------------------------------------------------------

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
AUTHORED = sorted(path for path in GOLDEN.glob("*.rubric") if not path.name.endswith(".formatted.rubric"))


@pytest.mark.parametrize("path", AUTHORED, ids=lambda path: path.stem)
def test_formatting_matches_the_golden_text(path: Path) -> None:
    golden = path.with_suffix(".formatted.rubric")
    formatted = format_source(path.read_text(encoding="utf-8"), str(path))
    if UPDATE_GOLDEN:
        golden.write_text(formatted, encoding="utf-8")
    assert formatted == golden.read_text(encoding="utf-8")
    assert format_source(formatted) == formatted


def test_booleans_quotes_and_declaration_order_are_the_authors() -> None:
    text = (
        'rubric t “测试” 1\nfact a “甲”: bool, default 否\nlet b = a == 是\nfact c "丙": bool\n'
        "indicator i “指” 1 { when b and c == false -> 1; else 0 }\n"
    )
    formatted = format_source(text)
    assert formatted == (
        'rubric t “测试” 1\n\nfact a “甲”: bool, default 否\nlet b = a == 是\nfact c "丙": bool\n\n'
        "indicator i “指” 1 {\n  when b and c == false -> 1; else 0\n}\n"
    )


def test_a_label_holding_a_quote_mark_keeps_the_quotes_it_needs() -> None:
    text = 'rubric t “带"直引号” 1\nfact a "带”弯引号": bool\nindicator i "i" 1 { judged a }\n'
    assert format_source(text) == (
        'rubric t “带"直引号” 1\n\nfact a "带”弯引号": bool\n\nindicator i "i" 1 {\n  judged a\n}\n'
    )


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10_000), path=st.sampled_from(SHIPPED))
def test_suppressions_in_shipped_rubrics_keep_covering_the_same_code(seed: int, path: Path) -> None:
    """The shipped rubrics with suppressions (of the rule that fires on them, and others) on random lines,
    then re-laid-out: the linter's findings survive formatting, or the file is left alone for a reason."""
    rng = random.Random(seed)
    lines = path.read_text(encoding="utf-8").splitlines()
    for index in sorted(rng.sample(range(1, len(lines)), 6), reverse=True):
        comment = f"# rubric: ignore[{rng.choice(['division-by-zero-risk', 'L108', 'unused-fact', 'L999'])}]"
        if rng.random() < 0.5 and "#" not in lines[index]:
            lines[index] += "  " + comment
        else:
            lines.insert(index, comment)
    text = _relayout("\n".join(lines) + "\n", rng) if seed % 2 else "\n".join(lines) + "\n"
    try:
        formatted = format_source(text)
    except SuppressionWouldMove as refused:
        assert _breaks_a_piece_near(text, refused.comment), text
        return
    assert _verdict(formatted) == _verdict(text)
    assert format_source(formatted) == formatted
