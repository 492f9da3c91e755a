"""A `when` branch (or its `else`) that is a rule, as written: grammar, checker, printer, 评价标准, lint ranges,
coverage and the command line.  (tests/forms/test_when.py holds the lowering and the trace on a built AST.)"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli.app import app
from rubricdsl.diagnostics.errors import RubricError
from rubricdsl.format import format_source
from rubricdsl.lint import analyse
from rubricdsl.outputs.standard_text import standard_text
from rubricdsl.syntax import nodes as n

TIMELY = "when policy_reason -> 10; else deduct overrun: base 10, -1 per 4% above 0%, whole steps"
CHOICE = 'when kind == "率" -> proportional rate against 95%; else proportional amount against target_amount'
TEXT = f"""
rubric nested "嵌套规则" 20
fact policy_reason "政策性原因": bool
fact overrun "超时比例": percent, >= 0%
fact kind "指标类型": enum(率, 额)
fact rate "完成率": percent, >= 0%
fact amount "完成额": money 元, >= 0
fact target_amount "目标额": money 元, > 0
indicator timely "完成及时性" 10 {{ {TIMELY} }}
indicator choice "完成情况" 10 {{ {CHOICE} }}
"""
FACTS: dict[str, Any] = {
    "policy_reason": False,
    "overrun": "9%",
    "kind": "率",
    "rate": "76%",
    "amount": 800,
    "target_amount": 1000,
}


@pytest.fixture(scope="module")
def rubric() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(TEXT)


def _rules(rubric: rubricdsl.CompiledRubric) -> dict[str, n.Rule]:
    return {info.node.id: info.node.rule for info in rubric.checked.indicators}


def test_the_grammar_builds_the_nested_rules(rubric: rubricdsl.CompiledRubric) -> None:
    timely, choice = _rules(rubric)["timely"], _rules(rubric)["choice"]
    assert isinstance(timely, n.WhenRule) and isinstance(choice, n.WhenRule)
    assert isinstance(timely.branches[0].outcome, n.Literal)
    assert isinstance(timely.otherwise, n.DeductRule) and timely.otherwise.mode is n.StepMode.WHOLE_STEPS
    assert isinstance(choice.branches[0].outcome, n.ProportionalRule)
    assert isinstance(choice.otherwise, n.ProportionalRule)


@pytest.mark.parametrize(
    ("changes", "timely", "choice"),
    [
        ({}, "8", "8"),  # 9% over 0%: 2 whole 4% steps → 10 − 2; 76% / 95% = 0.8 → 8
        ({"policy_reason": True}, "10", "8"),  # the exemption: 10, the deduction is not evaluated
        ({"overrun": "3.99%"}, "10", "8"),  # not one whole step
        ({"overrun": "40%"}, "0", "8"),  # 10 steps: 扣完为止
        ({"kind": "额"}, "8", "8"),  # 800 / 1000 → 8
        ({"kind": "额", "amount": 1200}, "8", "10"),  # over the target: clamped to the points
        ({"rate": "99%"}, "8", "10"),
    ],
)
def test_each_branch_scores_as_the_rule_alone(
    rubric: rubricdsl.CompiledRubric, changes: dict[str, Any], timely: str, choice: str
) -> None:
    result = rubric.evaluate(FACTS | changes)
    assert result.complete
    assert (result.scores()["timely"], result.scores()["choice"]) == (Decimal(timely), Decimal(choice))


def test_the_explanation_names_the_branch_then_the_inner_rule(rubric: rubricdsl.CompiledRubric) -> None:
    reasons = {item.id: item.reason for item in rubric.evaluate(FACTS).indicators}
    assert reasons["timely"].zh == (
        "政策性原因 = 否：条件均不成立 → 否则：超时比例 = 9%：比 0% 高 9%，满 2 整档（每档 4%）→ 10 − 1 × 2 = 8 分"
    )
    assert reasons["choice"].zh.startswith('指标类型 率 = "率" → ')
    assert reasons["choice"].zh.endswith("= 80% → 8 分")


def test_the_command_line_explains_it_on_exact_values(tmp_path: Path) -> None:
    rubric_file, facts_file = tmp_path / "nested.rubric", tmp_path / "facts.json"
    rubric_file.write_text(TEXT, encoding="utf-8")
    facts_file.write_text(json.dumps(FACTS), encoding="utf-8")
    run = CliRunner().invoke(app, ["eval", str(rubric_file), str(facts_file), "--format", "json", "--lang", "zh"])
    assert run.exit_code == 0, run.output
    found = json.loads(run.stdout)
    assert Decimal(str(found["total"])) == 16
    rows = {row["id"]: row for row in found["indicators"]}
    assert Decimal(str(rows["timely"]["score"])) == 8
    assert "否则：超时比例 = 9%" in rows["timely"]["reason"]


def _codes(body: str) -> list[str]:
    text = TEXT.replace(TIMELY, body)
    with pytest.raises(RubricError) as caught:
        rubricdsl.loads(text)
    return [d.code for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        # the nested rule is checked against the indicator's points, as it would be alone
        ("when policy_reason -> 10; else deduct overrun: base 12, -1 per 4% above 0%", ["E210"]),
        ("when policy_reason -> (levels kind: 率 -> 11; 额 -> 5); else 0", ["E210"]),
        ("when policy_reason -> (levels kind: 率 -> 5; 比 -> 5); else 0", ["E209"]),
        ("when policy_reason -> 10; else deduct overrun: base 10, -1 per 4 above 0%", ["E203", "E230"]),
        ('when policy_reason -> 10; else (checklist: kind == "率" -> 6; policy_reason -> 6)', ["E210"]),
        ("when policy_reason -> 10; else proportional missing_fact against 1", ["E201"]),
        # written without the parentheses its own `;` needs
        ("when policy_reason -> 10; else levels kind: 率 -> 5; 额 -> 3", ["E243"]),
        ("when policy_reason -> score overrun: <= 4% -> 10; else 5; else 0", ["E243"]),
    ],
)
def test_the_checker_and_the_parser_reject(body: str, codes: list[str]) -> None:
    assert _codes(body) == codes


def test_a_wrapped_multi_part_rule_is_a_branch() -> None:
    rubric = rubricdsl.loads(
        TEXT.replace(TIMELY, "when policy_reason -> 10; else (score overrun: <= 4% -> 8; <= 8% -> 5; else 0)")
    )
    assert rubric.evaluate(FACTS).scores()["timely"] == 0  # 9% > 8%
    assert rubric.evaluate(FACTS | {"overrun": "8%"}).scores()["timely"] == 5


def test_the_formatter_round_trips_and_wraps_only_what_needs_it() -> None:
    text = TEXT.replace(
        TIMELY,
        "when policy_reason -> (deduct overrun: base 10, -1 per 4% above 0%); else (levels kind: 率 -> 5; 额 -> 3)",
    )
    formatted = format_source(text)
    assert (
        "    policy_reason -> deduct overrun: base 10, -1 per 4% above 0%;\n    else (levels kind: 率 -> 5; 额 -> 3)\n"
        in formatted
    )
    assert rubricdsl.loads(formatted).checked.rubric == rubricdsl.loads(text).checked.rubric
    assert format_source(formatted) == formatted
    assert format_source(TEXT) == format_source(format_source(TEXT))
    assert TIMELY in format_source(TEXT) and CHOICE in format_source(TEXT)


def test_the_standard_sentence_gives_the_inner_rule(rubric: rubricdsl.CompiledRubric) -> None:
    indicators = {info.node.id: info.node for info in rubric.checked.indicators}
    assert standard_text(rubric, indicators["timely"]) == (
        "政策性原因：是，计10分；否，按以下标准计分（超时比例≤0%，计10分；每高出4%扣1分（满一档扣一次），扣完为止）"
    )
    assert standard_text(rubric, indicators["choice"]) == (
        'kind == "率"，按以下标准计分（按完成率/95%的比例计分，最高10分）；'
        "否则按以下标准计分（按完成额/目标额的比例计分，最高10分）"
    )


def test_the_lint_range_of_a_nested_rule_is_its_own_on_the_branchs_path() -> None:
    rubric = rubricdsl.loads(TEXT.replace(TIMELY, "when overrun > 8% -> (score overrun: <= 4% -> 10; else 3); else 7"))
    found = analyse(rubric.checked).indicators["timely"]
    nested, otherwise = found.branches
    # overrun > 8% on that path: the band `<= 4% -> 10` cannot fire, so the branch gives exactly 3
    assert (nested.outcome.lo, nested.outcome.hi) == (3, 3)
    assert (otherwise.outcome.lo, otherwise.outcome.hi) == (7, 7)
    assert (found.score.lo, found.score.hi) == (3, 7)


def test_rubric_test_coverage_asks_for_the_inner_outcomes(tmp_path: Path) -> None:
    (tmp_path / "nested.rubric").write_text(TEXT, encoding="utf-8")
    facts = FACTS | {"$expect": {"scores": {"timely": 8, "choice": 8}}}
    (tmp_path / "nested.facts.json").write_text(json.dumps(facts), encoding="utf-8")
    run = CliRunner().invoke(app, ["test", str(tmp_path / "nested.rubric"), "--coverage", "--lang", "en"])
    assert run.exit_code == 0, run.output
    assert "else: above 0%: deducted" not in run.output  # reached by this case
    assert "else: not above 0%: no deduction" in run.output  # not reached: listed as uncovered
    assert "branch 1: target met: full points" in run.output


def test_a_rule_after_a_score_band_gets_no_parentheses_hint() -> None:
    """Only a `when` outcome may be a rule: after a score band `E243` would send the writer the wrong way."""
    text = TEXT.replace(TIMELY, "score overrun: <= 4% -> levels kind: 率 -> 5; 额 -> 3; else 0")
    with pytest.raises(RubricError) as caught:
        rubricdsl.loads(text)
    assert [d.code for d in caught.value.diagnostics] != ["E243"]


def test_a_nested_tier_rule_is_linted_and_scored() -> None:
    from rubricdsl.lint import lint_source
    from rubricdsl.reading.source import SourceFile

    text = (
        'rubric r "分档" 15\nfact exempt "免评": bool\nfact tier "专业能力": enum(较强, 一般, 较差)\n'
        'fact given "专业能力得分": number\nindicator i "专业能力" 15 {\n'
        "  when exempt -> 15; else (judged given within tier: 较强 -> [10, 15]; 一般 -> [5, 10])\n}\n"
    )
    rubric = rubricdsl.loads(text)
    assert rubric.evaluate({"exempt": False, "tier": "一般", "given": 6}).total == 6
    assert [p.code for p in rubric.evaluate({"exempt": False, "tier": "一般", "given": 11}).fact_problems] == ["F440"]
    assert rubric.evaluate({"exempt": True, "tier": "一般", "given": 11}).total == 15  # the branch not taken
    codes = {finding.code for finding in lint_source(SourceFile("r.rubric", text)).findings}
    assert {"L112", "L113"} <= codes  # 10 in both ranges; 较差 has none


@pytest.mark.parametrize(
    ("outcome", "keyword", "column"),
    [
        ("judged given within tier: 好 -> [5, 10]; 差 -> [0, 5)", "judged … within", 27),
        ("checklist: exempt -> 5; exempt -> 5", "checklist", 27),
        ("when exempt -> 5; else 3", "when", 27),
    ],
)
def test_the_unwrapped_diagnostic_points_at_the_nested_rule(outcome: str, keyword: str, column: int) -> None:
    text = (
        'rubric r "R" 10\nfact exempt "免评": bool\nfact tier "等级": enum(好, 差)\nfact given "得分": number\n'
        f'indicator i "I" 10 {{\n  when exempt -> 10; else {outcome}\n}}\n'
    )
    with pytest.raises(RubricError) as caught:
        rubricdsl.loads(text)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "E243"
    assert f"`{keyword}`" in diagnostic.message.en
    assert diagnostic.span is not None
    assert caught.value.source.position(diagnostic.span.start).column == column
    assert diagnostic.hint is not None and f"({keyword.split()[0]}" in diagnostic.hint.en
