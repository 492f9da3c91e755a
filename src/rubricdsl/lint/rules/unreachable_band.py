from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import snippet, speaks_percent, value_text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.witness import facts_hint, pick
from rubricdsl.syntax import nodes as n


@register
class UnreachableBand(LintRule):
    """## What it does
    Finds score bands that can never fire: every value they accept is caught by an earlier band (bands are
    tried in order and the first match wins), or no value the subject can take falls inside them.

    ## Why is this bad?
    A band that never fires is almost always a mistake in the order of the bands or in a threshold: the
    table promises points that no project can get.  The finding names a value that shows it.

    ## Example
    ```text
    score budget_rate: >=80% -> 3; >=90% -> 5; else 0
    ```
    `budget_rate` = 90% reaches `>=80% -> 3` first, so `>=90% -> 5` never fires.

    ## Use instead
    ```text
    score budget_rate: >=90% -> 5; >=80% -> 3; else 0
    ```
    """

    code = "L101"
    name = "unreachable-band"
    category = Category.CORRECTNESS
    summary = "a score band that can never fire"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        for found in ctx.ranges.indicators.values():
            rule = found.info.node.rule
            if not isinstance(rule, n.ScoreRule) or found.subject is None:
                continue
            percent = speaks_percent(checked, rule, rule.subject)
            subject = snippet(checked, rule.subject)
            for reach in found.bands:
                if reach.band is None or not reach.reach.is_empty:
                    continue
                band = snippet(checked, reach.band)
                accepted = reach.tests.intersect(found.subject)
                value = pick(accepted)
                if value is None:
                    shown = found.subject.text(percent)
                    yield self.finding(
                        reach.band.span,
                        Text(
                            f"`{band}` never fires: `{subject}` is always in {shown}",
                            f"`{band}` 永远不会生效：`{subject}` 的取值范围是 {shown}",
                        ),
                        Text(
                            "no value the facts can take reaches this band; check its threshold",
                            "事实的任何取值都达不到这一档，请检查阈值",
                        ),
                    )
                    continue
                first = next(r for r in found.bands if r.band is not None and r.tests.contains(value))
                earlier = snippet(checked, first.band) if first.band is not None else "?"
                shown_value = value_text(value, percent)
                hint_en = "bands are tried in order and the first match wins; put the narrower band first"
                hint_zh = "各档按顺序判断，先命中者生效；请把范围更窄的档次放在前面"
                example = facts_hint(ctx.analysis, rule.subject, value)
                if example is not None:
                    hint_en, hint_zh = f"{hint_en} ({example[0]})", f"{hint_zh}（{example[1]}）"
                yield self.finding(
                    reach.band.span,
                    Text(
                        f"`{band}` never fires: `{subject}` = {shown_value} reaches `{earlier}` first",
                        f"`{band}` 永远不会生效：`{subject}` = {shown_value} 时先命中 `{earlier}`",
                    ),
                    Text(hint_en, hint_zh),
                )
