"""Facts files are read as written, or refused: no silent misreading.

Before: a key given twice took the last value; YAML 1.1 read `012` as 10, `1:30` as 90, `0x1F` as 31 and
`1_000` as 1000; `"1,5"` became 15.  Spreadsheet spellings (TRUE, √, 有, 50万) were refused.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import rubricdsl
from rubricdsl.inputs.files import FactsFileError, parse_facts_text

RUBRIC = """rubric r "R" 15
fact n "N": number
fact ok "OK": bool
fact m "M": money
indicator a "A" 5 { score n: >= 12 -> 5; else 0 }
indicator b "B" 5 { when ok -> 5; else 0 }
indicator c "C" 5 { score m: >= 500000元 -> 5; else 0 }
"""


def _refused(text: str, suffix: str) -> FactsFileError:
    with pytest.raises(FactsFileError) as caught:
        parse_facts_text(text, suffix)
    return caught.value


@pytest.mark.parametrize(
    ("text", "suffix", "lines"),
    [
        ('{\n  "n": 12,\n  "ok": true,\n  "n": 3\n}', ".json", "lines 2 and 4"),
        ('{"outer": {"n": 1, "n": 2}}', ".json", "both on line 1"),
        ("n: 12\nok: true\nn: 3\n", ".yaml", "lines 1 and 3"),
        ("$project:\n  id: 1\n  id: 2\n", ".yml", "lines 2 and 3"),
    ],
)
def test_a_key_given_twice_is_refused_naming_both_lines(text: str, suffix: str, lines: str) -> None:
    diagnostic = _refused(text, suffix).diagnostic
    assert diagnostic.code == "F413"
    assert f"({lines})" in diagnostic.message.en


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("012", 12),  # YAML 1.1: 10 (octal)
        ("1:30", "1:30"),  # YAML 1.1: 90 (sexagesimal)
        ("0x1F", "0x1F"),  # YAML 1.1 and the 1.2 core schema: 31
        ("0o17", "0o17"),
        ("1_000", "1_000"),  # YAML 1.1: 1000
        ("yes", "yes"),  # YAML 1.1: true
        ("off", "off"),
        ("2021-06-30", "2021-06-30"),  # YAML 1.1: a date
        ("0.1", Decimal("0.1")),  # exact, as JSON numbers are
        ("12.30", Decimal("12.30")),
        ("1e5", Decimal("1E+5")),
        ("true", True),
        ("FALSE", False),
        ("~", None),
    ],
)
def test_yaml_is_read_by_the_yaml_1_2_core_schema(text: str, expected: Any) -> None:
    assert parse_facts_text(f"n: {text}\n", ".yaml") == {"n": expected}


@pytest.mark.parametrize("text", ["1:30", "0x1F", "1_000"])
def test_a_numeric_fact_refuses_what_yaml_1_1_would_have_turned_into_a_number(text: str) -> None:
    rubric = rubricdsl.loads(RUBRIC)
    facts = parse_facts_text(f"n: {text}\nok: true\nm: 1\n", ".yaml")
    assert [problem.code for problem in rubric.validate_facts(facts)] == ["F403"]


@pytest.mark.parametrize("text", ["1,5", "1,50", "15,00,000", "1,5000", ",500", "1,"])
def test_an_ambiguous_thousands_separator_is_refused(text: str) -> None:
    rubric = rubricdsl.loads(RUBRIC)
    for facts in ({"n": text, "ok": True, "m": 1}, {"n": 1, "ok": True, "m": text}):
        assert [problem.code for problem in rubric.validate_facts(facts)] == ["F403"], facts


@pytest.mark.parametrize(
    ("text", "value"), [("1,500,000", 1500000), ("12,000.5", Decimal("12000.5")), ("1，500", 1500)]
)
def test_a_thousands_separator_in_groups_of_three_is_read(text: str, value: Any) -> None:
    rubric = rubricdsl.loads(RUBRIC)
    result = rubric.evaluate_closures({"n": text, "ok": True, "m": text})
    assert result.complete, result.fact_problems
    assert result.scores()["c"] == (5 if value >= 500000 else 0)


@pytest.mark.parametrize(
    ("ok", "expected"),
    [("TRUE", 5), ("FALSE", 0), ("True", 5), ("是", 5), ("否", 0), ("√", 5), ("×", 0), ("有", 5), ("无", 0)],
)
def test_spreadsheet_yes_no_spellings_are_read(ok: str, expected: int) -> None:
    rubric = rubricdsl.loads(RUBRIC)
    for _ in range(4):  # both evaluators
        assert rubric.evaluate({"n": 0, "ok": ok, "m": 0}).scores()["b"] == expected
    assert rubric.evaluate_closures({"n": 0, "ok": ok, "m": 0}).scores()["b"] == expected


@pytest.mark.parametrize("amount", ["50万", "50万元", "500000元", "500,000", " 50万 "])
def test_spreadsheet_money_spellings_are_read(amount: str) -> None:
    rubric = rubricdsl.loads(RUBRIC)
    result = rubric.evaluate_closures({"n": 0, "ok": True, "m": amount})
    assert result.complete, result.fact_problems
    assert result.scores()["c"] == 5
