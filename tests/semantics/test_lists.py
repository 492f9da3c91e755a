"""The checker on list and text facts: types of the aggregates, and every problem named by its code."""

from __future__ import annotations

import pytest

import rubricdsl
from rubricdsl.semantics.types import BOOL, COUNT, PERCENT, Type
from rubricdsl.syntax import nodes as n

HEAD = """
rubric r "r" 10
fact funds "专项资金": list of { name: text, planned: money 万元, paid: money 万元, >= 0, late: bool, default 否, level: enum(好, 差), optional }
fact project "项目": text
fact flag "标志": bool
"""


def _codes(body: str) -> list[str]:
    with pytest.raises(rubricdsl.RubricError) as caught:
        rubricdsl.loads(HEAD + body)
    return [d.code for d in caught.value.diagnostics]


def _ok(body: str) -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(HEAD + body)


def test_aggregates_have_their_types() -> None:
    compiled = _ok(
        """
let a = count(funds)
let b = count(funds where late)
let c = share(funds where paid >= planned)
let d = sum(funds.paid where level == "好")
let e = all(funds where not late)
let f = any(funds where paid > 10万元)
indicator i "i" 10 { when e and f and project == "乡村振兴" -> 10; else 0 }
"""
    )
    types = compiled.checked.types
    assert types["a"] == COUNT and types["b"] == COUNT and types["c"] == PERCENT
    assert types["d"] == Type("money") and types["e"] == BOOL and types["f"] == BOOL
    assert types["funds"].kind == "list" and dict(types["funds"].fields)["level"] == Type("enum", ("好", "差"))
    assert types["project"] == Type("text")


def test_a_list_declaration_reads_back_with_its_fields_and_options() -> None:
    decl = _ok('indicator i "i" 10 { formula 10 * share(funds where late) }').checked.facts["funds"]
    fields = {field.name: field for field in decl.type.fields}
    assert decl.type.kind is n.FactKind.LIST and list(fields) == ["name", "planned", "paid", "late", "level"]
    assert fields["paid"].bounds[0].text == ">= 0" and fields["late"].default is not None
    assert fields["level"].optional and not fields["late"].optional


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('indicator i "i" 10 { when count(flag where flag) > 0 -> 10; else 0 }', "E265"),
        ('indicator i "i" 10 { formula sum(funds.payd) / 1万元 }', "E266"),
        ('indicator i "i" 10 { formula sum(funds) }', "E267"),
        ('indicator i "i" 10 { formula count(funds.paid) }', "E267"),
        ('indicator i "i" 10 { when all(funds) -> 10; else 0 }', "E267"),
        ('indicator i "i" 10 { formula 10 * share(funds) }', "E267"),
        ('indicator i "i" 10 { formula sum(funds.name) }', "E267"),
        ('indicator i "i" 10 { when any(funds where count(funds) > 1) -> 10; else 0 }', "E267"),
        ('indicator i "i" 10 { when project >= "a" -> 10; else 0 }', "E268"),
        ('indicator i "i" 10 { when given(flag) -> 10; else 0 }', "E267"),
        ('indicator i "i" 10 { when any(funds where given(planned, paid)) -> 10; else 0 }', "E267"),
        ('indicator i "i" 10 { when project == 3 -> 10; else 0 }', "E268"),
        ('indicator i "i" 10 { when count(funds where nope) > 1 -> 10; else 0 }', "E201"),
        ('indicator i "i" 10 { when count(funds where paid) > 1 -> 10; else 0 }', "E204"),
        ('indicator i "i" 10 { when funds > 1 -> 10; else 0 }', "E203"),
        ('indicator i "i" 10 { formula project + 1 }', "E203"),
    ],
)
def test_each_problem_has_its_code(body: str, code: str) -> None:
    assert code in _codes(body)


@pytest.mark.parametrize(
    "declaration",
    [
        'fact xs "x": list of { flag: bool }',  # a field named like a fact
        'fact xs "x": list of { a: bool, absent: not_applicable }',
        'fact xs "x": list of { a: number }, default 0',
    ],
)
def test_list_declaration_problems_are_e269(declaration: str) -> None:
    assert "E269" in _codes(declaration + '\nindicator i "i" 10 { when flag -> 10; else 0 }')


def test_a_field_kept_for_the_record_is_accepted() -> None:
    decl = _ok('fact xs "x": list of { a: bool, note: text, record }\nindicator i "i" 10 { when flag -> 10; else 0 }')
    assert [field.record for field in decl.checked.facts["xs"].type.fields] == [False, True]


def test_field_bounds_and_defaults_are_checked_as_a_scalar_facts_are() -> None:
    assert "E231" in _codes('fact xs "x": list of { a: money, >= 5 }\nindicator i "i" 10 { when flag -> 10; else 0 }')
    assert "E203" in _codes(
        'fact xs "x": list of { a: bool, default 3 }\nindicator i "i" 10 { when flag -> 10; else 0 }'
    )
    assert "E211" in _codes('fact xs "x": list of { a: bool, a: bool }\nindicator i "i" 10 { when flag -> 10; else 0 }')


def test_count_of_a_single_value_that_is_no_list_is_the_function_of_that_value() -> None:
    # `count(flag)` is the count of yes/no values (issue 10 form 4), not a list aggregate
    compiled = _ok('indicator i "i" 10 { formula count(flag) * 10 }')
    assert compiled.evaluate({"funds": [], "project": "x", "flag": True}).total == 10
    assert compiled.evaluate({"funds": [], "project": "x", "flag": False}).total == 0


def test_text_compares_with_quoted_text() -> None:
    compiled = _ok('indicator i "i" 10 { when project != "x" and project == "乡村振兴" -> 10; else 0 }')
    facts = {"funds": [], "project": "乡村振兴", "flag": True}
    assert compiled.evaluate(facts).total == 10
    assert compiled.evaluate({**facts, "project": "别的"}).total == 0
