from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, Severity, Text
from rubricdsl.lint.describe import snippet
from rubricdsl.lint.paths import Guarded, contradicted
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.witness import Facts, confirmed, describe_facts
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n


@register
class DivisionByZeroRisk(LintRule):
    """## What it does
    Finds divisions (and `proportional … against` targets) whose divisor can be 0 for facts that satisfy
    every declaration, and names facts that make it 0.

    The analysis follows the evaluator's paths: a division inside a `when` branch is judged only for the
    values that reach that branch (every earlier condition false, its own true), one in a band's outcome
    only for the values that band takes, and one on the right of `and`/`or` only when the left side lets it
    run.  So `when 结余率 <= 0 -> 20; else 20 * min(1, 9% / 结余率)` is not reported: the else divides by a
    positive 结余率.

    When the divisor is a fact whose declaration admits 0 explicitly (`>= 0`, `in [0, …]`), the author
    has said that zero happens, so the finding is `info`: it records which indicators cannot be scored
    then.  A divisor that is 0 only because nothing was declared is a `warning`.

    ## Why is this bad?
    A division by 0 cannot be scored: every indicator reading the value fails (E302) and the result is
    incomplete.  Usually the divisor is a planned amount or a count that the table assumes positive.

    ## Example
    ```text
    fact planned "计划数": count
    let completion "完成率" = done / planned
    ```
    `planned` = 0 makes `completion` fail.

    ## Use instead
    ```text
    fact planned "计划数": count, > 0
    ```
    """

    code = "L108"
    name = "division-by-zero-risk"
    category = Category.CORRECTNESS
    summary = "a divisor that can be 0"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        targets: list[Guarded] = []
        for found in ctx.ranges.indicators.values():
            rule = found.info.node.rule
            if isinstance(rule, n.ProportionalRule) and not rule.lower_is_better:
                targets.append(Guarded(rule.target, ()))
        # every division in the rubric (derived values, each rule's paths, vetoes), with the guards on its way
        divisors = [
            Guarded(item.expr.right, item.guards)
            for item in ctx.subexpressions
            if isinstance(item.expr, n.Binary) and item.expr.op is n.Op.DIV
        ]
        divisors += targets
        seen: set[tuple[int, int]] = set()
        for divisor in divisors:
            key = (divisor.expr.span.start, divisor.expr.span.end)
            analysis = ctx.analysis.under(divisor.guards)  # only the values that reach this division
            found_range = analysis.range_of(divisor.expr) if analysis is not None else None
            if key in seen or analysis is None or found_range is None or not found_range.contains(0):
                continue
            facts = confirmed(analysis, divisor.expr, Fraction(0))
            if facts is None or contradicted(checked, divisor.guards, facts):
                continue
            seen.add(key)
            yield self._finding(checked, divisor.expr, facts)

    def _finding(self, checked: CheckedRubric, divisor: n.Expr, facts: Facts) -> Diagnostic:
        text = snippet(checked, divisor)
        example = describe_facts(facts, checked) or f"`{text}` = 0"
        declared = _declared_zero(checked, divisor)
        finding = self.finding(
            divisor.span,
            Text(
                f"`{text}` can be 0 here, and a division by 0 cannot be scored",
                f"`{text}` 可能为 0，除以 0 时无法计分",
            ),
            Text(
                f"for example {example}; declare the fact `> 0` if zero is impossible",
                f"例如 {example}；如不可能为零，请为该事实声明 `> 0`",
            )
            if declared is None
            else Text(
                f"`{declared}` is declared `>= 0`: indicators reading this value fail when it is 0",
                f"`{declared}` 声明为 `>= 0`：其为 0 时，读取此值的指标无法计分",
            ),
        )
        return _with_severity(finding, Severity.INFO) if declared is not None else finding


def _with_severity(finding: Diagnostic, severity: Severity) -> Diagnostic:
    return replace(finding, severity=severity)


def _declared_zero(checked: CheckedRubric, divisor: n.Expr) -> str | None:
    if not isinstance(divisor, n.Name) or divisor.ident not in checked.facts:
        return None
    for bound in checked.facts[divisor.ident].bounds:
        if bound.low is not None and bound.low.value == 0 and bound.low_inclusive:
            return divisor.ident
    return None
