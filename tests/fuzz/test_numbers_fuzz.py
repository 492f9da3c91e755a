"""Property fuzzing of numbers, brackets, line ends and facts-file spellings at the edges (issue 8).

Each property is one that an earlier bug broke, drawn widely enough that hypothesis finds the bug again
if the fix is undone:

* class 4, any Decimal a caller or a JSON/YAML file can hold, however large its exponent, is read or
  refused (F411) cheaply, the same by both evaluators;
* class 9, a share written as `"x%"`, as text or as a number, and 万元 written either way, score alike at
  up to 40 digits, and a rubric passes check exactly when its points add up;
* class 5, `round(x, places)` is refused (E142) or evaluated, for any places;
* class 8, intervals of every bracket shape never move the nesting limit;
* class 10, any mix of `\\r`, `\\r\\n` and `\\n` line ends reads the same rubric;
* class 18, a NUL anywhere is reported at its own line and column;
* class 6, any number of unknown keys is reported in at most 21 problems;
* class 12, commas are read only in groups of three, and a key given twice is always refused.
"""

from __future__ import annotations

import decimal
import json
import time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.diagnostics.errors import RubricCheckError, RubricError, RubricSyntaxError
from rubricdsl.inputs.facts import MAX_FACT_DIGITS, MAX_UNKNOWN_KEYS_REPORTED
from rubricdsl.inputs.files import FactsFileError, parse_facts_text
from rubricdsl.reading.rubric_file import decode_rubric_bytes
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax.lower import MAX_ROUNDING_PLACES
from rubricdsl.syntax.parse import MAX_NESTING, parse_rubric
from tests.conftest import SEED_FACTS, SEED_RUBRIC

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

RUBRIC = rubricdsl.loads(
    """rubric r "R" 15
fact n "N": number
fact p "P": percent
fact m "M": money 万元
indicator a "A" 5 { score n: >= 0 -> 5; else 0 }
indicator b "B" 5 { score p: >= 50% -> 5; else 0 }
indicator c "C" 5 { score m: >= 1元 -> 5; else 0 }
"""
)


def _both(rubric: rubricdsl.CompiledRubric, facts: dict[str, Any]) -> list[tuple[Any, ...]]:
    seen = []
    for _ in range(4):  # past the warm-up, so the fast path is in play
        result = rubric.evaluate(facts)
        seen.append((result.total, tuple(p.code for p in result.fact_problems), dict(result.scores())))
    closures = rubric.evaluate_closures(facts)
    seen.append((closures.total, tuple(p.code for p in closures.fact_problems), dict(closures.scores())))
    return seen


# ---- class 4: any exponent -------------------------------------------------------------------------------------
any_decimal = st.builds(
    lambda sign, digits, exponent: Decimal((sign, tuple(int(d) for d in digits), exponent)),
    st.integers(0, 1),
    st.text("0123456789", min_size=1, max_size=45),
    st.one_of(st.integers(-60, 60), st.integers(-(10**17), 10**17)),  # within what Decimal can hold
)


@FUZZ
@given(any_decimal, st.sampled_from(["n", "p", "m"]))
def test_any_decimal_is_read_or_refused_cheaply_and_alike(value: Decimal, fact: str) -> None:
    facts: dict[str, Any] = {"n": Decimal(1), "p": Decimal("0.5"), "m": Decimal(1), fact: value}
    started = time.monotonic()
    seen = _both(RUBRIC, facts)
    assert time.monotonic() - started < 5
    assert all(outcome == seen[-1] for outcome in seen), seen
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < -MAX_FACT_DIGITS or value.adjusted() >= MAX_FACT_DIGITS:
        assert seen[-1][1] == ("F411",)


@FUZZ
@given(any_decimal)
def test_any_number_in_a_json_file_is_read_or_refused_cheaply(value: Decimal) -> None:
    facts = parse_facts_text(f'{{"n": {value}, "p": 0.5, "m": 1}}', ".json")
    seen = _both(RUBRIC, facts)
    assert all(outcome == seen[-1] for outcome in seen)
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    bounded = exponent >= -MAX_FACT_DIGITS and value.adjusted() < MAX_FACT_DIGITS
    assert seen[-1][1] == (() if bounded else ("F411",))


# ---- class 9: exact conversions --------------------------------------------------------------------------------
def _digits(most: int) -> st.SearchStrategy[str]:
    """Digit strings of every length up to ``most``, long ones as often as short ones."""
    return st.integers(0, most).flatmap(lambda size: st.text("0123456789", min_size=size, max_size=size))


share_digits = st.tuples(st.text("0123456789", min_size=1, max_size=2), _digits(36))


@FUZZ
@given(share_digits)
def test_a_share_scores_alike_however_it_is_written(parts: tuple[str, str]) -> None:
    whole, fraction = parts
    percent = whole + ("." + fraction if fraction else "")
    sign, digits, exponent = Decimal(percent).as_tuple()
    assert isinstance(exponent, int)
    exact = Decimal((sign, digits, exponent - 2))  # percent / 100, built exactly (no context to round it)
    spellings: list[Any] = [percent + "%", exact, format(exact, "f")]
    outcomes = [_both(RUBRIC, {"n": 0, "p": spelling, "m": 0})[-1] for spelling in spellings]
    assert all(outcome == outcomes[0] for outcome in outcomes), (spellings, outcomes)
    for spelling in spellings:  # the value itself, not only which band it falls in
        assert RUBRIC.schema.validate({"n": 0, "p": spelling, "m": 0})[0]["p"] == exact


@FUZZ
@given(
    st.text("0123456789", min_size=1, max_size=1).flatmap(lambda d: _digits(29).map(lambda rest: d + rest)), _digits(6)
)
def test_wan_scores_alike_however_it_is_written(whole: str, fraction: str) -> None:
    amount = whole + ("." + fraction if fraction else "")
    spellings: list[Any] = [amount + "万元", amount + "万", Decimal(amount), amount]
    outcomes = [_both(RUBRIC, {"n": 0, "p": 0, "m": spelling})[-1] for spelling in spellings]
    assert all(outcome == outcomes[0] for outcome in outcomes)


points = st.builds(
    lambda whole, fraction: Decimal(whole + ("." + fraction if fraction else "")),
    st.text("123456789", min_size=1, max_size=1).flatmap(
        lambda first: st.text("0123456789", max_size=25).map(lambda rest: first + rest)
    ),
    st.text("0123456789", max_size=12),
)


@FUZZ
@given(st.lists(points, min_size=1, max_size=6), st.sampled_from([0, 1, -1]))
def test_a_rubric_passes_check_exactly_when_its_points_add_up(values: list[Decimal], nudge: int) -> None:
    with decimal.localcontext(decimal.Context(prec=200)):  # Python's 28 digits would round, as check once did
        exact = sum(values, Decimal(0))
        total = exact + Decimal(nudge).scaleb(-20)
    total_text = format(total, "f")
    assume(sum(ch.isdigit() for ch in total_text) <= 40 and not total_text.startswith("-"))
    indicators = "".join(f'indicator i{k} "I" {format(v, "f")} {{ formula 0 }}\n' for k, v in enumerate(values))
    text = f'rubric r "R" {total_text}\n' + indicators
    if total == exact:
        rubric = rubricdsl.loads(text)
        assert all(outcome == _both(rubric, {})[-1] for outcome in _both(rubric, {}))
    else:
        with pytest.raises(RubricCheckError) as caught:
            rubricdsl.loads(text)
        assert "E205" in [problem.code for problem in caught.value.diagnostics]


# ---- class 5: round places -------------------------------------------------------------------------------------
@FUZZ
@given(st.one_of(st.integers(0, 60), st.integers(0, 10**40 - 1)))  # 41 digits is E114
def test_round_places_are_refused_or_evaluated(places: int) -> None:
    text = (
        f'rubric r "R" 10\nfact n "N": number\nindicator a "A" 10 {{ formula min(max(round(n, {places}), 0), 10) }}\n'
    )
    if places > MAX_ROUNDING_PLACES:
        with pytest.raises(RubricSyntaxError) as caught:
            rubricdsl.loads(text)
        assert [problem.code for problem in caught.value.diagnostics] == ["E142"]
    else:
        rubric = rubricdsl.loads(text)
        seen = _both(rubric, {"n": Decimal("3.14159265358979323846")})
        assert all(outcome == seen[-1] for outcome in seen)


# ---- class 8: nesting of every bracket kind --------------------------------------------------------------------
bracket_shapes = st.lists(
    st.sampled_from(["(", "[", "（"]).flatmap(lambda o: st.sampled_from([")", "]", "）"]).map(lambda c: o + c)),
    min_size=1,
    max_size=400,
)


@FUZZ
@given(bracket_shapes, st.one_of(st.sampled_from([MAX_NESTING - 1, MAX_NESTING]), st.integers(0, MAX_NESTING + 30)))
def test_intervals_never_move_the_nesting_limit(shapes: list[str], depth: int) -> None:
    bands = "; ".join(f"{shape[0]}{k}, {k + 1}{shape[1]} -> 0" for k, shape in enumerate(shapes))
    flat = f'indicator a "A" 1 {{ score n: {bands}; else 1 }}\n'
    opened = "".join(f'section s{level} "S" 1 {{\n' for level in range(depth))
    text = 'rubric r "R" 2\nfact n "N": number\n' + flat + opened + 'indicator b "B" 1 { formula 1 }\n' + "}\n" * depth
    try:
        parse_rubric(SourceFile("x", text))
    except RubricSyntaxError as error:
        assert [d.code for d in error.diagnostics] == ["E113"]
        assert depth + 1 > MAX_NESTING
    else:
        assert depth + 1 <= MAX_NESTING


# ---- class 10: line ends ---------------------------------------------------------------------------------------
SEED_TEXT = SEED_RUBRIC.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")
SEED_FACT_SET = json.loads(SEED_FACTS.read_text(encoding="utf-8"), parse_float=Decimal)
SEED_RESULT = rubricdsl.loads(SEED_TEXT).evaluate(SEED_FACT_SET)


@FUZZ
@given(st.lists(st.sampled_from(["\n", "\r", "\r\n"]), min_size=len(SEED_LINES) - 1, max_size=len(SEED_LINES) - 1))
def test_any_mix_of_line_ends_reads_the_same_rubric(ends: list[str]) -> None:
    for index in range(1, len(ends)):  # `\r` then an empty line ended by `\n` is one `\r\n`, not two ends
        if ends[index - 1] == "\r" and not SEED_LINES[index] and ends[index].startswith("\n"):
            ends[index] = "\r"
    text = "".join(line + end for line, end in zip(SEED_LINES, ends, strict=False)) + SEED_LINES[-1]
    rubric = rubricdsl.loads(text)
    assert len(rubric.checked.rubric.vetoes) == len(rubricdsl.loads(SEED_TEXT).checked.rubric.vetoes)
    result = rubric.evaluate(SEED_FACT_SET)
    assert (result.total, dict(result.scores())) == (SEED_RESULT.total, dict(SEED_RESULT.scores()))
    source = rubric.source
    for number, line in enumerate(SEED_LINES[:-1], 1):
        assert source.line_text(number) == line


# ---- class 18: NUL anywhere ------------------------------------------------------------------------------------
@FUZZ
@given(st.integers(0, len(SEED_TEXT)))
def test_a_nul_anywhere_is_reported_where_it_is(offset: int) -> None:
    data = (SEED_TEXT[:offset] + "\x00" + SEED_TEXT[offset:]).encode("utf-8")
    with pytest.raises(RubricError) as caught:
        decode_rubric_bytes("x.rubric", data)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "E115"
    expected = SourceFile("x", SEED_TEXT).position(offset)
    assert diagnostic.span is not None
    assert caught.value.source.position(diagnostic.span.start) == expected


# ---- class 6: unknown keys -------------------------------------------------------------------------------------
@settings(max_examples=15, deadline=None)
@given(st.integers(0, 3000), st.text("abcdefghij_", min_size=1, max_size=12))
def test_any_number_of_unknown_keys_is_reported_briefly(count: int, stem: str) -> None:
    facts = dict(SEED_FACT_SET)
    facts.update({f"{stem}{index}": 1 for index in range(count)})
    started = time.monotonic()
    problems = rubricdsl.loads(SEED_TEXT).validate_facts(facts)
    assert time.monotonic() - started < 10
    assert len(problems) <= MAX_UNKNOWN_KEYS_REPORTED + 1


# ---- class 12: commas and duplicate keys -----------------------------------------------------------------------
@FUZZ
@given(st.lists(st.text("0123456789", min_size=1, max_size=4), min_size=1, max_size=5))
def test_commas_are_read_only_in_groups_of_three(groups: list[str]) -> None:
    text = ",".join(groups)
    problems = RUBRIC.validate_facts({"n": text, "p": 0, "m": 0})
    well_grouped = len(groups) == 1 or (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]))
    if well_grouped:
        assert problems == []
        assert RUBRIC.evaluate_closures({"n": text, "p": 0, "m": 0}).complete
    else:
        assert [problem.code for problem in problems] == ["F403"]


@FUZZ
@given(
    st.lists(st.sampled_from(["n", "p", "m", "$id", "x"]), min_size=1, max_size=8), st.sampled_from([".json", ".yaml"])
)
def test_a_key_given_twice_is_always_refused(keys: list[str], suffix: str) -> None:
    if suffix == ".json":
        text = "{" + ", ".join(f'"{key}": {index}' for index, key in enumerate(keys)) + "}"
    else:
        text = "".join(f'"{key}": {index}\n' for index, key in enumerate(keys))
    if len(set(keys)) < len(keys):
        with pytest.raises(FactsFileError) as caught:
            parse_facts_text(text, suffix)
        assert caught.value.diagnostic.code == "F413"
    else:
        assert parse_facts_text(text, suffix) == {key: index for index, key in enumerate(keys)}
