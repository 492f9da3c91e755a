"""An indicator's target and actual value: resolved by the checker, checked against each other."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rubricdsl
from rubricdsl.evaluate.reference import covers
from rubricdsl.semantics.targets import actual_of, target_text
from rubricdsl.syntax import nodes as n

HEAD = """rubric demo "示例" 10
fact trainees "培训人次": count
fact rate "合格率": percent
fact cost "人均成本": money 元
fact planned "计划人次": count, > 0
"""


def _codes(text: str) -> list[str]:
    with pytest.raises(rubricdsl.RubricError) as caught:
        rubricdsl.loads(text, name="demo.rubric")
    return [d.code for d in caught.value.diagnostics]


def _indicator(body: str) -> str:
    return HEAD + f'indicator i "指标" 10 {{\n{body}\n}}\n'


def test_target_in_the_rule_reads_the_literal_and_v1_still_covers_it() -> None:
    rubric = rubricdsl.loads(_indicator("  target >= 500\n  proportional trainees against target"))
    (info,) = rubric.checked.indicators
    assert isinstance(info.node.rule, n.ProportionalRule)
    assert info.node.rule.target == n.Literal(value=Decimal(500), kind=n.LiteralKind.NUMBER, text="500")
    assert covers(rubric.checked)  # the resolved rule is a v1 rule: both evaluators take it
    facts = {"trainees": 450, "rate": "90%", "cost": 1, "planned": 1}
    assert rubric.evaluate(facts).total == Decimal(9)
    assert rubric.evaluate_closures(facts).total == Decimal(9)


def test_target_fact_is_read_through_target() -> None:
    rubric = rubricdsl.loads(_indicator("  target planned\n  proportional trainees against target"))
    (info,) = rubric.checked.indicators
    assert "planned" in info.facts
    result = rubric.evaluate({"trainees": 300, "rate": "90%", "cost": 1, "planned": 400})
    assert result.total == Decimal("7.5")


def test_checked_tree_holds_the_resolved_rule_and_the_formatter_the_written_one() -> None:
    text = _indicator("  target >= 500\n  proportional trainees against target")
    rubric = rubricdsl.loads(text)
    (written,) = [c for c in rubric.checked.rubric.children if isinstance(c, n.Indicator)]
    assert isinstance(written.rule, n.ProportionalRule) and isinstance(written.rule.target, n.Literal)
    from rubricdsl.format import format_source

    assert "proportional trainees against target" in format_source(text)


def test_a_fact_may_still_be_called_target_or_actual() -> None:
    text = 'rubric demo "示例" 10\nfact target: count, > 0\nfact actual: count\n'
    text += 'indicator i "指标" 10 { proportional actual against target }\n'
    assert rubricdsl.loads(text).evaluate({"target": 10, "actual": 5}).total == Decimal(5)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("  target 90%\n  proportional trainees against 500", "E263"),  # percent target, count actual
        ("  target 2000元\n  score rate: >= 90% -> 10; else 0", "E263"),  # money target, percent actual
        ("  target >= 500\n  actual cost\n  formula 10", "E263"),  # the explicit actual is money
        ('  target "有效提升"\n  proportional rate against target', "E264"),
        ('  target >= "有效提升"\n  formula 10', "E264"),
    ],
)
def test_mismatched_or_unusable_targets_are_refused(body: str, code: str) -> None:
    assert code in _codes(_indicator(body))


def test_target_ambiguous_with_a_fact_called_target() -> None:
    text = 'rubric demo "示例" 10\nfact target: count, > 0\nfact done: count\n'
    text += 'indicator i "指标" 10 {\n  target 5\n  proportional done against target\n}\n'
    assert "E264" in _codes(text)


def test_unknown_names_in_target_and_actual_are_reported() -> None:
    assert "E201" in _codes(_indicator("  target plannd\n  formula 10"))
    assert "E201" in _codes(_indicator("  target 5\n  actual trainee\n  formula 10"))


def test_actual_defaults_to_the_subject_and_target_text_reads_like_the_table() -> None:
    rubric = rubricdsl.loads(_indicator("  target <= 2000元\n  proportional cost against target lower"))
    node = rubric.checked.indicators[0].node
    assert isinstance(actual_of(node), n.Name) and actual_of(node) == n.Name(ident="cost")
    assert node.target is not None and target_text(node.target) == "≤2000元"
    judged = rubricdsl.loads(HEAD + 'fact s: number\nindicator i "x" 10 {\n  target 5\n  judged s\n}\n')
    assert actual_of(judged.checked.indicators[0].node) is None
