from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.standard_text import disagreements, read_standard
from rubricdsl.reading.source import Span
from rubricdsl.syntax import nodes as n


@register
class StandardDisagrees(LintRule):
    """## What it does
    Reads the indicator's `standard "…"` text — thresholds, boundary words (以上/以下/不低于/不满/超过 …, read
    as 《民法典》第1259条 and the reference's boundary-word table say), points (得N分/计N分/不得分/满分),
    deductions (每上升/每低于 X 扣 N 分, 最多扣N分), 是/否 and checklist items — and reports the rule part
    that scores differently, with both texts and a value where they differ.

    ## Why is this bad?
    The 评价标准 is what the table publishes and what the evaluated unit reads; the rule is what scores.
    When a threshold, a boundary, a step, a rate, a direction or the points differ, the published table
    and the score disagree.  A text the reader cannot read with confidence (a formula, 酌情, an item it does
    not know) gives no finding: silence means "not read", never "agrees".

    ## Example
    ```text
    indicator budget "预算完成率" 5 {
      standard "90%以上（5分）；80%以上不满90%（3分）；不满80%（0分）"
      score budget_rate: >=90% -> 5; >80% -> 3; else 0
    }
    ```
    At exactly 80% the standard gives 3 points (以上 includes the number) and the rule 0.

    ## Use instead
    ```text
    indicator budget "预算完成率" 5 {
      standard "90%以上（5分）；80%以上不满90%（3分）；不满80%（0分）"
      score budget_rate: >=90% -> 5; >=80% -> 3; else 0
    }
    ```
    """

    code = "L501"
    name = "standard-disagrees"
    category = Category.STANDARD
    summary = "the 评价标准 text and the rule score differently"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked

        def text(span: Span) -> str:
            return " ".join(checked.source.snippet(span).split())

        for indicator in n.walk_indicators(checked.rubric.children):
            if not indicator.standard:
                continue
            reading = read_standard(indicator.standard)
            if reading is None:
                continue
            found = ctx.ranges.indicators.get(indicator.id)
            subject = found.subject if found is not None else None
            for part in disagreements(reading, indicator, text, subject):
                yield self.finding(
                    part.span,
                    Text(
                        f"the 评价标准 says `{part.standard}`, the rule says `{part.rule}`: {part.detail.en}",
                        f"评价标准写 `{part.standard}`，规则写 `{part.rule}`：{part.detail.zh}",
                    ),
                    Text(
                        "correct the rule, or the standard text if the rule is what was meant",
                        "请修正规则；若规则才是本意，请修正评价标准文字",
                    ),
                )
