from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.describe import points_text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.syntax import nodes as n


@register
class AbsentFactRemovesPoints(LintRule):
    """## What it does
    Finds facts declared `absent: not_applicable` whose absence alone makes indicators worth more than a
    stated share of the full score not applicable (20% by default; `max-absent-share` in the configuration).

    ## Why is this bad?
    An absent fact takes its indicators' points out of the sum, and the total is rescaled from the points
    that remain.  When one missing number can take away a large part of the table, a result can read
    "100 优" after one row of ten points was scored.  Whether that is right is a policy decision; it should
    be made on purpose.

    ## Example
    ```text
    rubric demo "示例" 100
    fact 满意度 "满意度": percent, absent: not_applicable
    indicator s "满意度" 90 { score 满意度: >=90% -> 90; else 0 }
    ```
    Without `满意度`, 90 of the 100 points leave the sum.

    ## Use instead
    Say what absence means with a `default` (`default 0%` scores the row 0), make the fact required, or
    raise `max-absent-share` in the configuration if rescaling that much is the policy.
    """

    code = "L203"
    name = "absent-fact-removes-points"
    category = Category.DESIGN
    summary = "an absent fact that can remove a large share of the points"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        checked = ctx.checked
        full = Fraction(checked.rubric.full.value)
        if full <= 0:
            return
        removed: dict[str, list[n.Indicator]] = {}
        moved = points_that_move(checked.rubric)
        for info in checked.indicators:
            if info.node.id in moved or info.node.adjusts:  # its points go to siblings, or it has none
                continue
            for name in info.facts:
                removed.setdefault(name, []).append(info.node)
        limit = ctx.max_absent_share
        for decl in checked.rubric.facts:
            if not decl.optional or decl.default is not None or decl.name not in removed:
                continue
            indicators = removed[decl.name]
            points = sum((Fraction(i.points.value) for i in indicators), Fraction(0))
            if points / full <= limit:
                continue
            ids = "、".join(f"`{i.id}`" for i in indicators[:5]) + ("…" if len(indicators) > 5 else "")
            share, stated = _percent(points / full), _percent(limit)
            rest = points_text(full - points)
            yield self.finding(
                decl.span,
                Text(
                    f"if `{decl.name}` is absent, {ids} ({points_text(points)} of {points_text(full)} points, "
                    f"{share}) {'is' if len(indicators) == 1 else 'are'} not applicable, more than {stated} of the full score",
                    f"缺少 `{decl.name}` 时，{ids}（{points_text(points)} 分，占满分 {points_text(full)} 分的 {share}）"
                    f"不适用，超过满分的 {stated}",
                ),
                Text(
                    f"the total would be rescaled from the remaining {rest} points; give a `default` if absence "
                    f"means a value, or raise `max-absent-share` if this rescale is the policy",
                    f"此时总分按剩余的 {rest} 分折算；如缺少有确定含义，请给出 `default`；"
                    f"如确需如此折算，请调高配置项 `max-absent-share`",
                ),
            )


def _percent(share: Fraction) -> str:
    value = Decimal(share.numerator) / Decimal(share.denominator) * 100
    text = format(value.quantize(Decimal("0.1")).normalize(), "f")
    exact = Fraction(value) == Fraction(Decimal(text))
    return f"{text}%" if exact else f"≈{text}%"


def points_that_move(rubric: n.Rubric) -> set[str]:
    """Indicators whose points go to siblings when they are not applicable (``not_applicable -> siblings`` or
    ``not_applicable id -> sibling``), instead of leaving the total to be rescaled."""
    found: set[str] = set()
    stack: list[n.Section | n.Rubric] = [rubric]
    while stack:
        node = stack.pop()
        kept = {p.source for p in node.na_policies if p.source is not None and p.target == n.RESCALE}
        siblings = any(p.target == n.SIBLINGS for p in node.na_policies)
        for child in node.children:
            if isinstance(child, n.Section):
                stack.append(child)
            elif siblings and child.id not in kept:
                found.add(child.id)
        found.update(
            p.source for p in node.na_policies if p.source is not None and p.target not in (n.RESCALE, n.SIBLINGS)
        )
    return found
