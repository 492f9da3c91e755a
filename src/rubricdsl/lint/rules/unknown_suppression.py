from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.diagnostics.suggest import did_you_mean
from rubricdsl.lint.registry import all_rules, register
from rubricdsl.lint.rule import Category, LintContext, LintRule


@register
class UnknownSuppression(LintRule):
    """## What it does
    Finds `# rubric: ignore[...]` comments that name a rule that does not exist.

    ## Why is this bad?
    A misspelt suppression suppresses nothing, and the finding it was meant to silence still appears; or
    worse, the rule was renamed and the comment now hides nothing while looking as if it did.

    ## Example
    ```text
    # rubric: ignore[unreachable-bands]
    ```

    ## Use instead
    ```text
    # rubric: ignore[unreachable-band]
    ```
    """

    code = "L001"
    name = "unknown-suppression"
    category = Category.SUPPRESSION
    summary = "a suppression comment naming no rule"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        names = [rule.name for rule in all_rules()]
        codes = {rule.code for rule in all_rules()}
        for suppression in ctx.suppressions:
            for name in suppression.names:
                if name in names or name in codes:
                    continue
                suggestion = did_you_mean(name, names)
                yield self.finding(
                    suppression.span,
                    Text(f"unknown rule `{name}` in a suppression", f"抑制注释中的规则 `{name}` 不存在"),
                    Text(f"did you mean `{suggestion}`?", f"是否想写 `{suggestion}`？") if suggestion else None,
                )
