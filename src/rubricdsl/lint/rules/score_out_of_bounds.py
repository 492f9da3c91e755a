from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, Severity, Text
from rubricdsl.lint.describe import points_text
from rubricdsl.lint.intervals import Interval
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.witness import describe_facts, pick, realize, score_under
from rubricdsl.syntax import nodes as n


@register
class ScoreOutOfBounds(LintRule):
    """## What it does
    Finds rules whose computed outcome can leave `[0, points]`: a formula, or a band or branch whose
    outcome is an expression.  Constant outcomes are already checked by `rubric check` (E210); this rule
    covers what only the range analysis sees, and reports a case only when it has found fact values that
    show it, by running the evaluator on them.  Each outcome is judged for the values that make it the
    score: a branch under the negation of the conditions before it and its own, a band under its test.

    ## Why is this bad?
    An outcome outside the indicator's points cannot be scored: the evaluator refuses it (E307) and the
    project's result is incomplete.  The rubric itself is wrong, so this is an error.

    ## Example
    ```text
    fact rate "完成率": percent, in [0%, 150%]
    indicator output "产出" 10 { formula rate * 10 }
    ```
    `rate` = 150% gives 15 points.

    ## Use instead
    ```text
    indicator output "产出" 10 { formula min(rate, 100%) * 10 }
    ```
    """

    code = "L105"
    name = "score-out-of-bounds"
    category = Category.CORRECTNESS
    default_severity = Severity.ERROR
    summary = "a computed outcome that can leave [0, points]"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for found in ctx.ranges.indicators.values():
            indicator = found.info.node
            points = found.points
            for path in ctx.paths[indicator.id]:
                expr = path.expr
                if not path.outcome or isinstance(expr, n.Literal):
                    continue  # (before the path's analysis: a constant's is never needed)
                analysis = ctx.analysis.under(path.guards)  # the values for which this outcome is the score
                if analysis is None:
                    continue
                reach = analysis.range_of(expr)
                if reach is None:
                    continue
                above = reach.intersect(Interval(points, False, None, False))
                below = reach.intersect(Interval(None, False, Fraction(0), False))
                # A penalty's or bonus's value above its cap is held to the cap (最高减分), not refused.
                for part in (below,) if indicator.adjusts else (above, below):
                    value = pick(part) if not part.is_empty else None
                    facts = realize(analysis, expr, value) if value is not None else None
                    if value is None or facts is None:
                        continue
                    score = score_under(ctx.checked, indicator, facts)
                    if score is None or 0 <= score <= indicator.points.value or (indicator.adjusts and score >= 0):
                        continue
                    shown = describe_facts(facts, ctx.checked) or "every value"
                    yield self.finding(
                        expr.span if not isinstance(indicator.rule, n.FormulaRule) else indicator.rule.span,
                        Text(
                            f"this rule can give {points_text(Fraction(score))} points, outside [0, "
                            f"{points_text(points)}]",
                            f"该规则可能给出 {points_text(Fraction(score))} 分，超出 [0, {points_text(points)}] 范围",
                        ),
                        Text(
                            f"for example {shown}; bound the expression with min/max",
                            f"例如 {shown}；请用 min/max 限定计算结果",
                        ),
                    )
                    break
