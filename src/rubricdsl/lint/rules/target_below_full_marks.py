from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.evaluate.reference import V1_RULES
from rubricdsl.lint.describe import points_text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.witness import score_under
from rubricdsl.semantics.check import free_names, rule_expressions
from rubricdsl.semantics.targets import actual_of, target_text
from rubricdsl.syntax import nodes as n

_MET_AT_ITS_VALUE = (None, n.Op.GE, n.Op.LE, n.Op.EQ)  # a project exactly at the value meets the target


def _about(score: Decimal) -> str:
    """The score as written when it is short, else to two places marked as such (≈8.33 for 25/3)."""
    if score.as_tuple().exponent >= -4:  # type: ignore[operator]  # a finite score's exponent is an int
        return points_text(Fraction(score))
    return "≈" + format(score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")


@register
class TargetBelowFullMarks(LintRule):
    """## What it does
    Finds indicators whose stated target (年度指标值), when met exactly, does not score the indicator's
    points: the rule's thresholds ask for more than the target does.  The score at the target is computed
    by the evaluator's own rule code, for rules that read only the actual value.

    ## Why is this bad?
    A self-evaluation table promises full points for meeting the 年度指标值.  A project that reports
    `≥90%` and reaches 90% expects 10 of 10; a top band that starts at 95% gives it less, and the table
    and the rule disagree about what the target is.

    ## Example
    ```text
    indicator pass "培训合格率" 10 {
      target >= 90%
      score pass_rate: >= 95% -> 10; >= 80% -> 6; else 0
    }
    ```
    At the target, 90%, the rule scores 6.

    ## Use instead
    ```text
    indicator pass "培训合格率" 10 {
      target >= 90%
      score pass_rate: >= 90% -> 10; >= 80% -> 6; else 0
    }
    ```
    """

    code = "L126"
    name = "target-below-full-marks"
    category = Category.DESIGN
    summary = "meeting an indicator's stated target does not score its points"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for info in ctx.checked.indicators:
            indicator = info.node
            target = indicator.target
            if target is None or not isinstance(target.value, n.Literal) or target.op not in _MET_AT_ITS_VALUE:
                continue
            actual = actual_of(indicator)
            if type(indicator.rule) not in V1_RULES or not isinstance(actual, n.Name):
                continue
            read = {name for expr in rule_expressions(indicator.rule) for name in free_names(expr)}
            if read != {actual.ident} or actual.ident not in ctx.checked.facts:
                continue  # the score at the target would depend on other values
            at_target = score_under(ctx.checked, indicator, {actual.ident: Fraction(target.value.value)})
            points = indicator.points.value
            if at_target is None or at_target >= points:
                continue
            stated, got, full = target_text(target), _about(at_target), points_text(Fraction(points))
            yield self.finding(
                target.span,
                Text(
                    f"meeting the target {stated} scores {got} of `{indicator.id}`'s {full} points",
                    f"达到年度指标值 {stated} 时 `{indicator.id}` 只得 {got} 分，满分为 {full} 分",
                ),
                Text(
                    "make the rule give full points at the target, or state the target the rule asks for",
                    "请让规则在达到年度指标值时给满分，或把年度指标值改成规则实际要求的值",
                ),
            )
