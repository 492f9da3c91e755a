"""The range of every section and of the total, with penalties, bonuses, moved points, vetoes and grade caps.

Each expected end below is worked out by hand in the comment next to it; the property tests hold the
interpreter's section scores, total and grade inside the reported ranges on hypothesis-drawn facts, not-applicable
indicators included.
"""

from __future__ import annotations

import decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.ir.interpret import Interpreter
from rubricdsl.ir.lower import lower_program
from rubricdsl.ir.ranges import ProgramRanges, analyse
from rubricdsl.ir.section_ranges import CUT, ceil50, digits
from tests.ir.test_sections import CAPS, HELD, MOVED, ROOT_PENALTY


def _ranges(text: str) -> ProgramRanges:
    return analyse(lower_program(rubricdsl.loads(text).checked))


def _high(ranges: ProgramRanges, section: str) -> Fraction | None:
    found = ranges.sections[section]
    assert (found.lo, found.lo_closed) == (0, True)  # any indicator may be not applicable, any section vetoed
    return found.hi


# Two indicators of 10 points; `half` never scores above 5.
MOVING = """
rubric moving "移动" 20
fact a "一": percent
fact b "二": percent, optional, absent: not_applicable
section s "产出" 20 {
  POLICY
  indicator full "满分项" 10 { proportional a against 100% }
  indicator half "半分项" 10 { score b: >= 90% -> 5; else 0 }
}
"""


def test_without_moves_a_section_reaches_the_sum_of_its_childrens_highest_scores() -> None:
    assert _high(_ranges(MOVING.replace("POLICY", "")), "s") == 15  # 10 + 5


def test_points_moved_to_siblings_can_raise_a_section_above_that_sum() -> None:
    # `half` not applicable: `full` scores 10 of 10, and the pro-rata move gives 10 × 20 / 10 = 20 > 15.
    text = MOVING.replace("POLICY", "not_applicable -> siblings")
    assert _high(_ranges(text), "s") == 20  # ρ = max(10/10, 5/10) = 1, times the most applicable points, 20
    result = rubricdsl.loads(text).evaluate({"a": "100%"})
    assert result.section("s").score == 20


def test_a_named_move_is_bounded_by_the_receivers_ratio() -> None:
    # half -> full: 10 + 10 × 10 / 10 = 20 when `half` is not applicable.
    text = MOVING.replace("POLICY", "not_applicable half -> full")
    assert _high(_ranges(text), "s") == 20
    assert rubricdsl.loads(text).evaluate({"a": "100%"}).section("s").score == 20


BONUSED = """
rubric bonused "加分" 100
fact rate "完成率": percent
fact award "表彰": bool
fact late "违规次数": count
section s "管理" 30 HEAD{
  indicator done "完成" 30 { proportional rate against 100% }
  bonus extra "创新加分" 5 { when award -> 5; else 0 }
  penalty fines "违规减分" 10 { formula 2 * late }
}
indicator rest "其他" 70 { proportional rate against 100% }
"""


def test_a_capped_section_stays_within_its_points_and_an_uncapped_one_reaches_its_bonus() -> None:
    assert _high(_ranges(BONUSED.replace("HEAD", "")), "s") == 30  # 30 + 5, capped at 30
    uncapped = _ranges(BONUSED.replace("HEAD", "uncapped "))
    assert _high(uncapped, "s") == 35  # 30 + 5
    # Nothing caps the total of a rubric without top-level adjustments: with `rest` not applicable, s's 35 of 30
    # applicable points is rescaled to 35 × 100 / 30 = 350/3 (ρ = 1, β = 5: 1 × 100 + 5 × 100 / 30).
    # This bound is not exact (β > 0), so it is widened by the 50-digit cut: one part in 10⁴⁹ for each of the
    # seven roundings on the way (the two sums, the bonus, the rescale's product and quotient), then rounded up.
    assert uncapped.total.hi is not None
    assert Fraction(350, 3) < uncapped.total.hi <= ceil50(Fraction(350, 3) * (1 + 7 * CUT))
    reached = rubricdsl.loads(BONUSED.replace("HEAD", "uncapped ")).evaluate(
        {"rate": "100%", "award": True, "late": 0, "not_applicable": ["rest"]}
    )
    assert uncapped.total.contains(Fraction(reached.total)) and reached.total > 116


def test_the_root_adjusts_the_rescaled_total_and_uncapped_lets_a_bonus_exceed_it() -> None:
    capped = _ranges(ROOT_PENALTY)  # first 50 + second 50, a penalty of at most 10 (5 × n, capped at 10)
    assert (capped.total.lo, capped.total.hi) == (0, 100)
    text = 'rubric lifted "x" 100 uncapped\n' + ROOT_PENALTY.split("\n", 2)[2] + 'bonus up "加分" 5 { formula 5 }\n'
    lifted = _ranges(text)
    assert (lifted.sections["lifted"].hi, lifted.total.hi) == (100, 105)  # the root's bonus acts on the total only


def test_the_grades_a_total_cannot_reach_are_left_out_and_a_cap_changes_no_total() -> None:
    short = CAPS.replace(
        'indicator done "完成情况" 100 { proportional rate against 100% }',
        'indicator done "完成情况" 100 { score rate: >= 100% -> 80; else 0 }',
    )
    found = _ranges(short)
    assert found.total.hi == 80  # 优 needs 90
    assert found.grades == ("良", "中", "差")
    assert _ranges(CAPS).grades == ("优", "良", "中", "差")


def test_ceil50_keeps_a_short_bound_and_rounds_a_long_one_up() -> None:
    assert ceil50(Fraction(20)) == 20
    third = ceil50(Fraction(350, 3))  # 116.666…667, 50 digits: what the interpreter's quotient is
    assert third == Fraction("116." + "6" * 46 + "7")
    assert (digits(Fraction(8, 10)), digits(Fraction(125, 10)), digits(Fraction(1, 3))) == (1, 3, None)


# ---- properties: the interpreter's values lie in the reported ranges --------------------------------------------
def _assert_within(text: str, facts: dict[str, Any]) -> None:
    rubric = rubricdsl.loads(text)
    program = lower_program(rubric.checked)
    ranges = analyse(program)
    values, not_applicable, problems = rubric.schema.convert(facts)
    invalid = frozenset(p.subject for p in problems if p.code != "F401" and p.subject)
    with decimal.localcontext(CONTEXT):
        run = Interpreter(program).run(values, not_applicable, invalid)
    for ident, outcome in run.sections.items():
        assert ranges.sections[ident].contains(Fraction(outcome.score)), (ident, outcome.score, ranges.sections[ident])
    assert ranges.total.contains(Fraction(run.total)), (run.total, ranges.total)
    assert run.grade in ranges.grades, (run.grade, ranges.grades)


PERCENT = st.integers(0, 130).map(lambda p: f"{p}%")
HELD_FACTS = {
    "rate": PERCENT,
    "violation_count": st.integers(0, 20),
    "has_award": st.booleans(),
    "events": st.integers(0, 15),
}
RUBRICS = {
    "held": (HELD, HELD_FACTS),
    "held vetoed": (HELD + "veto when violation_count > 5\n", HELD_FACTS),
    "bonused": (BONUSED.replace("HEAD", ""), {"rate": PERCENT, "award": st.booleans(), "late": st.integers(0, 9)}),
    "bonused uncapped": (
        BONUSED.replace("HEAD", "uncapped "),
        {"rate": PERCENT, "award": st.booleans(), "late": st.integers(0, 9)},
    ),
    "siblings": (MOVED.replace("POLICY", "not_applicable -> siblings"), {"a": PERCENT, "d": PERCENT}),
    "named": (MOVED.replace("POLICY", "not_applicable i2 -> i3"), {"a": PERCENT, "d": PERCENT}),
    "moving siblings": (MOVING.replace("POLICY", "not_applicable -> siblings"), {"a": PERCENT}),
    "root penalty": (ROOT_PENALTY, {"a": PERCENT, "n": st.integers(0, 4)}),
    "caps": (CAPS, {"rate": PERCENT, "serious": st.booleans(), "minor": st.booleans()}),
}
OPTIONAL = {"b": PERCENT, "c": PERCENT}  # the optional facts of MOVED, MOVING and ROOT_PENALTY


def _indicators(text: str) -> list[str]:
    return [info.node.id for info in rubricdsl.loads(text).checked.indicators]


@pytest.mark.parametrize("name", sorted(RUBRICS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_section_total_and_grade_lies_in_its_range(name: str, data: st.DataObject) -> None:
    text, required = RUBRICS[name]
    optional = {key: value for key, value in OPTIONAL.items() if f"fact {key} " in text}
    facts = data.draw(st.fixed_dictionaries(required, optional=optional))
    marked = data.draw(st.lists(st.sampled_from(_indicators(text)), unique=True, max_size=3))
    if marked:
        facts["not_applicable"] = marked
    _assert_within(text, facts)
