from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import snippet, speaks_percent, value_text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.witness import attainable, facts_hint, pick
from rubricdsl.syntax import nodes as n


@register
class UncoveredValues(LintRule):
    """## What it does
    Finds values that no band of a `score` rule and no branch of a `when` rule covers, in a rule without
    `else`; and levels of an enum that a `levels` rule gives no share.

    ## Why is this bad?
    A value no band covers scores 0 silently (and a level without a share cannot be scored at all).  When
    the table means "otherwise 0" the rubric should say so; when it does not, a band is missing.

    ## Example
    ```text
    score budget_rate: >=90% -> 5; >=80% -> 3
    ```
    `budget_rate` = 0% matches no band and scores 0.

    ## Use instead
    ```text
    score budget_rate: >=90% -> 5; >=80% -> 3; else 0
    ```
    """

    code = "L103"
    name = "uncovered-values"
    category = Category.CORRECTNESS
    summary = "values no band covers, in a rule without else"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        for found in ctx.ranges.indicators.values():
            rule = found.info.node.rule
            if isinstance(rule, n.ScoreRule) and rule.otherwise is None and found.bands:
                last = found.bands[-1]
                if last.band is not None:
                    continue
                value = pick(last.reach)
                if value is None or not attainable(ctx.analysis, rule.subject, value):
                    continue
                percent = speaks_percent(checked, rule, rule.subject)
                subject = snippet(checked, rule.subject)
                shown = value_text(value, percent)
                hint_en = f"values in {last.reach.text(percent)} match no band; add `else 0` if that is intended"
                hint_zh = f"{last.reach.text(percent)} 内的取值不属于任何一档；如确实不得分，请写明 `else 0`"
                example = facts_hint(ctx.analysis, rule.subject, value)
                if example is not None:
                    hint_en, hint_zh = f"{hint_en} ({example[0]})", f"{hint_zh}（{example[1]}）"
                yield self.finding(
                    rule.span,
                    Text(
                        f"no band covers `{subject}` = {shown}, which scores 0",
                        f"`{subject}` = {shown} 时没有任何一档命中，得 0 分",
                    ),
                    Text(hint_en, hint_zh),
                )
            elif isinstance(rule, n.WhenRule) and rule.otherwise is None and found.branches:
                last_branch = found.branches[-1]
                if last_branch.branch is not None or not last_branch.witness:
                    continue
                shown = ", ".join(f"`{k}` = {_fact_value(v)}" for k, v in last_branch.witness.items())
                yield self.finding(
                    rule.span,
                    Text(f"no branch holds when {shown}, which scores 0", f"当 {shown} 时没有任何分支成立，得 0 分"),
                    Text("add `else 0` if that is intended", "如确实不得分，请写明 `else 0`"),
                )
            elif isinstance(rule, n.LevelsRule) and isinstance(rule.subject, n.Name):
                decl = checked.facts.get(rule.subject.ident)
                given = {share.level for share in rule.shares}
                for level in decl.type.levels if decl is not None else ():
                    if level not in given:
                        yield self.finding(
                            rule.span,
                            Text(
                                f"level `{level}` of `{rule.subject.ident}` has no share",
                                f"`{rule.subject.ident}` 的等级 `{level}` 没有对应的得分",
                            ),
                            Text(
                                "a project at this level cannot be scored; give it a share, even 0%",
                                "处于该等级的项目无法计分；请为它指定得分比例（可以是 0%）",
                            ),
                        )


def _fact_value(value: bool | str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"'
