"""The canonical print of issue 10's forms 1 and 3 keeps the phrasing exactly as the issue writes it, keeps how
levels were quoted, and wraps a nested rule in parentheses only where its own `;` needs them."""

from __future__ import annotations

import pytest

import rubricdsl
from rubricdsl.format import format_source

AS_WRITTEN = [
    "judged ability_score within ability_tier: 较强 -> [10, 15]; 一般 -> [5, 10); 较差 -> [0, 5)",
    "judged share_score within sustainability: 达成 -> [80%, 100%]; 部分达成 -> [60%, 80%); 未达成 -> [0%, 60%)",
    "when policy_reason -> 10; else deduct overrun: base 10, -1 per 4% above 0%, whole steps",
    'when kind == "率" -> proportional rate against 95%; else proportional amount against target_amount',
]
HEAD = """rubric r "R" 10
fact ability_tier "专业能力": enum(较强, 一般, 较差)
fact ability_score "专业能力得分": number
fact sustainability "可持续影响": enum(达成, 部分达成, 未达成)
fact share_score "得分比例": percent
fact policy_reason "政策性原因": bool
fact overrun "超时比例": percent, >= 0%
fact kind "类型": enum(率, 额)
fact rate "完成率": percent
fact amount "完成额": money 元
fact target_amount "目标额": money 元, > 0
"""


def _words(text: str) -> str:
    """The print with its layout undone: a rule too wide for one line is laid out a part per line."""
    return " ".join(text.split())


def _rubric(rule: str) -> str:
    return HEAD + f'indicator i "指标" 10 {{\n  {rule}\n}}\n'


@pytest.mark.parametrize("rule", AS_WRITTEN)
def test_the_phrasing_as_written_is_the_canonical_print(rule: str) -> None:
    text = _rubric(rule)
    formatted = format_source(text)
    assert f"{{ {rule} }}" in _words(formatted)
    assert format_source(formatted) == formatted
    assert rubricdsl.loads(formatted).checked.rubric == rubricdsl.loads(text).checked.rubric


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("when policy_reason -> (formula 10); else 0", "when policy_reason -> formula 10; else 0"),
        (
            "when policy_reason -> 10 ；else (levels kind: 率 -> 10；额 -> 5)",
            "when policy_reason -> 10; else (levels kind: 率 -> 10; 额 -> 5)",
        ),
        (
            'when policy_reason -> (judged ability_score within ability_tier: "较强" -> [0,10]; 一般 -> [0, 5)); else 0',
            'when policy_reason -> (judged ability_score within ability_tier: "较强" -> [0, 10]; 一般 -> [0, 5)); else 0',
        ),
    ],
)
def test_parentheses_only_where_needed_and_spelling_kept(written: str, canonical: str) -> None:
    formatted = format_source(_rubric(written))
    assert f"{{ {canonical} }}" in _words(formatted)
    assert rubricdsl.loads(formatted).checked.rubric == rubricdsl.loads(_rubric(written)).checked.rubric
