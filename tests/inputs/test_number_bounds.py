"""Numbers at the edges: bounded by digits AND exponent where they enter, and converted exactly.

Class 4: `0E-100000000` is a zero with a hundred million places; it escaped the magnitude limit and was
written out in full (235 MB; `0E-999999999999999999` raised MemoryError).  Class 9: `95%` and `50万元` were
converted, and points summed, in Python's 28-digit default context, so 40-digit values were rounded.
"""

from __future__ import annotations

import decimal
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import rubricdsl
from rubricdsl.cli import main
from rubricdsl.diagnostics.errors import RubricCheckError
from rubricdsl.inputs.files import parse_facts_text

RUBRIC = """rubric r "R" 10
fact s "S": money
fact p "P": percent
fact m "M": money 万元
indicator a "A" 5 { score p: >= 90% -> 5; else 0 }
indicator b "B" 5 { score s + m: >= 1元 -> 5; else 0 }
"""

HUGE_EXPONENTS = ["0E-100000000", "0E-999999999999999999", "0E+999999999999999999", "1E-41", "5E+40"]


def _evaluate_both(rubric: rubricdsl.CompiledRubric, facts: dict[str, Any]) -> list[Any]:
    results = [rubric.evaluate(facts) for _ in range(4)]  # the fast path is built after a few evaluations
    results.append(rubric.evaluate_closures(facts))
    return results


@pytest.mark.parametrize("text", HUGE_EXPONENTS)
def test_a_huge_exponent_in_a_json_file_is_refused_cheaply(text: str) -> None:
    rubric = rubricdsl.loads(RUBRIC)
    tracemalloc.start()
    started = time.monotonic()
    facts = parse_facts_text(f'{{"s": {text}, "p": 0.95, "m": 1}}', ".json")
    results = _evaluate_both(rubric, facts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 20_000_000
    for result in results:
        assert [problem.code for problem in result.fact_problems] == ["F411"]
        assert not result.complete


@pytest.mark.parametrize("text", HUGE_EXPONENTS)
def test_a_huge_exponent_passed_as_a_decimal_is_refused(text: str) -> None:
    rubric = rubricdsl.loads(RUBRIC)
    for field in ("s", "p", "m"):
        facts: dict[str, Any] = {"s": Decimal(1), "p": Decimal("0.5"), "m": Decimal(1)}
        facts[field] = Decimal(text)
        for result in _evaluate_both(rubric, facts):
            assert [problem.code for problem in result.fact_problems] == ["F411"], (field, text)


def test_the_eval_command_reports_f411_for_a_zero_with_a_huge_exponent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rubric = tmp_path / "r.rubric"
    rubric.write_text(RUBRIC, encoding="utf-8")
    facts = tmp_path / "f.json"
    facts.write_text('{"s": 0E-100000000, "p": 0.95, "m": 1}', encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["eval", str(rubric), str(facts), "--lang", "en"])
    out, err = capsys.readouterr()
    assert exited.value.code == 1
    assert "F411" in out + err
    assert len(out + err) < 10_000


def test_forty_digits_after_the_point_are_still_read() -> None:
    rubric = rubricdsl.loads(RUBRIC)
    facts = {"s": Decimal("0." + "0" * 39 + "1"), "p": Decimal("0.95"), "m": Decimal(0)}
    for result in _evaluate_both(rubric, facts):
        assert result.complete
        assert result.total == 5


# ---- class 9: exact conversions and sums -------------------------------------------------------------------
FORTY_NINES = "9" * 38  # 89.999…% has 40 digits, the limit


@pytest.mark.parametrize(
    "share",
    [
        pytest.param("89." + FORTY_NINES + "%", id="percent string"),
        pytest.param(Decimal("0.89" + FORTY_NINES), id="JSON number"),
        pytest.param("0.89" + FORTY_NINES, id="text number"),
    ],
)
def test_a_forty_digit_share_scores_the_same_in_every_spelling(share: Any) -> None:
    rubric = rubricdsl.loads(RUBRIC)
    for result in _evaluate_both(rubric, {"s": 0, "p": share, "m": 0}):
        assert result.complete, result.fact_problems
        assert result.scores()["a"] == 0  # below 90%, however close


def test_a_forty_digit_amount_in_wan_is_scaled_exactly() -> None:
    wan = "123456789012345678901234567890.1234567891"  # 40 digits; in 元 it needs 40 digits too
    yuan = "1234567890123456789012345678901234.567891"
    rubric = rubricdsl.loads(RUBRIC.replace("score s + m: >= 1元 -> 5", f"score m: = {yuan}元 -> 5"))
    for spelling in (wan + "万元", Decimal(wan), wan):
        for result in _evaluate_both(rubric, {"s": 0, "p": 0, "m": spelling}):
            assert result.complete, result.fact_problems
            assert result.scores()["b"] == 5, spelling


def test_a_forty_digit_percent_literal_is_exact() -> None:
    threshold = "89." + FORTY_NINES + "%"
    rubric = rubricdsl.loads(RUBRIC.replace(">= 90%", f">= {threshold}"))
    low = Decimal("0.89" + "9" * 37 + "8")
    for result in _evaluate_both(rubric, {"s": 0, "p": low, "m": 0}):
        assert result.scores()["a"] == 0
    for result in _evaluate_both(rubric, {"s": 0, "p": Decimal("0.89" + FORTY_NINES), "m": 0}):
        assert result.scores()["a"] == 5


@pytest.mark.parametrize("digits", [29, 40])
def test_points_are_added_exactly_in_the_checker(digits: int) -> None:
    full = 10 ** (digits - 1)
    text = f'rubric r "R" {full}\nindicator a "A" {full} {{ formula 0 }}\nindicator b "B" 1 {{ formula 0 }}\n'
    with pytest.raises(RubricCheckError) as caught:
        rubricdsl.loads(text)
    assert "E205" in [problem.code for problem in caught.value.diagnostics]
    checklist = f'rubric r "R" {full}\nfact c "C": bool\nindicator a "A" {full} {{ checklist: c -> {full}; c -> 1 }}\n'
    with pytest.raises(RubricCheckError) as caught:
        rubricdsl.loads(checklist)
    assert "E210" in [problem.code for problem in caught.value.diagnostics]


def test_forty_digit_points_score_the_same_in_both_evaluators() -> None:
    big = 10**39
    text = (
        f'rubric r "R" {big + 1}\nfact c "C": bool\n'
        f'indicator a "A" {big} {{ when c -> {big}; else 0 }}\nindicator b "B" 1 {{ when c -> 1; else 0 }}\n'
    )
    rubric = rubricdsl.loads(text)
    for result in _evaluate_both(rubric, {"c": True}):
        assert result.complete
        assert result.total == big + 1


def test_conversion_does_not_depend_on_the_callers_context() -> None:
    rubric = rubricdsl.loads(RUBRIC)
    facts = {"s": 0, "p": "89." + FORTY_NINES + "%", "m": "1" * 36 + "万元"}
    expected = [result.scores() for result in _evaluate_both(rubric, facts)]
    with decimal.localcontext(decimal.Context(prec=28)):
        assert [result.scores() for result in _evaluate_both(rubric, facts)] == expected
