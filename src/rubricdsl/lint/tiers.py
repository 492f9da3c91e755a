"""What the tier-range rules (L111–L114) read: every ``judged … within`` rule of a rubric, nested ones included,
with the indicator it scores, the scale its ranges are on and the values its score fact can take."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from rubricdsl.lint import intervals as iv
from rubricdsl.lint.intervals import Interval
from rubricdsl.lint.rule import LintContext
from rubricdsl.semantics.check import IndicatorInfo
from rubricdsl.syntax import nodes as n


@dataclass(frozen=True, slots=True)
class TierRule:
    info: IndicatorInfo
    rule: n.JudgedWithinRule
    percent: bool  # the ranges are shares of the points
    scale: Interval  # where a range belongs: [0, points], or [0%, 100%] for shares
    given: Interval  # what the score fact can be (its type and declared bounds) on that scale
    levels: tuple[str, ...]  # the tier enum's levels, in declaration order

    def interval(self, tier: n.TierRange) -> Interval:
        test = tier.range
        return Interval(iv.exact(test.low.value), test.low_inclusive, iv.exact(test.high.value), test.high_inclusive)

    def shown(self, value: Interval) -> str:
        return value.text(self.percent)


def _rules(rule: n.Rule) -> Iterator[n.JudgedWithinRule]:
    if isinstance(rule, n.JudgedWithinRule):
        yield rule
    elif isinstance(rule, n.WhenRule):
        for outcome in [*(branch.outcome for branch in rule.branches), rule.otherwise]:
            nested = n.outcome_rule(outcome)
            if nested is not None:
                yield from _rules(nested)


def tier_rules(ctx: LintContext) -> Iterator[TierRule]:
    checked = ctx.checked
    for info in checked.indicators:
        for rule in _rules(info.node.rule):
            percent = bool(rule.ranges) and rule.ranges[0].range.low.kind is n.LiteralKind.PERCENT
            scale = Interval.closed(0, 1) if percent else Interval.closed(0, Fraction(info.node.points.value))
            given = ctx.analysis.values.get(rule.score.ident, iv.EVERYTHING).intersect(scale)
            tier = checked.types.get(rule.tier.ident)
            levels = tier.levels if tier is not None else ()
            yield TierRule(info, rule, percent, scale, given, levels)
