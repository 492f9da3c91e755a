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
class PercentComparedWithCount(LintRule):
    """## What it does
    Finds percent literals compared with a number of things: an expression built only from counts and
    whole numbers by `+`, `-`, `*`, `min`, `max` or `abs`.  (A count fact compared with a percent directly
    is a type error, E203; this rule sees through arithmetic, which the type checker reads as a plain
    number.)

    ## Why is this bad?
    `activities * 2 >= 50%` compares a number of events with a share: the percent sign is a slip, or the
    rule meant a rate such as `activities / planned`.

    ## Example
    ```text
    indicator e "活动" 5 { score activities + trainings: >=90% -> 5; else 0 }
    ```

    ## Use instead
    ```text
    indicator e "活动" 5 { score activities + trainings: >=12 -> 5; else 0 }
    ```
    """

    code = "L302"
    name = "percent-compared-with-count"
    category = Category.UNITS
    summary = "a percent compared with a number of things"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        for info in checked.indicators:
            rule = info.node.rule
            pairs: list[tuple[n.Expr, n.Literal]] = []
            if isinstance(rule, n.ScoreRule):
                for band in rule.bands:
                    test = band.test
                    literals = [test.threshold] if isinstance(test, n.Compare) else [test.low, test.high]
                    pairs += [(rule.subject, literal) for literal in literals]
            elif isinstance(rule, n.DeductRule):
                pairs.append((rule.subject, rule.threshold))
            for expr in rule_expressions(rule):
                pairs += literal_comparisons(expr)
            for side, literal in pairs:
                if literal.kind is not n.LiteralKind.PERCENT or not counts_things(checked, side):
                    continue
                if isinstance(side, n.Name) and checked.types[side.ident].kind == "count":
                    continue  # a type error, reported by `rubric check`
                yield self.finding(
                    literal.span,
                    Text(
                        f"`{literal.text}` is compared with `{snippet(checked, side)}`, a number of things",
                        f"`{literal.text}` 与计数 `{snippet(checked, side)}` 进行比较",
                    ),
                    Text(
                        "compare counts with whole numbers, or divide by the planned number to get a rate",
                        "计数应与整数比较；如需比率，请除以计划数",
                    ),
                )


def counts_things(checked: CheckedRubric, expr: n.Expr) -> bool:
    """Whether ``expr`` is a number of things: counts and whole numbers under + - * min max abs floor ceil clamp, and `count`."""
    match expr:
        case n.Literal():
            return expr.kind is n.LiteralKind.NUMBER and expr.value == expr.value.to_integral_value()
        case n.Name():
            decl = checked.facts.get(expr.ident)
            if decl is not None:
                return decl.type.kind is n.FactKind.COUNT
            let = checked.lets.get(expr.ident)
            return let is not None and counts_things(checked, let.expr)
        case n.Negate():
            return counts_things(checked, expr.operand)
        case n.Binary(op=op) if op in (n.Op.ADD, n.Op.SUB, n.Op.MUL):
            names = [expr.left, expr.right]
            return all(counts_things(checked, side) for side in names) and not all(
                isinstance(side, n.Literal) for side in names
            )
        case n.Call(function="count"):
            return True  # how many of its yes/no items hold
        case n.Call(function=function) if function in ("min", "max", "abs", "floor", "ceil", "clamp"):
            return all(counts_things(checked, arg) for arg in expr.args)
        case _:
            return False
