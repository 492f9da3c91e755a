"""`judged SCORE within TIER: …`: a judged score held to its tier's range, end to end on exact values.

Both phrasings of issue 10 are written exactly as the issue writes them; every expected number below is
worked out by hand in the comment next to it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import rubricdsl
from rubricdsl.diagnostics.errors import RubricError
from rubricdsl.format import format_source
from rubricdsl.outputs.standard_text import standard_text
from rubricdsl.syntax import nodes as n

POINTS = "judged ability_score within ability_tier: 较强 -> [10, 15]; 一般 -> [5, 10); 较差 -> [0, 5)"
SHARES = "judged share_score within sustainability: 达成 -> [80%, 100%]; 部分达成 -> [60%, 80%); 未达成 -> [0%, 60%)"
TEXT = f"""
rubric tiers "分档评议" 25
fact ability_tier "专业能力": enum(较强, 一般, 较差)
fact ability_score "专业能力得分": number
fact sustainability "可持续影响": enum(达成, 部分达成, 未达成)
fact share_score "可持续影响得分比例": percent
indicator ability "专业能力" 15 {{ {POINTS} }}
indicator sustain "可持续影响" 10 {{ {SHARES} }}
"""


@pytest.fixture(scope="module")
def rubric() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(TEXT)


def _facts(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "ability_tier": "较强",
        "ability_score": 12,
        "sustainability": "达成",
        "share_score": "85%",
    }
    return base | changes


def _rule(rubric: rubricdsl.CompiledRubric, ident: str) -> n.JudgedWithinRule:
    rule = next(info.node.rule for info in rubric.checked.indicators if info.node.id == ident)
    assert isinstance(rule, n.JudgedWithinRule)
    return rule


def test_both_phrasings_parse_as_written(rubric: rubricdsl.CompiledRubric) -> None:
    ability = _rule(rubric, "ability")
    assert (ability.score.ident, ability.tier.ident) == ("ability_score", "ability_tier")
    assert [tier.level for tier in ability.ranges] == ["较强", "一般", "较差"]
    second = ability.ranges[1].range
    assert (second.low.value, second.low_inclusive, second.high.value, second.high_inclusive) == (5, True, 10, False)
    sustain = _rule(rubric, "sustain")
    assert [tier.range.low.value for tier in sustain.ranges] == [Decimal("0.8"), Decimal("0.6"), Decimal(0)]


@pytest.mark.parametrize(
    ("changes", "ability", "sustain"),
    [
        ({}, "12", "8.50"),  # 12 ∈ [10, 15]; 10 × 85% = 8.50
        ({"ability_score": 10}, "10", "8.50"),  # 10 is the closed low end of 较强
        ({"ability_score": 15}, "15", "8.50"),  # … and 15 its closed high end
        ({"ability_tier": "一般", "ability_score": "9.5"}, "9.5", "8.50"),  # 9.5 ∈ [5, 10)
        ({"ability_tier": "较差", "ability_score": 0}, "0", "8.50"),  # 0 ∈ [0, 5)
        ({"sustainability": "部分达成", "share_score": "60%"}, "12", "6.0"),  # 10 × 60% (closed low end)
        ({"sustainability": "未达成", "share_score": "0%"}, "12", "0"),  # 10 × 0%
        ({"sustainability": "达成", "share_score": "100%"}, "12", "10"),  # 10 × 100%
    ],
)
def test_a_score_in_its_tiers_range_is_the_score(
    rubric: rubricdsl.CompiledRubric, changes: dict[str, Any], ability: str, sustain: str
) -> None:
    result = rubric.evaluate(_facts(**changes))
    assert result.complete, [d.message.en for d in (*result.fact_problems, *result.errors)]
    scores = result.scores()
    assert (scores["ability"], scores["sustain"]) == (Decimal(ability), Decimal(sustain))
    assert result.total == Decimal(ability) + Decimal(sustain)


@pytest.mark.parametrize(
    ("changes", "code", "indicator", "message"),
    [
        (
            {"ability_tier": "一般", "ability_score": 10},  # 10 is the open high end of [5, 10)
            "F440",
            "ability",
            "`ability_score` (专业能力得分) = 10 is outside [5, 10), the range for `ability_tier` (专业能力) = 一般",
        ),
        (
            {"ability_tier": "较强", "ability_score": "9.99"},
            "F440",
            "ability",
            "`ability_score` (专业能力得分) = 9.99 is outside [10, 15], the range for `ability_tier` (专业能力) = 较强",
        ),
        (
            {"sustainability": "部分达成", "share_score": "80%"},  # 80% is the open high end of [60%, 80%)
            "F441",
            "sustain",
            "`share_score` (可持续影响得分比例) = 80% is outside [60%, 80%), the range for `sustainability` "
            "(可持续影响) = 部分达成",
        ),
    ],
)
def test_a_score_outside_its_tiers_range_is_a_fact_problem_naming_both(
    rubric: rubricdsl.CompiledRubric, changes: dict[str, Any], code: str, indicator: str, message: str
) -> None:
    result = rubric.evaluate(_facts(**changes))
    assert not result.complete
    assert [problem.code for problem in result.fact_problems] == [code]
    assert result.fact_problems[0].message.en == message
    assert result.errors == ()  # listed once, with the facts' problems
    row = next(item for item in result.indicators if item.id == indicator)
    assert row.status == "error" and row.score is None
    assert row.error is not None and row.error.code == code
    other = "sustain" if indicator == "ability" else "ability"
    assert result.total == result.scores()[other]  # the failed indicator counts as nothing


def test_the_chinese_message_names_both_labels_and_the_range(rubric: rubricdsl.CompiledRubric) -> None:
    result = rubric.evaluate(_facts(ability_tier="较差", ability_score=5))
    assert result.fact_problems[0].message.zh == (
        "`ability_score`（专业能力得分）为 5，不在 `ability_tier`（专业能力）为“较差”时的得分区间 [0, 5) 内"
    )


def test_a_level_without_a_range_is_F442() -> None:
    rubric = rubricdsl.loads(TEXT.replace("; 较差 -> [0, 5)", ""))
    result = rubric.evaluate(_facts(ability_tier="较差", ability_score=3))
    assert [problem.code for problem in result.fact_problems] == ["F442"]
    assert result.fact_problems[0].subject == "ability_tier"
    assert "`ability_tier` (专业能力) = 较差" in result.fact_problems[0].message.en


def test_the_explanation_states_tier_range_and_score_exactly(rubric: rubricdsl.CompiledRubric) -> None:
    result = rubric.evaluate(_facts(ability_tier="一般", ability_score="7.25", share_score="87.5%"))
    reasons = {item.id: item.reason for item in result.indicators}
    assert reasons["ability"].zh == "专业能力 = 一般，专业能力得分 = 7.25 在 [5, 10) 内 → 7.25 分"
    assert reasons["ability"].en == "专业能力 = 一般; 专业能力得分 = 7.25, within [5, 10) → 7.25"
    # 10 × 87.5% = 8.75
    assert (
        reasons["sustain"].zh
        == "可持续影响 = 达成，可持续影响得分比例 = 87.5% 在 [80%, 100%] 内 → 10 分 × 87.5% = 8.75 分"
    )
    assert (
        reasons["sustain"].en == "可持续影响 = 达成; 可持续影响得分比例 = 87.5%, within [80%, 100%] → 10 × 87.5% = 8.75"
    )


def _check_codes(body: str, facts: str = "") -> list[str]:
    text = (
        'rubric r "R" 15\nfact tier "等级": enum(较强, 一般, 较差)\nfact given "得分": number\n'
        f'fact share "比例": percent\nfact flag "是否": bool\n{facts}indicator i "I" 15 {{ {body} }}\n'
    )
    with pytest.raises(RubricError) as caught:
        rubricdsl.loads(text)
    return [d.code for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        ("judged given within flag: 较强 -> [10, 15]", ["E240"]),  # the tier is a bool
        ("judged given within share: 较强 -> [10, 15]", ["E240"]),
        ("judged share within tier: 较强 -> [10, 15]", ["E241"]),  # a percent fact with point ranges
        ("judged given within tier: 较强 -> [80%, 100%]", ["E241"]),  # a number fact with percent ranges
        ("judged given within tier: 较强 -> [10, 15]; 一般 -> [0%, 60%)", ["E242"]),
        ("judged given within tier: 较强 -> [10元, 15元]", ["E242"]),
        ("judged given within tier: 很强 -> [10, 15]", ["E209"]),  # not a level of the enum
        ("judged given within tier: 较强 -> [10, 15]; 较强 -> [5, 10)", ["E211"]),
        ("judged given within tier: 较强 -> [10, 10)", ["E203"]),  # an empty range
        ("judged nothing within tier: 较强 -> [10, 15]", ["E201"]),
    ],
)
def test_the_checker_rejects(body: str, codes: list[str]) -> None:
    assert _check_codes(body) == codes


def test_a_count_fact_may_be_the_score_of_point_ranges() -> None:
    rubric = rubricdsl.loads(
        'rubric r "R" 20\nfact tier "等级": enum(好, 中, 差)\nfact points "得分": count\n'
        'indicator i "I" 20 { judged points within tier: 好 -> [13, 20]; 中 -> [7, 12]; 差 -> [0, 6] }\n'
    )
    assert rubric.evaluate({"tier": "中", "points": 12}).total == 12
    assert [p.code for p in rubric.evaluate({"tier": "中", "points": 13}).fact_problems] == ["F440"]


def test_the_standard_sentence_is_in_the_tables_register(rubric: rubricdsl.CompiledRubric) -> None:
    indicators = {info.node.id: info.node for info in rubric.checked.indicators}
    assert standard_text(rubric, indicators["ability"]) == "专业能力较强，得10-15分；一般，得5-10分；较差，得0-5分"
    assert standard_text(rubric, indicators["sustain"]) == (
        "可持续影响达成，得满分的80%-100%；部分达成，得满分的60%-80%；未达成，得满分的0%-60%"
    )


def test_the_formatter_keeps_the_spelling_and_the_meaning() -> None:
    spelled = TEXT.replace("较强 -> [10, 15]", '"较强" -> [10,15]').replace("[80%, 100%]", "[80％，100%]")
    formatted = format_source(spelled)
    assert '"较强" -> [10, 15]' in formatted
    assert "达成 -> [80%, 100%]" in formatted
    assert rubricdsl.loads(formatted).checked.rubric == rubricdsl.loads(spelled).checked.rubric
    assert format_source(formatted) == formatted


def test_the_lint_range_of_the_score(rubric: rubricdsl.CompiledRubric) -> None:
    from fractions import Fraction

    from rubricdsl.lint import analyse

    ranges = analyse(rubric.checked)
    ability, sustain = ranges.indicators["ability"].score, ranges.indicators["sustain"].score
    assert (ability.lo, ability.lo_closed, ability.hi, ability.hi_closed) == (0, True, 15, True)
    assert (sustain.lo, sustain.hi) == (Fraction(0), Fraction(10))


def test_the_v1_closures_do_not_cover_it(rubric: rubricdsl.CompiledRubric) -> None:
    from rubricdsl.evaluate.reference import covers

    assert not covers(rubric.checked)
