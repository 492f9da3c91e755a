from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import snippet
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.lint.usage import literal_comparisons
from rubricdsl.semantics.check import CheckedRubric, rule_expressions
from rubricdsl.syntax import nodes as n


@register
class RatioComparedWithNumber(LintRule):
    """## What it does
    Finds a quotient of two plain numbers (`number` facts or values) compared with a bare number above 1:
    a band threshold, a condition, a deduction threshold or a `proportional` target.  (A quotient of two
    amounts of one kind, money ÷ money or count ÷ count, is a share, and `rubric check` refuses the same
    comparison outright, E230.  Plain numbers carry no unit, so here it is only probably wrong.)

    ## Why is this bad?
    If the two numbers are amounts of one thing (执行数 and 预算数 typed as `number`), their quotient is a
    share, which reaches 1 at 100%: `>= 90` never fires and 86% scores 0.

    ## Example
    ```text
    fact 执行数 "执行数（万元）": number
    fact 预算数 "预算数（万元）": number, > 0
    let 执行率 "执行率" = 执行数 / 预算数
    indicator e "预算执行率" 10 { score 执行率: >=90 -> 10; else 0 }
    ```

    ## Use instead
    ```text
    indicator e "预算执行率" 10 { score 执行率: >=90% -> 10; else 0 }
    ```
    If the quotient is a per-unit value (人均, 每期), say so: `let 人均 "人均成本": number = 成本 / 人数`.
    """

    code = "L304"
    name = "ratio-compared-with-number"
    category = Category.UNITS
    summary = "a quotient of two numbers compared with a bare number above 1"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        pairs: list[tuple[n.Expr, n.Expr]] = []
        for info in checked.indicators:
            rule = info.node.rule
            if isinstance(rule, n.ScoreRule):
                for band in rule.bands:
                    test = band.test
                    literals = [test.threshold] if isinstance(test, n.Compare) else [test.low, test.high]
                    pairs += [(rule.subject, literal) for literal in literals]
            elif isinstance(rule, n.DeductRule):
                pairs.append((rule.subject, rule.threshold))
            elif isinstance(rule, n.ProportionalRule):
                pairs.append((rule.achieved, rule.target))
            for expr in rule_expressions(rule):
                pairs += literal_comparisons(expr)
        for veto in ctx.vetoes:
            pairs += literal_comparisons(veto.condition)
        seen: set[int] = set()
        for side, literal in pairs:
            if not isinstance(literal, n.Literal) or literal.kind is not n.LiteralKind.NUMBER:
                continue
            if abs(literal.value) <= 1 or literal.span.start in seen or not plain_ratio(checked, side):
                continue
            seen.add(literal.span.start)
            yield self.finding(
                literal.span,
                Text(
                    f"`{snippet(checked, side)}` is a quotient of two numbers, compared with `{literal.text}`; "
                    f"a share reaches only 1 (100%)",
                    f"`{snippet(checked, side)}` 是两个数值之商，却与 `{literal.text}` 比较；比率最大为 1（即 100%）",
                ),
                Text(
                    f"if it is a share, write `{literal.text}%`; if it is a per-unit value, declare it "
                    f"`let …: number = …`",
                    f"如果它是比率，请写 `{literal.text}%`；如果是人均、每期等数值，请声明为 `let …: number = …`",
                ),
            )


def plain_ratio(checked: CheckedRubric, expr: n.Expr) -> bool:
    """Whether ``expr`` is ``a / b`` over two non-literal plain numbers, directly or as an undeclared ``let``."""
    if isinstance(expr, n.Name):
        let = checked.lets.get(expr.ident)
        return let is not None and let.kind is None and plain_ratio(checked, let.expr)
    if not (isinstance(expr, n.Binary) and expr.op is n.Op.DIV):
        return False
    return all(_plain_number(checked, side) for side in (expr.left, expr.right))


def _plain_number(checked: CheckedRubric, expr: n.Expr) -> bool:
    """A value of kind ``number`` that is not written as a literal (``x / 100`` is the author's own scaling)."""
    if isinstance(expr, n.Literal):
        return False
    if isinstance(expr, n.Name):
        found = checked.types.get(expr.ident)
        return found is not None and found.kind == "number"
    return (
        isinstance(expr, n.Binary)
        and expr.op in (n.Op.ADD, n.Op.SUB)
        and all(_plain_number(checked, side) for side in (expr.left, expr.right))
    )
