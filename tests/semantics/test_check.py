"""The checker rejects invalid rubrics with every problem, each at its place, with a stable code."""

from __future__ import annotations

import pytest

import rubricdsl
from rubricdsl.reading.source import SourceFile

HEAD = 'rubric t "t" 10\nfact x "x": number\nfact p "p": percent\nfact n "n": count\nfact ok: bool\nfact m: money\n'
HEAD += "fact q: enum(好, 差)\n"


def problems(body: str, head: str = HEAD) -> list[tuple[str, str]]:
    """(code, offending text) for every diagnostic of the rubric head + body."""
    text = head + body
    with pytest.raises(rubricdsl.RubricCheckError) as raised:
        rubricdsl.loads(text)
    source = SourceFile("t", text)
    return [(d.code, source.snippet(d.span) if d.span else "") for d in raised.value.diagnostics]


def indicator(rule: str, points: int = 10) -> str:
    return f'indicator i "i" {points} {{ {rule} }}\n'


def test_unknown_name_suggests_the_nearest() -> None:
    text = HEAD + indicator("score nn: >=1 -> 10; else 0")
    with pytest.raises(rubricdsl.RubricCheckError) as raised:
        rubricdsl.loads(text)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "E201"
    assert diagnostic.hint is not None and diagnostic.hint.en == "did you mean `n`?"


def test_every_problem_is_reported_not_just_the_first() -> None:
    body = indicator("score nope: >=1 -> 10; else 0", 4) + 'indicator j "j" 4 { when x -> 4; else 0 }\n'
    found = problems(body)
    assert ("E201", "nope") in found
    assert ("E204", "x") in found
    assert ("E205", "10") in found  # 4 + 4 is not the full 10


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("score n: >=90% -> 10; else 0", ("E203", "90%")),  # a percent compared with a count
        ("score m: >=90% -> 10; else 0", ("E215", "90%")),  # money compared with a percent
        ("formula ok + 1", ("E203", "ok")),  # a yes/no in arithmetic
        ("formula m + x", ("E215", "m + x")),  # money added to a number
        ("when q == \"中\" -> 10; else 0", ("E209", '"中"')),
        ("when q > \"好\" -> 10; else 0", ("E203", 'q > "好"')),
        ("levels q: 好 -> 100%; 良 -> 50%", ("E209", "良 -> 50%")),
        ("levels x: 好 -> 100%", ("E203", "x")),
        ("judged p", ("E203", "p")),
        ("formula sqrt(x)", ("E206", "sqrt(x)")),
        ("formula min(x)", ("E207", "min(x)")),
        ("score x: >=1 -> 11; else 0", ("E210", "11")),
        ("when ok -> 12; else 0", ("E210", "12")),
        ("deduct n: base 12, -1 per missing below 12", ("E210", "12")),
        ("checklist: ok -> 6; ok -> 6", ("E210", "checklist: ok -> 6; ok -> 6")),
        ("levels q: 好 -> 120%", ("E210", "120%")),
    ],
)  # fmt: skip
def test_rule_errors(rule: str, expected: tuple[str, str]) -> None:
    assert expected in problems(indicator(rule))


def test_duplicate_ids_across_kinds() -> None:
    found = problems('fact x: bool\nindicator x "i" 10 { formula 10 }\n')
    assert [code for code, _ in found].count("E202") == 2


def test_lets_are_defined_before_use() -> None:
    found = problems("let a = b + 1\nlet b = x\n" + indicator("formula min(10, max(0, a))"))
    assert ("E208", "b") in found


def test_points_must_add_up_at_every_level() -> None:
    body = 'section s "s" 10 {\n  section inner "inner" 6 {\n    indicator i "i" 5 { formula 5 }\n  }\n'
    body += '  indicator j "j" 4 { formula 4 }\n}\n'
    found = problems(body)
    assert ("E205", "6") in found  # inner: 5 ≠ 6


def test_fact_declarations_are_checked() -> None:
    found = problems('fact c: count, >= 5%\nfact b: bool, > 0\nfact e: enum(甲, 乙), default 丙\nfact not_applicable: bool\n'
                     + indicator("formula 10"))  # fmt: skip
    codes = [code for code, _ in found]
    assert codes.count("E203") == 3
    assert "E214" in codes


def test_grades_are_lower_bounds_without_duplicates() -> None:
    found = problems("grades: 优 >= 90; 优 >= 80; 差 <= 60; else 中\n" + indicator("formula 10"))
    codes = [code for code, _ in found]
    assert codes.count("E211") == 2 and "E213" in codes


def test_a_valid_rubric_has_side_tables_for_later_stages() -> None:
    rubric = rubricdsl.loads(HEAD + "let r = x / 2\n" + indicator("score r: >=1 -> 10; else 0"))
    (info,) = rubric.checked.indicators
    assert info.facts == ("x",) and info.lets == ("r",) and info.path == ()
    assert rubric.checked.types["r"].kind == "number"


def test_rounding_places_must_be_a_small_whole_number() -> None:
    for places in ("0.5", "11"):
        text = f'rubric t "t" 1\nrounding total {places}\nindicator i "i" 1 {{ formula 1 }}\n'
        try:
            rubricdsl.loads(text)
        except rubricdsl.RubricSyntaxError as error:
            assert [d.code for d in error.diagnostics] == ["E140"]
        else:
            raise AssertionError(f"rounding total {places} was accepted")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('fact true: bool\n' + indicator("formula 10"), "E217"),
        ('fact score: number\n' + indicator("formula 10"), "E217"),
        ("let and = x\n" + indicator("formula 10"), "E217"),
        ("fact e: enum(甲, 甲, 乙)\n" + indicator("formula 10"), "E211"),
        (indicator("score x: >=1 -> 50%; else 0"), "E218"),
        (indicator("when ok -> 5万元; else 0"), "E218"),
        (indicator("score x: [5, 1] -> 10; else 0"), "E203"),
        (indicator("score x: (1, 1] -> 10; else 0"), "E203"),
        (indicator("deduct p: base 10, -1 per 1 above 5%"), "E203"),
        (indicator("deduct p: base 10, -1 per missing above 5%"), "E203"),
        (indicator("formula x / 0"), "E216"),
        ("grades: 良 >= 80; 优 >= 90; else 差\n" + indicator("formula 10"), "E213"),
    ],
)  # fmt: skip
def test_more_invalid_rubrics(text: str, code: str) -> None:
    assert code in [found for found, _ in problems(text)]


def test_a_rubric_without_indicators_is_invalid() -> None:
    assert [code for code, _ in problems("", head='rubric t "t" 10\n')] == ["E212"]


def test_money_may_be_compared_with_zero_on_either_side() -> None:
    rubricdsl.loads(HEAD + indicator("when 0 < m and m > 0 -> 10; else 0"))


@pytest.mark.parametrize(
    "text",
    [
        'rubric t "t" 1\ngrades: 优 >= 90; else 差\ngrades: 良 >= 80; else 差\nindicator i "i" 1 { formula 1 }\n',
        'rubric t "t" 1\nfact n: count\nindicator i "i" 1 { deduct n: base 1, -1 per missing below 2, pro rata, whole steps }\n',
        'rubric t "t" 1\nfact n: count\nindicator i "i" 1 { deduct n: base 1, -1 per missing below 2, cap 1, cap 0.5 }\n',
    ],
)
def test_a_setting_written_twice_is_refused(text: str) -> None:
    with pytest.raises(rubricdsl.RubricSyntaxError) as raised:
        rubricdsl.loads(text)
    assert [d.code for d in raised.value.diagnostics] == ["E211"]


def test_not_equal_sign() -> None:
    rubric = rubricdsl.loads('rubric t "t" 1\nfact n: count\nindicator i "i" 1 { score n: ≠0 -> 1; else 0 }\n')
    assert [rubric.evaluate({"n": n}).total for n in (0, 3)] == [0, 1]
