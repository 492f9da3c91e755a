from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import snippet
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.syntax import nodes as n


@register
class PercentThresholdOutOfRange(LintRule):
    """## What it does
    Finds percent thresholds outside [0%, 100%] on a value that is a share: a `percent` fact.  Derived
    shares such as `spent / planned` (a quotient of two amounts is a percent) can exceed 100% and are not
    judged.

    ## Why is this bad?
    A share never exceeds 100% or drops below 0%, so such a band never fires or always fires; most often
    the percent sign was added to a number of points or a count (`>=120%` for `>=120`).

    ## Example
    ```text
    fact satisfaction "满意度": percent, in [0%, 100%]
    indicator s "满意度" 10 { score satisfaction: >=950% -> 10; else 0 }
    ```

    ## Use instead
    ```text
    indicator s "满意度" 10 { score satisfaction: >=95% -> 10; else 0 }
    ```
    """

    code = "L301"
    name = "percent-threshold-out-of-range"
    category = Category.UNITS
    summary = "a percent threshold outside [0%, 100%] on a share"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        for info in checked.indicators:
            rule = info.node.rule
            literals: list[n.Literal] = []
            if isinstance(rule, n.ScoreRule):
                subject = rule.subject
                for band in rule.bands:
                    test = band.test
                    literals += [test.threshold] if isinstance(test, n.Compare) else [test.low, test.high]
            elif isinstance(rule, n.DeductRule):
                subject = rule.subject
                literals.append(rule.threshold)
            else:
                continue
            if not (isinstance(subject, n.Name) and subject.ident in checked.facts):
                continue  # a derived share (执行数 / 预算数) may well exceed 100%
            if checked.types[subject.ident].kind != "percent":
                continue
            for literal in literals:
                if literal.kind is n.LiteralKind.PERCENT and not 0 <= literal.value <= 1:
                    yield self.finding(
                        literal.span,
                        Text(
                            f"`{literal.text}` is outside [0%, 100%], but `{snippet(checked, subject)}` is a share",
                            f"`{literal.text}` 超出 [0%, 100%]，而 `{snippet(checked, subject)}` 是一个比例",
                        ),
                        Text(
                            "a share never goes beyond 100% or below 0%; check the threshold",
                            "比例不会超过 100% 或低于 0%，请检查阈值",
                        ),
                    )
