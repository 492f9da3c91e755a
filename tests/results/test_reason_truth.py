"""Every comparison a reason states holds on the exact values, and every number it shows sits on the same side of
each threshold it is compared with as the exact value does.

The reasons are read back as a reader reads them: the Chinese sentence is parsed (a band `→ \\`>=90% -> 10\\``, a
deduction `比 100% 低 0.73%，不足一整档（每档 5%）`, a condition `结余资金 12万元 ≤ 上年结转 15万元`, a share
`实际值 ÷ 指标值 = 105.6%，超过 100% 按 100% 计`), each stated comparison is checked on the exact values the
indicator read, and again on the numbers as printed.  Rubrics are drawn with thresholds of up to three decimals
and facts drawn at, and a hair's breadth either side of, those thresholds, plus the synthetic rubrics of
:mod:`rubricdsl.testing.synth` over facts from tests/property/strategies.py.
"""

from __future__ import annotations

import operator
import random
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.results import display
from rubricdsl.results.model import IndicatorResult
from rubricdsl.testing.synth import synth_rubric
from tests.property.strategies import fact_sets

PROFILE = settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "≥": operator.ge,
    ">": operator.gt,
    "≤": operator.le,
    "<": operator.lt,
    "=": operator.eq,
    "≠": operator.ne,
}
_HUNDRED = Decimal(100)
_WAN = Decimal(10000)
_NUMBER = r"≈?-?\d+(?:\.\d+)?(?:%|万元|元)?"


def read_number(text: str) -> Decimal:
    """A printed value back as the exact amount it says (``≈90%`` → 0.9, ``12万元`` → 120000)."""
    text = text.removeprefix("≈")
    if text.endswith("%"):
        return Decimal(text[:-1]) / _HUNDRED
    if text.endswith("万元"):
        return Decimal(text[:-2]) * _WAN
    if text.endswith("元"):
        return Decimal(text[:-1])
    return Decimal(text)


def same_side(shown: Decimal, exact: Decimal, bound: Decimal) -> bool:
    return (shown > bound) == (exact > bound) and (shown < bound) == (exact < bound)


# ---- band tests as written in a `score` rule --------------------------------------------------------------
_COMPARE_BAND = re.compile(rf"^(>=|>|<=|<|==|!=)\s*(?P<t>{_NUMBER})\s*->")
_INTERVAL_BAND = re.compile(rf"^(?P<lo>[\[(])\s*(?P<a>{_NUMBER})\s*,\s*(?P<b>{_NUMBER})\s*(?P<hi>[\])])\s*->")
_WRITTEN_OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}


def band_holds(band: str, value: Decimal) -> bool:
    """Whether ``value`` is in the band written ``band``."""
    found = _COMPARE_BAND.match(band)
    if found:
        threshold = read_number(found["t"])
        return _OPS[_WRITTEN_OPS[found[1]]](value, threshold)
    found = _INTERVAL_BAND.match(band)
    assert found, band
    low, high = read_number(found["a"]), read_number(found["b"])
    inside = (value >= low if found["lo"] == "[" else value > low) and (
        value <= high if found["hi"] == "]" else value < high
    )
    return inside


def check_reason(item: IndicatorResult, thresholds: list[Decimal]) -> int:
    """Check every comparison ``item``'s Chinese reason states; returns how many were checked."""
    reason = item.reason.zh
    values = {read.label: read.value for read in item.reads}
    checked = 0
    if item.rule == "score":
        found = re.match(rf"^(?P<label>.+?) = (?P<shown>{_NUMBER}) → `(?P<band>.+)`", reason)
        if found and not found["band"].startswith("else"):
            exact, shown = values[found["label"]], read_number(found["shown"])
            holds = band_holds(found["band"], exact)
            assert holds, f"{reason}: {exact} is not in the band"
            assert band_holds(found["band"], shown), f"{reason}: the number shown is not in the band"
            checked += 1
        if found:
            exact, shown = values[found["label"]], read_number(found["shown"])
            for bound in thresholds:
                assert same_side(shown, exact, bound), f"{reason}: {found['shown']} vs {bound} (exact {exact})"
                checked += 1
    elif item.rule == "deduct":
        checked += _check_deduct(reason, values)
    elif item.rule == "when":
        checked += _check_conditions(reason, values)
    elif item.rule == "proportional":
        checked += _check_share(reason)
    elif item.rule == "checklist":
        checked += _check_checklist(reason, values)
    return checked


def _check_deduct(reason: str, values: dict[str, Any]) -> int:
    found = re.match(rf"^(?P<label>.+?) = (?P<shown>{_NUMBER})：(?P<rest>.*)$", reason)
    assert found, reason
    exact, shown, rest = values[found["label"]], read_number(found["shown"]), found["rest"]
    checked = 0
    if (side := re.match(rf"不(?P<dir>[低高])于 (?P<t>{_NUMBER}) → 不扣分", rest)) is not None:
        threshold = read_number(side["t"])
        holds = exact >= threshold if side["dir"] == "低" else exact <= threshold
        assert holds, f"{reason}: exact {exact}"
        assert same_side(shown, exact, threshold), reason
        return 1
    past = re.match(rf"比 (?P<t>{_NUMBER}) (?P<dir>[低高]) (?P<d>{_NUMBER})", rest)
    assert past, reason
    threshold, far = read_number(past["t"]), read_number(past["d"])
    distance = threshold - exact if past["dir"] == "低" else exact - threshold
    assert distance > 0, f"{reason}: exact {exact} is not {past['dir']} {threshold}"
    assert same_side(shown, exact, threshold) and far > 0, reason
    checked += 2
    step_of = re.search(rf"每档 (?P<s>{_NUMBER})", rest)
    if "不足一整档" in rest:
        assert step_of and distance < read_number(step_of["s"]) and far < read_number(step_of["s"]), reason
        checked += 1
    whole = re.search(r"满 (?P<k>\d+) 整档", rest)
    if whole:
        assert step_of, reason
        step, units = read_number(step_of["s"]), Decimal(whole["k"])
        assert units * step <= distance < (units + 1) * step, f"{reason}: distance {distance}"
        assert units * step <= far < (units + 1) * step, f"{reason}: the distance shown"
        checked += 1
    started = re.search(r"计 (?P<k>\d+) 档", rest)
    if started:
        assert step_of, reason
        step, units = read_number(step_of["s"]), Decimal(started["k"])
        assert (units - 1) * step < distance <= units * step, f"{reason}: distance {distance}"
        assert (units - 1) * step < far <= units * step, f"{reason}: the distance shown"
        checked += 1
    return checked


_ATOM = re.compile(r"^(?P<left>.+?) (?P<op>[≥>≤<=≠]) (?P<right>.+)$")


def _side_value(text: str, values: dict[str, Any]) -> tuple[Any, Any]:
    """(exact, as shown) for one side of a stated comparison: ``标签 12万元`` or a literal ``90%``."""
    named = re.match(rf"^(?P<label>.+) (?P<shown>{_NUMBER}|是|否|\S+)$", text)
    if named and named["label"] in values:
        exact = values[named["label"]]
        shown = read_number(named["shown"]) if isinstance(exact, Decimal) else named["shown"]
        return exact, shown
    literal = read_number(text) if re.fullmatch(_NUMBER, text) else text.strip('"“”')
    return literal, literal


def _check_conditions(reason: str, values: dict[str, Any]) -> int:
    statement = re.split(r"：(?:条件均不成立|没有成立的条件)| → ", reason)[0]
    checked = 0
    for atom in re.split(r"，且|；", statement):
        if " = " in atom and atom.rsplit(" = ", 1)[1] in ("是", "否"):  # a yes/no value as it was
            label, value = atom.rsplit(" = ", 1)
            assert values[label] == (value == "是"), reason
            checked += 1
            continue
        found = _ATOM.match(atom)
        assert found, f"{atom!r} in {reason!r}"
        compare = _OPS[found["op"]]
        (left, left_shown), (right, right_shown) = (
            _side_value(found["left"], values),
            _side_value(found["right"], values),
        )
        assert compare(left, right), f"{reason}: {left} {found['op']} {right} is false"
        assert compare(left_shown, right_shown), f"{reason}: the numbers shown contradict {found['op']}"
        checked += 1
    return checked


def _check_checklist(reason: str, values: dict[str, Any]) -> int:
    """``满足：A（2）、执行率 95% ≥ 90%（3）；未满足：…`` — every item stated by its values must hold."""
    found = re.match(r"^满足：(?P<met>.*)；未满足：(?P<unmet>.*) → \S+ 分$", reason)
    assert found, reason
    checked = 0
    for part in (found["met"], found["unmet"]):
        for stated in part.split("、"):
            stated = re.sub(r"（[^（）]*）$", "", stated)
            if stated == "—" or not re.search(r" [≥>≤<=≠] ", stated):
                continue  # nothing, or an item by its label
            checked += _check_conditions(stated, values)
    return checked


def _check_share(reason: str) -> int:
    found = re.search(rf"= (?P<r>{_NUMBER})(?P<rest>.*)$", reason.split("：", 1)[1])
    if not found:
        return 0
    share = read_number(found["r"])
    if "超过 100%" in found["rest"]:
        assert share > 1, reason
    elif "低于 0" in found["rest"]:
        assert share < 0, reason
    else:
        assert 0 <= share <= 1, reason
    return 1


# ---- drawn rubrics: thresholds with up to three decimals, facts on and beside them ------------------------
_PERCENTS = st.integers(1, 99_999).map(lambda n: Decimal(n) / 1000)  # 0.001% … 99.999%, as percents


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


@st.composite
def truth_cases(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[str, list[Decimal]]]:
    """A rubric over a percent, two 万元 amounts and a count, its facts, and each indicator's thresholds."""
    cuts = sorted(set(draw(st.lists(_PERCENTS, min_size=1, max_size=3))))
    bands = "; ".join(f">={_pct(cut)} -> {index + 1}" for index, cut in reversed(list(enumerate(cuts))))
    low, high = draw(_PERCENTS), draw(_PERCENTS)
    low, high = min(low, high), max(low, high) + Decimal("0.001")
    open_low, open_high = draw(st.sampled_from("[(")), draw(st.sampled_from("])"))
    interval = f"{open_low}{_pct(low)}, {_pct(high)}{open_high}"
    threshold, step = draw(_PERCENTS), draw(st.sampled_from([Decimal("0.5"), Decimal(1), Decimal(5), Decimal("2.5")]))
    mode = draw(st.sampled_from(["", ", pro rata", ", whole steps", ", started steps"]))
    direction = draw(st.sampled_from(["below", "above"]))
    limit = draw(_PERCENTS)
    op = draw(st.sampled_from(["<=", "<", ">=", ">", "==", "!="]))
    combine = draw(st.sampled_from(["and", "or"]))
    count_cut = draw(st.integers(0, 20))
    text = f"""
rubric truth "真值" 70
fact r "执行率": percent
fact spent "执行数": money 万元, >= 0
fact planned "预算数": money 万元, > 0
fact n "次数": count
let rate "预算执行率" = spent / planned
section s "甲" 70 {{
  indicator banded "分档" 10 {{ score r: {bands}; else 0 }}
  indicator ranged "区间" 10 {{ score rate: {interval} -> 10; else 0 }}
  indicator deducted "扣分" 10 {{ deduct r: base 10, -1 per {_pct(step)} {direction} {_pct(threshold)}{mode} }}
  indicator counted "次数" 10 {{ deduct n: base 10, -1 per missing below 12 }}
  indicator compared "比较" 10 {{ when spent {op} planned -> 10; r {op} {_pct(limit)} {combine} n > {count_cut} -> 5; else 1 }}
  indicator share "比例" 10 {{ proportional spent against planned }}
  indicator listed "清单" 10 {{ checklist: r {op} {_pct(limit)} -> 4; n > {count_cut} -> 3; spent <= planned -> 3 "未超支" }}
}}
"""
    near = [*cuts, low, high, threshold, limit, threshold + step / 100, threshold - step / 100]
    epsilon = draw(st.sampled_from([Decimal(0), Decimal("1e-5"), Decimal("1e-7"), Decimal("-1e-5"), Decimal("-1e-7")]))
    r = draw(st.one_of(st.sampled_from(near).map(lambda edge: edge / 100 + epsilon), _PERCENTS.map(lambda p: p / 100)))
    planned = Decimal(draw(st.integers(1, 5000))) / 10
    spent = draw(
        st.one_of(
            st.just(planned),
            st.sampled_from([Decimal("1e-6"), Decimal("-1e-6"), Decimal("1e-4")]).map(lambda d: planned + d),
            st.integers(0, 6000).map(lambda v: Decimal(v) / 10),
            st.sampled_from([low, high]).map(lambda edge: planned * (edge / 100) + epsilon),
        )
    )
    # Written with its percent sign: a bare share above 1 would be refused as a whole percent (F405).
    facts = {"r": f"{r * 100:f}%", "spent": max(spent, Decimal(0)), "planned": planned, "n": draw(st.integers(0, 30))}
    thresholds = {
        "banded": [cut / 100 for cut in cuts],
        "ranged": [low / 100, high / 100],
        "deducted": [threshold / 100],
    }
    return text, facts, thresholds


@PROFILE
@given(truth_cases())
def test_every_stated_comparison_holds_on_the_exact_values(
    case: tuple[str, dict[str, Any], dict[str, list[Decimal]]],
) -> None:
    text, facts, thresholds = case
    rubric = rubricdsl.loads(text)
    result = rubric.evaluate_closures(facts)
    assert result.complete, (result.fact_problems, result.errors)
    checked = 0
    for item in result.indicators:
        checked += check_reason(item, thresholds.get(item.id, []))
    assert checked >= 6


@pytest.mark.parametrize("seed", range(4))
def test_synthetic_rubrics_state_true_comparisons(seed: int) -> None:
    spec = synth_rubric(40, seed=seed, vetoes=False)
    rubric = rubricdsl.loads(spec.text)

    @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(fact_sets(rubric))
    def check(facts: dict[str, Any]) -> None:
        result = rubric.evaluate_closures(facts)
        for item in result.indicators:
            if item.status == "scored":
                check_reason(item, _synth_thresholds(item))

    check()
    rng = random.Random(seed)  # and the synthetic rubric's own fact maker, which aims at band edges
    for _ in range(50):
        for item in rubric.evaluate_closures(spec.facts(rng, leave_out_optional=0)).indicators:
            check_reason(item, _synth_thresholds(item))


def _synth_thresholds(item: IndicatorResult) -> list[Decimal]:
    return [Decimal("0.9"), Decimal("0.8"), Decimal("0.6")] if item.rule == "score" else []


def test_the_check_fails_on_a_display_that_rounds_across_a_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard against a vacuous property: with the display rounding to two places whatever the bounds, the
    reason for 89.999% against `[80%, 90%)` reads ≈90% and the check catches it."""
    text = 'rubric t "t" 10\nfact r "执行率": percent\nindicator i "i" 10 { score r: >=90% -> 10; [80%, 90%) -> 4; else 0 }'
    rubric = rubricdsl.loads(text)
    facts = {"r": Decimal("0.89999")}
    check_reason(rubric.evaluate_closures(facts).indicator("i"), [Decimal("0.9"), Decimal("0.8")])
    monkeypatch.setattr(display, "_side", lambda value, bound: 0)  # every rounding "tells the bound apart"
    broken = rubricdsl.loads(text).evaluate_closures(facts).indicator("i")
    assert broken.reason.zh == "执行率 = ≈90% → `[80%, 90%) -> 4`"
    with pytest.raises(AssertionError):
        check_reason(broken, [Decimal("0.9"), Decimal("0.8")])
