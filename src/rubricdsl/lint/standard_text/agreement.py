"""Compare a reading of the 评价标准 with the indicator's rule: where do they score differently, and which part.

Ladders are compared as functions: both are evaluated (exactly, on fractions) at every threshold either side
writes, between them and beyond them, within the subject's range; a value where the text's points are known and
differ from the rule's is a disagreement, reported at the rule part responsible.  Deductions, 是/否, checklists
and ratios are compared field by field.  A reading and a rule of different shapes are not compared.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from rubricdsl.diagnostics import Text
from rubricdsl.lint.intervals import Interval, show
from rubricdsl.lint.standard_text.claims import (
    FULL_MARKS,
    BandClaim,
    ChecklistReading,
    DeductReading,
    Kind,
    LadderReading,
    ProportionalReading,
    Quantity,
    Reading,
    YesNoReading,
)
from rubricdsl.lint.standard_text.lexicon import literal_quantity
from rubricdsl.reading.source import Span
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.numbers import exact_points


@dataclass(frozen=True)
class Disagreement:
    span: Span
    standard: str  # the clause of the 评价标准, as read
    rule: str  # the rule part, as written
    detail: Text  # what differs, on exact values


def disagreements(
    reading: Reading, indicator: n.Indicator, text: Callable[[Span], str], subject: Interval | None
) -> list[Disagreement]:
    """``text`` gives the source text of a rule part, for the message."""
    rule = indicator.rule
    points = Fraction(indicator.points.value)
    if isinstance(reading, LadderReading) and isinstance(rule, n.ScoreRule):
        return _ladder(reading, rule, points, text, subject)
    if isinstance(reading, DeductReading) and isinstance(rule, n.DeductRule):
        return _deduct(reading, rule, points, text)
    if isinstance(reading, YesNoReading) and isinstance(rule, n.WhenRule):
        return _yes_no(reading, rule, text)
    if isinstance(reading, ChecklistReading) and isinstance(rule, n.ChecklistRule):
        return _checklist(reading, rule, text)
    if isinstance(reading, ProportionalReading) and isinstance(rule, n.ProportionalRule):
        return _proportional(reading, rule, indicator, text)
    return []


def _quantity(literal: n.Literal) -> Quantity:
    return literal_quantity(literal.text, Fraction(literal.value), literal.kind.value)


def _points(literal: n.Expr | None) -> Fraction | None:
    if literal is None:
        return Fraction(0)
    if isinstance(literal, n.Literal) and literal.kind is n.LiteralKind.NUMBER:
        return Fraction(literal.value)
    if isinstance(literal, n.Negate):
        positive = _points(literal.operand)
        return None if positive is None else -positive
    return None


def _outcome_points(outcome: n.Outcome | None) -> Fraction | None:
    """A `when` outcome's points; None (not read) for a nested rule, whose score varies."""
    return None if n.outcome_rule(outcome) is not None else _points(n.outcome_expr(outcome))


def _pts(value: Fraction) -> str:
    return show(value)


# ---- ladders ------------------------------------------------------------------------------------------


def _test_contains(test: n.Compare | n.Interval, value: Fraction) -> bool:
    if isinstance(test, n.Compare):
        threshold = _quantity(test.threshold).value
        return {
            n.Op.GE: value >= threshold,
            n.Op.GT: value > threshold,
            n.Op.LE: value <= threshold,
            n.Op.LT: value < threshold,
            n.Op.EQ: value == threshold,
            n.Op.NE: value != threshold,
        }[test.op]
    low, high = _quantity(test.low).value, _quantity(test.high).value
    above = value >= low if test.low_inclusive else value > low
    below = value <= high if test.high_inclusive else value < high
    return above and below


def _rule_literals(rule: n.ScoreRule) -> list[n.Literal]:
    found: list[n.Literal] = []
    for band in rule.bands:
        test = band.test
        found += [test.threshold] if isinstance(test, n.Compare) else [test.low, test.high]
    return found


def _claim_points(claim: BandClaim, points: Fraction) -> Fraction:
    return points if claim.points == FULL_MARKS else claim.points


def _ladder(
    reading: LadderReading, rule: n.ScoreRule, points: Fraction, text: Callable[[Span], str], subject: Interval | None
) -> list[Disagreement]:
    outcomes = [_points(band.outcome) for band in rule.bands]
    otherwise = _points(rule.otherwise)
    if otherwise is None or any(outcome is None for outcome in outcomes):
        return []
    literals = [_quantity(literal) for literal in _rule_literals(rule)]
    kinds = {q.kind for q in literals if q.value != 0}
    if len(kinds) > 1:
        return []
    kind: Kind | None = next(iter(kinds), None)
    ends = [end for claim in reading.bands if claim.range is not None for end in claim.range.ends()]
    if kind is not None and not all(end.fits(kind) for end in ends):
        return []
    marks = sorted({q.value for q in literals} | {end.value for end in ends})
    if not marks:
        return []
    samples = _samples(marks, Fraction(1, 100) if kind == "percent" else Fraction(1), subject)
    # One finding per ladder, at the lowest value where they differ: one wrong band usually moves several
    # values, and blaming a second band for the same change would be a false finding.
    for value in samples:
        claimed = _claimed(reading, value, points)
        if claimed is None:
            continue
        claim, says = claimed
        fired = next((i for i, band in enumerate(rule.bands) if _test_contains(band.test, value)), None)
        gives = otherwise if fired is None else outcomes[fired]
        assert gives is not None
        if gives == says:
            continue
        part = _responsible(rule, outcomes, otherwise, says, fired, value)
        shown = show(value, percent=kind == "percent")
        return [
            Disagreement(
                part.span,
                claim.text,
                text(part.span),
                Text(
                    f"at {shown} the standard gives {_pts(says)} points and the rule {_pts(gives)}",
                    f"在 {shown} 时评价标准得 {_pts(says)} 分，规则得 {_pts(gives)} 分",
                ),
            )
        ]
    return []


def _samples(marks: list[Fraction], unit: Fraction, subject: Interval | None) -> list[Fraction]:
    values = set(marks) | {marks[0] - unit, marks[-1] + unit}
    values |= {(a + b) / 2 for a, b in itertools.pairwise(marks)}
    if subject is not None and subject.integral:
        values = {Fraction(math.floor(v)) for v in values} | {Fraction(math.ceil(v)) for v in values}
    if subject is not None:
        values = {v for v in values if subject.contains(v)}
    return sorted(values)


def _claimed(reading: LadderReading, value: Fraction, points: Fraction) -> tuple[BandClaim, Fraction] | None:
    for claim in reading.bands:
        if claim.range is None:
            return claim, _claim_points(claim, points)
        inside = claim.range.contains(value)
        if inside is None:
            return None  # an end the text leaves open: no claim at this value
        if inside:
            return claim, _claim_points(claim, points)
    return None


def _responsible(
    rule: n.ScoreRule,
    outcomes: list[Fraction | None],
    otherwise: Fraction,
    says: Fraction,
    fired: int | None,
    value: Fraction,
) -> n.Band | n.Expr | n.ScoreRule:
    """The rule part to blame at ``value``, where the rule gives another score than the text's ``says``.

    The band that should have fired (it has the text's points) has a threshold too narrow, or the band that
    did fire has one too wide; of the two, the one whose threshold is nearer ``value`` moved (ties: the one
    that fired).  With no band of the text's points, the part that fired has the wrong points.
    """
    should = next((band for band, outcome in zip(rule.bands, outcomes, strict=True) if outcome == says), None)
    if fired is None:
        if should is not None:
            return should
        return rule.otherwise if rule.otherwise is not None else rule
    did = rule.bands[fired]
    if should is not None and _distance(should, value) < _distance(did, value):
        return should
    return did


def _distance(band: n.Band, value: Fraction) -> Fraction:
    test = band.test
    literals = [test.threshold] if isinstance(test, n.Compare) else [test.low, test.high]
    return min(abs(_quantity(literal).value - value) for literal in literals)


# ---- deductions, 是/否, checklists, ratios ---------------------------------------------------------------


def _deduct(
    reading: DeductReading, rule: n.DeductRule, points: Fraction, text: Callable[[Span], str]
) -> list[Disagreement]:
    found: list[Disagreement] = []

    def differ(node: n.Literal | n.DeductRule, en: str, zh: str) -> None:
        found.append(Disagreement(node.span, reading.text, text(rule.span), Text(en, zh)))

    if reading.above != rule.above:
        said_en, said_zh = ("above", "高于") if reading.above else ("below", "低于")
        differ(rule, f"the standard deducts {said_en} the threshold", f"评价标准在{said_zh}阈值时扣分")
        return found  # with the direction reversed, the other fields mean something else
    if reading.base is not None:
        base = points if reading.base == FULL_MARKS else reading.base
        if base != Fraction(rule.base.value):
            differ(rule.base, f"the standard starts from {_pts(base)} points", f"评价标准从 {_pts(base)} 分起扣")
    threshold = _quantity(rule.threshold)
    said_threshold = reading.threshold
    if said_threshold is not None and said_threshold.fits(threshold.kind) and said_threshold.value != threshold.value:
        said = said_threshold.text
        differ(rule.threshold, f"the standard's threshold is {said}", f"评价标准的阈值是 {said}")
    rule_step = None if rule.step is None else _quantity(rule.step)
    if rule_step is not None and rule_step.kind == "number" and rule_step.value == 1:
        rule_step = None
    if (reading.step is None) != (rule_step is None) or (
        reading.step is not None
        and rule_step is not None
        and reading.step.fits(rule_step.kind)
        and reading.step.value != rule_step.value
    ):
        said = reading.step.text if reading.step is not None else "1"
        differ(rule.step or rule, f"the standard's step is {said}", f"评价标准的步长是 {said}")
    if reading.rate != Fraction(rule.rate.value):
        differ(
            rule.rate, f"the standard deducts {_pts(reading.rate)} per step", f"评价标准每步扣 {_pts(reading.rate)} 分"
        )
    # a cap at or above the base never binds (the score stops at 0 first): 最多扣4分 on a base of 4 is no cap
    base_points = Fraction(rule.base.value)
    said_cap = None if reading.cap is None or reading.cap >= base_points else reading.cap
    rule_cap = None if rule.cap is None or Fraction(rule.cap.value) >= base_points else Fraction(rule.cap.value)
    if said_cap != rule_cap and reading.cap is not None:
        differ(
            rule.cap or rule,
            f"the standard caps the deduction at {_pts(reading.cap)}",
            f"评价标准最多扣 {_pts(reading.cap)} 分",
        )
    return found


def _yes_no(reading: YesNoReading, rule: n.WhenRule, text: Callable[[Span], str]) -> list[Disagreement]:
    if len(rule.branches) != 1 or isinstance(rule.branches[0].condition, n.Not):
        return []
    branch = rule.branches[0]
    yes, no = _outcome_points(branch.outcome), _outcome_points(rule.otherwise)
    found: list[Disagreement] = []
    if yes is not None and yes != reading.yes:
        found.append(_part(branch, reading.text, text, "是", reading.yes, yes))
    if no is not None and no != reading.no:
        found.append(_part(n.outcome_expr(rule.otherwise) or rule, reading.text, text, "否", reading.no, no))
    return found


def _part(
    node: n.Branch | n.Expr | n.WhenRule | n.ChecklistItem,
    said: str,
    text: Callable[[Span], str],
    case: str,
    says: Fraction,
    gives: Fraction,
) -> Disagreement:
    return Disagreement(
        node.span,
        said,
        text((node).span),
        Text(
            f"for {case} the standard gives {_pts(says)} points and the rule {_pts(gives)}",
            f"{case}：评价标准得 {_pts(says)} 分，规则得 {_pts(gives)} 分",
        ),
    )


def _checklist(reading: ChecklistReading, rule: n.ChecklistRule, text: Callable[[Span], str]) -> list[Disagreement]:
    if len(reading.items) != len(rule.items):
        return []  # the text groups its items differently; pairing them would be a guess
    by_label = {item.label: item for item in rule.items if item.label}
    if all(label in by_label for label, _ in reading.items) and len(by_label) == len(rule.items):
        pairs = [(label, says, by_label[label]) for label, says in reading.items]  # the same items, any order
    else:
        pairs = [(label, says, item) for (label, says), item in zip(reading.items, rule.items, strict=True)]
    found: list[Disagreement] = []
    for label, says, item in pairs:
        gives = exact_points(item.points)
        if says != gives and says != FULL_MARKS:
            found.append(_part(item, f"{label}({_pts(says)}分)", text, label, says, gives))
    return found


def _proportional(
    reading: ProportionalReading, rule: n.ProportionalRule, indicator: n.Indicator, text: Callable[[Span], str]
) -> list[Disagreement]:
    points = Fraction(indicator.points.value)
    found: list[Disagreement] = []
    if reading.lower_is_better is not None and reading.lower_is_better != rule.lower_is_better:
        en = "lower is better (反向)" if reading.lower_is_better else "higher is better (正向)"
        zh = "反向指标" if reading.lower_is_better else "正向指标"
        found.append(
            Disagreement(rule.span, reading.text, text((rule).span), Text(f"the standard says {en}", f"评价标准为{zh}"))
        )
    for said in (reading.scale, reading.cap):
        if said is not None and said != points:
            found.append(
                Disagreement(
                    indicator.points.span,
                    reading.text,
                    indicator.points.text,
                    Text(
                        f"the standard scores out of {_pts(said)} points, the indicator has {_pts(points)}",
                        f"评价标准按 {_pts(said)} 分计，指标分值为 {_pts(points)} 分",
                    ),
                )
            )
            break
    return found
