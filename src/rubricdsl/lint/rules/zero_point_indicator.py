from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule


@register
class ZeroPointIndicator(LintRule):
    """## What it does
    Finds `indicator`s worth 0 points.  Such an indicator is held to [0, 0]: it can neither add nor
    subtract anything, so a 减分指标 written this way ("第10项指标为减分指标", a deduction from 0) silently does
    nothing, and a rule that can give less than 0 fails the indicator (E307).

    ## Why is this bad?
    The table means the deduction to come off the section or the total; the rubric scores it as nothing.

    ## Example
    ```text
    indicator violations "违规减分" 0 { formula 0 - 5 * violation_count }
    ```

    ## Use instead
    ```text
    penalty violations "违规减分" 10 { formula 5 * violation_count }
    ```
    A `penalty` subtracts its rule's value, at most its cap (最高减分), from the section it stands in.
    """

    code = "L121"
    name = "zero-point-indicator"
    category = Category.CORRECTNESS
    summary = "a 0-point indicator, which can only score 0 (a penalty written as an indicator)"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for info in ctx.checked.indicators:
            node = info.node
            if node.adjusts or node.points.value != 0:
                continue
            yield self.finding(
                node.points.span if node.points.span.end else node.span,
                Text(
                    f"`{node.id}` is worth 0 points: it always scores 0 and takes nothing from anything",
                    f"`{node.id}` 分值为 0：永远得 0 分，也不会从任何地方扣分",
                ),
                Text(
                    f'a 减分项 is a penalty: `penalty {node.id} "…" CAP {{ rule }}` subtracts the rule\'s value '
                    "(at most CAP) from its section or the total",
                    f'减分项请写成 `penalty {node.id} "…" 最高减分 {{ 规则 }}`：从所在部分或总分中减去规则的得分（不超过最高减分）',
                ),
            )
