from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.evaluate.reference import V1_RULES
from rubricdsl.lint.describe import points_text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.witness import score_under
from rubricdsl.results.display import show
from rubricdsl.semantics.check import free_names, rule_expressions
from rubricdsl.semantics.targets import actual_of, target_text
from rubricdsl.syntax import nodes as n

_BELOW = {n.Op.GE: True, n.Op.GT: True, n.Op.LE: False, n.Op.LT: False}  # which side misses the target


@register
class FullMarksShortOfTarget(LintRule):
    """## What it does
    Finds indicators that give full points to a project that misses its stated target (年度指标值): the
    rule's full-marks threshold is looser than the target.  Checked with the evaluator's own rule code on a
    value just short of the target (one less for a count; 10⁻⁴ of the target's last digit otherwise),
    for rules that read only the actual value.

    ## Why is this bad?
    The table promises the 年度指标值 and the rule pays full points without it: either the target or the
    threshold is not the one the evaluation notice means.

    ## Example
    ```text
    indicator on_time "按时发放率" 5 {
      target 100%
      score on_time_rate: >= 95% -> 5; else 0
    }
    ```
    99.99% misses the target and scores 5.

    ## Use instead
    ```text
    indicator on_time "按时发放率" 5 {
      target 100%
      score on_time_rate: >= 100% -> 5; >= 95% -> 3; else 0
    }
    ```
    """

    code = "L127"
    name = "full-marks-short-of-target"
    category = Category.DESIGN
    summary = "an indicator scores full points for a value that misses its stated target"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for info in ctx.checked.indicators:
            indicator = info.node
            target = indicator.target
            if target is None or not isinstance(target.value, n.Literal):
                continue
            actual = actual_of(indicator)
            if type(indicator.rule) not in V1_RULES or not isinstance(actual, n.Name):
                continue
            decl = ctx.checked.facts.get(actual.ident)
            read = {name for expr in rule_expressions(indicator.rule) for name in free_names(expr)}
            if decl is None or read != {actual.ident}:
                continue
            below = _BELOW.get(target.op) if target.op is not None else True  # a bare target is a minimum
            if below is None:
                continue
            probe = _short_of(target.value, below, decl.type.kind)
            score = score_under(ctx.checked, indicator, {actual.ident: Fraction(probe)})
            points = indicator.points.value
            if score is None or score < points:
                continue
            shown = show(probe, decl.type.kind.value, (target.value.value,))
            full = points_text(Fraction(points))
            yield self.finding(
                target.span,
                Text(
                    f"`{indicator.id}` scores its full {full} points at {shown}, which misses the target "
                    f"{target_text(target)}",
                    f"`{indicator.id}` 在 {shown} 时即得满分 {full} 分，而这一数值未达到年度指标值 {target_text(target)}",
                ),
                Text(
                    "give full points only when the target is met, or state the target the rule rewards",
                    "请只在达到年度指标值时给满分，或把年度指标值改成规则实际给满分的值",
                ),
            )


def _short_of(value: n.Literal, below: bool, kind: n.FactKind) -> Decimal:
    """A value just on the missing side of ``value``."""
    if kind is n.FactKind.COUNT:
        step = Decimal(1)
    else:
        exponent = value.value.as_tuple().exponent
        step = Decimal(1).scaleb((exponent if isinstance(exponent, int) else 0) - 4)
    return value.value - step if below else value.value + step
