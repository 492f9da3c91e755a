"""Each IR node does what its docstring says, on values chosen where a back end could get it wrong."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest

from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.closures import compile_expr
from rubricdsl.ir.interpret import Interpreter


def c(value: Any) -> ir.Const:
    return ir.Const(value=Decimal(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else value)


def run(node: ir.Expr, env: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
    frame: dict[str, Any] = {}
    with decimal.localcontext(CONTEXT):
        return compile_expr(node)(env or {}, frame), frame


def test_min_and_max_keep_the_first_of_equal_values() -> None:
    value, _ = run(ir.Min(args=(c("2.50"), c("2.5"))))
    assert str(value) == "2.50"
    value, _ = run(ir.Max(args=(c(0), c("0.00"))))  # the deduction's floor: the constant 0, not 0.00
    assert str(value) == "0"


def test_clamp_replaces_only_values_beyond_its_bounds() -> None:
    assert str(run(ir.Clamp(value=c("1.00"), low=c(0), high=c(1)))[0]) == "1.00"
    assert str(run(ir.Clamp(value=c("1.5"), low=c(0), high=c(1)))[0]) == "1"
    assert str(run(ir.Clamp(value=c("-0.5"), low=c(0), high=c(1)))[0]) == "0"


def test_division_evaluates_the_divisor_first_and_fails_with_its_code() -> None:
    failure = ir.Fail(code="E302", args=(("divisor", ir.Const(value="x")), ("facts", ir.Const(value="x"))))
    node = ir.Div(dividend=ir.Ref(name="a"), divisor=ir.Ref(name="b"), failure=failure)
    with pytest.raises(MissingName) as missing:
        run(node, {})
    assert missing.value.name == "b"  # the divisor is read first
    with pytest.raises(EvalFailure) as failed:
        run(node, {"a": Decimal(1), "b": Decimal("0.0")})
    assert failed.value.code == "E302" and failed.value.details == {"divisor": "x", "facts": "x"}
    value, _ = run(node, {"a": Decimal(1), "b": Decimal(3)})
    assert len(value.as_tuple().digits) == 50  # cut at the context's 50 digits


def test_a_division_without_a_failure_traps_as_arithmetic() -> None:
    with pytest.raises(ArithmeticError):
        run(ir.Div(dividend=c(1), divisor=c(0), failure=None))


def test_and_or_do_not_evaluate_what_they_do_not_need() -> None:
    boom = ir.Fail(code="E999", args=())
    assert run(ir.And(left=c(False), right=boom))[0] is False
    assert run(ir.Or(left=c(True), right=boom))[0] is True


def test_select_records_the_arm_and_evaluates_only_the_chosen_value() -> None:
    boom = ir.Fail(code="E999", args=())
    select = ir.Select(
        key="arm",
        arms=(ir.Arm(condition=c(False), value=boom), ir.Arm(condition=c(True), value=c(7))),
        otherwise=boom,
        otherwise_arm=-1,
    )
    assert run(select) == (Decimal(7), {"arm": 1})
    nothing = ir.Select(key="arm", arms=(ir.Arm(condition=c(False), value=boom),), otherwise=c(0), otherwise_arm=-1)
    assert run(nothing) == (Decimal(0), {"arm": -1})


def test_let_and_scope_record_under_their_keys() -> None:
    inner = ir.Let(key="units", value=c(2), body=ir.Var(key="units"))
    node = ir.Let(key="subject", value=c(5), body=ir.Scope(key="rule0", body=inner))
    assert run(node) == (Decimal(2), {"subject": Decimal(5), "rule0": {"units": Decimal(2)}})


def test_fail_evaluates_its_arguments_when_it_fires() -> None:
    node = ir.Let(key="v", value=c(12), body=ir.Fail(code="E304", args=(("value", ir.Var(key="v")),)))
    with pytest.raises(EvalFailure) as failed:
        run(node)
    assert failed.value.details == {"value": Decimal(12)}


def test_round_floor_ceil() -> None:
    assert str(run(ir.Round(operand=c(7), places=2, mode=ir.RoundMode.HALF_UP))[0]) == "7.00"
    assert str(run(ir.Round(operand=c("2.345"), places=2, mode=ir.RoundMode.HALF_UP))[0]) == "2.35"
    assert str(run(ir.Round(operand=c("2.345"), places=2, mode=ir.RoundMode.HALF_EVEN))[0]) == "2.34"
    assert str(run(ir.Round(operand=c("-2.345"), places=2, mode=ir.RoundMode.DOWN))[0]) == "-2.34"
    assert str(run(ir.Round(operand=c("2.341"), places=2, mode=ir.RoundMode.UP))[0]) == "2.35"
    assert str(run(ir.Floor(operand=c("-2.5")))[0]) == "-3"
    assert str(run(ir.Ceil(operand=c("2.25")))[0]) == "3"
    with pytest.raises(ArithmeticError):
        run(ir.Round(operand=c("1e60"), places=2, mode=ir.RoundMode.HALF_UP))  # wider than 50 digits


def test_sum_starts_from_the_integer_zero_and_count_counts() -> None:
    assert str(run(ir.Sum(terms=()))[0]) == "0"
    assert str(run(ir.Sum(terms=(c("1.50"), c(0))))[0]) == "1.50"
    assert run(ir.Count(conditions=(c(True), c(False), c(True))))[0] == Decimal(2)


def test_rescale_records_which_case_it_was() -> None:
    def rescale(score: str, applicable: str) -> tuple[Any, dict[str, Any]]:
        node = ir.Rescale(key="rescale", score=c(score), applicable=c(applicable), full=Decimal(100))
        return run(node)

    assert rescale("45", "100") == (Decimal(45), {"rescale": "none"})
    assert rescale("45", "50") == (Decimal(90), {"rescale": "rescaled"})
    assert rescale("0", "0") == (Decimal(0), {"rescale": "empty"})


# ---- the program: penalties and bonuses (issue 10, form 2) in a section ------------------------------------


def _indicator(ident: str, index: int, points: int, fact: str) -> ir.Indicator:
    return ir.Indicator(id=ident, index=index, points=Decimal(points), body=ir.Ref(name=fact), form="formula")


def _program(*, cap: bool) -> ir.Program:
    base = _indicator("base", 0, 10, "b")
    penalty = _indicator("penalty", 1, 5, "p")
    bonus = _indicator("bonus", 2, 5, "o")
    section = ir.Section(
        id="s",
        points=Decimal(10),
        children=(base,),
        vetoes=(),
        adjustments=(ir.Adjustment(indicator=penalty, sign=-1), ir.Adjustment(indicator=bonus, sign=1)),
        cap_at_points=cap,
    )
    # A section's adjustments act in its aggregate; the root's act on the rescaled total (tests/ir/test_sections.py).
    root = ir.Section(id="r", points=Decimal(10), children=(section,), vetoes=(), is_root=True)
    grade = ir.Select(key="grade", arms=(), otherwise=ir.Const(value="-"), otherwise_arm=0)
    total = ir.Let(
        key="rescaled",
        value=ir.Rescale(
            key="rescale", score=ir.Var(key="raw_total"), applicable=ir.Var(key="applicable"), full=Decimal(10)
        ),
        body=ir.Var(key="rescaled"),
    )
    return ir.Program(
        id="r",
        full=Decimal(10),
        derived=(),
        indicators=(base, penalty, bonus),
        root=root,
        indicator_rounding=None,
        total=total,
        grade=grade,
        optional_facts=frozenset(),
        fact_labels={},
    )


@pytest.mark.parametrize(
    ("base", "penalty", "bonus", "cap", "total"),
    [
        (8, 3, 0, True, 5),
        (8, 0, 4, True, 10),  # capped at the section's points
        (8, 0, 4, False, 12),
        (2, 5, 1, True, 0),  # floored at 0
    ],
)
def test_penalties_and_bonuses_adjust_the_section_outside_its_points(
    base: int, penalty: int, bonus: int, cap: bool, total: int
) -> None:
    facts = {"b": Decimal(base), "p": Decimal(penalty), "o": Decimal(bonus)}
    result = Interpreter(_program(cap=cap)).run(facts, frozenset(), frozenset())
    assert result.total == Decimal(total)
    assert result.sections["s"].applicable_points == Decimal(10)  # adjustments never count as applicable
