from __future__ import annotations

import itertools
from collections.abc import Iterator
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import points_text, snippet, speaks_percent, value_text
from rubricdsl.lint.intervals import Interval
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.witness import attainable, pick
from rubricdsl.syntax import nodes as n


@register
class NonMonotoneLadder(LintRule):
    """## What it does
    Finds `score` ladders with fixed points where a better value scores less than a worse one.  "Better"
    is the direction of the ladder's ends: if the highest values score more than the lowest, higher is
    better.  Ladders whose two ends score the same (a target in the middle) are not judged; the `else` of
    an equality band (`==100% -> 5; else 0`) is not a step of the ladder.

    ## Why is this bad?
    Threshold tables (分档计分) reward a better result with at least as many points.  A step that goes the
    other way is nearly always a typo in a band's points.

    ## Example
    ```text
    score budget_rate: >=90% -> 5; >=80% -> 4; >=70% -> 4.5; else 0
    ```
    `budget_rate` = 80% scores 4, less than the 4.5 points of `budget_rate` = 70%.

    ## Use instead
    ```text
    score budget_rate: >=90% -> 5; >=80% -> 4; >=70% -> 3; else 0
    ```
    """

    code = "L104"
    name = "non-monotone-ladder"
    category = Category.CORRECTNESS
    summary = "a better value scoring fewer points"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        for found in ctx.ranges.indicators.values():
            rule = found.info.node.rule
            if not isinstance(rule, n.ScoreRule):
                continue
            steps: list[tuple[Interval, Fraction, n.Band | None]] = []
            fixed = True
            for reach in found.bands:
                if reach.reach.is_empty:
                    continue
                outcome = reach.outcome
                if outcome.lo is None or outcome.lo != outcome.hi:
                    fixed = False
                    break
                if reach.band is None and len(reach.reach.parts) > 1:
                    continue  # the rest around an equality band is not a step
                steps += [(part, outcome.lo, reach.band) for part in reach.reach.parts]
            if not fixed or len(steps) < 3:
                continue
            steps.sort(key=lambda step: (step[0].lo is not None, step[0].lo or 0))
            first, last = steps[0][1], steps[-1][1]
            if first == last:
                continue
            rising = last > first
            for (low_part, low_score, _), (high_part, high_score, high_band) in itertools.pairwise(steps):
                worse_wins = high_score < low_score if rising else high_score > low_score
                if not worse_wins:
                    continue
                better, worse = (high_part, low_part) if rising else (low_part, high_part)
                better_score, worse_score = (high_score, low_score) if rising else (low_score, high_score)
                better_value, worse_value = pick(better), pick(worse)
                if better_value is None or worse_value is None:
                    continue
                if not all(attainable(ctx.analysis, rule.subject, v) for v in (better_value, worse_value)):
                    continue
                percent = speaks_percent(checked, rule, rule.subject)
                subject = snippet(checked, rule.subject)
                good, bad = value_text(better_value, percent), value_text(worse_value, percent)
                span = high_band.span if high_band is not None else rule.span
                yield self.finding(
                    span,
                    Text(
                        f"`{subject}` = {good} scores {points_text(better_score)}, less than the "
                        f"{points_text(worse_score)} points of `{subject}` = {bad}",
                        f"`{subject}` = {good} 得 {points_text(better_score)} 分，反而低于 `{subject}` = {bad} 的 "
                        f"{points_text(worse_score)} 分",
                    ),
                    Text(
                        "the ladder's two ends show which way is better, and this step goes the other way; "
                        "check the points of each band",
                        "从分档两端看，结果越好得分应越高，这一档却相反，请检查各档分值",
                    ),
                )
                break
