"""Soundness of the range analysis, by hypothesis.

Rubrics are generated as text (score ladders, deductions, checklists, proportional and formula rules over
counts, shares, amounts and ratios of amounts); facts are drawn from their declared types, with extra weight
on the thresholds the rubric mentions.  The properties:

* every indicator's evaluated score lies inside its analysed range, and the total inside the total's;
* a band the analysis reports unreachable never fires, and the band it says reaches a value first does;
* witnesses are real: the facts behind a witness give exactly the witnessed value and fire the claimed band.

Path sensitivity (issue 9 §6) adds guarded forms: ``when`` branches and bands whose outcomes are
expressions over the compared value, and divisions guarded by the branch before them.  Its properties:

* sound: the evaluated scores still lie in the (narrower) analysed ranges;
* more precise, never less: each guarded outcome's range lies inside its unguarded range;
* a division L108 does not report never divides by zero when evaluated.
"""

from __future__ import annotations

import os
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.diagnostics.errors import RubricError
from rubricdsl.evaluate.rules import NO_BAND, band_predicate
from rubricdsl.lint import LintConfig
from rubricdsl.lint.engine import lint_checked
from rubricdsl.lint.ranges import RangeAnalysis, analyse
from rubricdsl.lint.witness import confirmed, pick
from rubricdsl.syntax import nodes as n

SETTINGS = settings(
    max_examples=int(os.environ.get("RUBRIC_SOUNDNESS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# name: (declaration, values worth trying)
FACTS: dict[str, tuple[str, list[Any]]] = {
    "done": ('fact done "完成数": count', [0, 1, 5, 11, 12, 13, 40]),
    "planned": ('fact planned "计划数": count, > 0', [1, 2, 10, 12]),
    "share": ('fact share "比例": percent, in [0%, 100%]', ["0", "0.05", "0.5", "0.595", "0.6", "0.9", "0.95", "1"]),
    "spent": ('fact spent "支出": money 元, >= 0', [0, 1, 50, 90, 100, 120]),
    "budget": ('fact budget "预算": money 元, > 0', [1, 50, 100]),
    "ok": ('fact ok "是否合规": bool', [True, False]),
    "good": ('fact good "是否达标": bool', [True, False]),
}
LETS = {
    "rate": ('let rate "执行率" = spent / budget', "share-like"),
    "completion": ('let completion "完成率" = done / planned', "share-like"),
    "gap": ('let gap "差额" = done - planned', "count-like"),
    "capped": ('let capped "封顶" = min(share, 90%) * 2', "share-like"),
}
NUMERIC = {"done": "count", "planned": "count", "share": "share", "spent": "money", "budget": "money"}
LET_KINDS = {"rate": "share", "completion": "share", "gap": "count", "capped": "share"}
THRESHOLDS = {
    "count": ["0", "1", "5", "11.5", "12", "20"],
    "share": ["0%", "5%", "50%", "60%", "90%", "95%", "100%", "120%"],
    "money": ["0元", "50元", "100元"],
}


@st.composite
def threshold(draw: st.DrawFn, kind: str) -> str:
    return draw(st.sampled_from(THRESHOLDS[kind]))


@st.composite
def band(draw: st.DrawFn, kind: str, points: int) -> str:
    outcome = draw(st.integers(0, points))
    if draw(st.booleans()):
        op = draw(st.sampled_from([">=", ">", "<=", "<", "==", "!="]))
        return f"{op}{draw(threshold(kind))} -> {outcome}"
    low, high = sorted([draw(threshold(kind)), draw(threshold(kind))], key=_literal_value)
    left, right = draw(st.sampled_from("[(")), draw(st.sampled_from("])"))
    return f"{left}{low}, {high}{right} -> {outcome}"


def _literal_value(text: str) -> Decimal:
    if text.endswith("%"):
        return Decimal(text[:-1]) / 100
    return Decimal(text.removesuffix("元"))


@st.composite
def rule(draw: st.DrawFn, points: int, subjects: list[tuple[str, str]]) -> str:
    subject, kind = draw(st.sampled_from(subjects))
    form = draw(
        st.sampled_from(["score", "score", "deduct", "checklist", "when", "proportional", "formula", "guarded"])
    )
    if form == "guarded" and kind in GUARDED and subject != "capped":  # witnesses cannot invert min()
        return draw(guarded_rule(points, subject, kind))
    if form == "score":
        bands = draw(st.lists(band(kind, points), min_size=1, max_size=4))
        otherwise = f"; else {draw(st.integers(0, points))}" if draw(st.booleans()) else ""
        return f"score {subject}: {'; '.join(bands)}{otherwise}"
    if form == "deduct":
        base = draw(st.integers(1, points))  # base 0 is E234
        rate = draw(st.sampled_from(["0.25", "1", "2"]))
        step = {"count": draw(st.sampled_from(["missing", "2"])), "share": "1%", "money": "10元"}[kind]
        direction = draw(st.sampled_from(["below", "above"]))
        mode = draw(st.sampled_from(["", ", pro rata", ", whole steps", ", started steps"]))
        cap = draw(st.sampled_from(["", ", cap 1"]))
        return f"deduct {subject}: base {base}, -{rate} per {step} {direction} {draw(threshold(kind))}{mode}{cap}"
    if form == "checklist":
        first = draw(st.integers(0, points))
        return f"checklist: ok -> {first}; good and not ok -> {points - first}"
    if form == "when":
        return f"when ok and good -> {points}; ok -> {draw(st.integers(0, points))}; else 0"
    if form == "proportional":
        target = {"count": "12", "share": "90%", "money": "budget"}[kind]
        return f"proportional {subject} against {target}{draw(st.sampled_from(['', ' lower']))}"
    factor = {"count": "1", "share": str(points), "money": "0.01"}[kind]
    return f"formula min(max({subject} * {factor}, 0), {points})"


GUARDED = {"share": ("9%", "10"), "count": ("1", "1")}  # kind: (a numerator for a division, a factor)


@st.composite
def guarded_rule(draw: st.DrawFn, points: int, subject: str, kind: str) -> str:
    """A rule whose outcomes are expressions that only their guard keeps in range (or guards a division)."""
    numerator, factor = GUARDED[kind]
    t = draw(threshold(kind))
    op = draw(st.sampled_from(["<=", "<", ">=", ">", "=="]))
    scaled = f"{subject} * {factor}"
    division = f"{points} * min(1, {numerator} / {subject})"
    form = draw(st.sampled_from(["division", "when", "score"]))
    if form == "division":
        return f"when {subject} {op} 0 -> {points}; else {division}"
    if form == "when":
        return f"when {subject} {op} {t} -> {scaled}; else {points} - {scaled}"
    return f"score {subject}: {op}{t} -> {scaled}; else {division}"


@st.composite
def rubrics(draw: st.DrawFn) -> str:
    lets = draw(st.lists(st.sampled_from(sorted(LETS)), unique=True, max_size=2))
    subjects = [(name, kind) for name, kind in NUMERIC.items()] + [(name, LET_KINDS[name]) for name in lets]
    points = draw(st.lists(st.integers(1, 10), min_size=1, max_size=4))
    lines = [f'rubric gen "生成" {sum(points)}', *(decl for decl, _ in FACTS.values())]
    lines += [LETS[name][0] for name in lets]
    for index, value in enumerate(points):
        lines.append(f'indicator i{index} "指标{index}" {value} {{ {draw(rule(value, subjects))} }}')
    return "\n".join(lines) + "\n"


@st.composite
def facts(draw: st.DrawFn) -> dict[str, Any]:
    drawn: dict[str, Any] = {}
    for name, (_, values) in FACTS.items():
        drawn[name] = draw(st.sampled_from(values))
    return drawn


def _compile(text: str) -> rubricdsl.CompiledRubric:
    try:
        return rubricdsl.loads(text)
    except RubricError:
        assume(False)
        raise


def _run(compiled: rubricdsl.CompiledRubric, given_facts: dict[str, Any]) -> Any:
    values, _, problems = compiled.schema.convert(given_facts)
    assert problems == []
    return compiled.program.run(values, frozenset(), frozenset())


@SETTINGS
@given(rubrics(), facts())
def test_every_score_lies_inside_its_analysed_range(text: str, given_facts: dict[str, Any]) -> None:
    compiled = _compile(text)
    ranges = analyse(compiled.checked)
    run = _run(compiled, given_facts)
    for plan in compiled.program.indicators:
        raw = run.raw_scores[plan.index]
        if raw is None:
            continue  # a division by zero: the division rule's business, not a score
        found = ranges.indicators[plan.info.node.id]
        assert found.score.contains(Fraction(raw)), (plan.info.node.id, raw, str(found.score), text)
        assert ranges.scores[plan.info.node.id].contains(Fraction(run.scores[plan.index]))
    if all(score is not None for score in run.scores):
        assert ranges.total.contains(Fraction(run.total)), (run.total, str(ranges.total))


@SETTINGS
@given(rubrics(), facts())
def test_unreachable_bands_never_fire_and_reach_sets_are_exact(text: str, given_facts: dict[str, Any]) -> None:
    compiled = _compile(text)
    ranges = analyse(compiled.checked)
    run = _run(compiled, given_facts)
    for plan in compiled.program.indicators:
        rule_node = plan.info.node.rule
        if not isinstance(rule_node, n.ScoreRule) or run.raw_scores[plan.index] is None:
            continue
        fired = run.details[plan.index]
        subject = Fraction(run.env[rule_node.subject.ident]) if isinstance(rule_node.subject, n.Name) else None
        for reach in ranges.indicators[plan.info.node.id].bands:
            index = NO_BAND if reach.band is None and rule_node.otherwise is None else reach.index
            if reach.reach.is_empty:
                assert fired != index, f"band {index} is reported unreachable but fired\n{text}"
            if subject is not None:
                assert reach.reach.contains(subject) == (fired == index), (index, fired, str(reach.reach))


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


@SETTINGS
@given(rubrics())
def test_witnesses_reach_what_they_claim(text: str) -> None:
    compiled = _compile(text)
    checked = compiled.checked
    analysis = RangeAnalysis(checked)
    ranges = analyse(checked)
    for plan in compiled.program.indicators:
        rule_node = plan.info.node.rule
        found = ranges.indicators[plan.info.node.id]
        if not isinstance(rule_node, n.ScoreRule) or found.subject is None:
            continue
        predicates = [band_predicate(b.test) for b in rule_node.bands]
        for reach in found.bands:
            # the value a finding names: in the band's reach, or (for an unreachable band) in what it accepts
            value = pick(reach.reach if not reach.reach.is_empty else reach.tests.intersect(found.subject))
            if value is None:
                continue
            first = next((i for i, matches in enumerate(predicates) if matches(_decimal(value))), None)
            if reach.band is None:
                assert first is None  # a value of the rest matches no band
            elif not reach.reach.is_empty:
                assert first == reach.index
            else:
                assert first is not None and first < reach.index  # an earlier band takes it
            witness = confirmed(analysis, rule_node.subject, value)
            if witness is None:
                continue
            given_facts: dict[str, Any] = {name: values[-1] for name, (_, values) in FACTS.items()}
            given_facts |= {name: str(_decimal(v)) for name, v in witness.items()}
            witnessed_run = _run(compiled, given_facts)
            if witnessed_run.raw_scores[plan.index] is None:
                continue  # the band fired but its outcome divides by zero: no band is recorded
            fired = witnessed_run.details[plan.index]
            otherwise = NO_BAND if rule_node.otherwise is None else len(rule_node.bands)
            assert fired == (otherwise if first is None else first), (text, value, given_facts)


@SETTINGS
@given(rubrics())
def test_every_rule_runs_on_generated_rubrics_and_findings_are_complete(text: str) -> None:
    compiled = _compile(text)
    for finding in lint_checked(compiled.checked, LintConfig()):
        assert finding.span is not None and finding.span.end > finding.span.start
        assert finding.message.en and finding.message.zh
        assert finding.message.en[0].islower() or finding.message.en[0] in "`"


@SETTINGS
@given(rubrics())
def test_guarded_outcomes_are_never_wider_than_unguarded(text: str) -> None:
    from rubricdsl.lint.paths import rule_paths

    compiled = _compile(text)
    analysis = RangeAnalysis(compiled.checked)
    for found in analyse(compiled.checked).indicators.values():
        for path in rule_paths(found):
            unguarded = analysis.expr(path.expr)
            narrowed = analysis.under(path.guards)
            guarded = narrowed.expr(path.expr) if narrowed is not None else None
            if unguarded is None or guarded is None:
                continue
            assert guarded.is_empty or unguarded.intersect(guarded) == guarded, (str(guarded), str(unguarded), text)


@SETTINGS
@given(rubrics(), facts())
def test_a_division_l108_calls_safe_never_divides_by_zero(text: str, given_facts: dict[str, Any]) -> None:
    compiled = _compile(text)
    findings = [f for f in lint_checked(compiled.checked, LintConfig()) if f.code == "L108"]
    run = _run(compiled, given_facts)
    for plan in compiled.program.indicators:
        error = run.errors.get(plan.index)
        if error is None or error.code != "E302":
            continue
        rule_span = plan.info.node.rule.span
        lets = [compiled.checked.lets[name].span for name in plan.info.lets]
        inside = [f for f in findings if f.span and any(s.start <= f.span.start < s.end for s in [rule_span, *lets])]
        assert inside, (plan.info.node.id, given_facts, text)
