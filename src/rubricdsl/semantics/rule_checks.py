"""The checks of the eight v1 rule forms (a form added since v1 checks itself: ``Form.check``), as
:class:`RuleChecks`, the part of the checker that reads one indicator's rule against its points: band literals
comparable with the subject, literal outcomes within [0, points], deduction steps, checklist sums, levels.
A nested rule (a `when` branch that is a rule) is checked as it would be alone, against the same points."""

from __future__ import annotations

from decimal import Decimal

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.semantics import exact_points
from rubricdsl.semantics.checked import form_hook
from rubricdsl.semantics.types import ExprTyper, Type, is_zero_literal
from rubricdsl.syntax import nodes as n


class RuleChecks:
    """Mixed into the checker, which provides the typer, the problem list, the declared facts and the rubric."""

    rubric: n.Rubric
    typer: ExprTyper
    problems: list[Diagnostic]
    facts: dict[str, n.FactDecl]

    def _outcome(self, expr: n.Expr, points: Decimal) -> None:
        found = self.typer.numeric(expr)
        if found.kind in ("percent", "money") and isinstance(expr, n.Literal):
            kind_en, kind_zh = found.describe()
            self.problems.append(messages.make("E218", expr.span, text=expr.text, kind=kind_en, kind_zh=kind_zh))
            return
        if isinstance(expr, n.Literal) and not 0 <= expr.value <= points:
            self.problems.append(messages.make("E210", expr.span, value=expr.text, points=fmt(points)))

    def _rule(self, rule: n.Rule, points: Decimal) -> None:
        typer = self.typer
        match rule:
            case n.ScoreRule():
                subject = typer.numeric(rule.subject)
                for band in rule.bands:
                    if isinstance(band.test, n.Interval) and _empty(band.test):
                        self.problems.append(messages.make(
                            "E203", band.test.span, detail="this interval contains no value",
                            detail_zh="该区间不含任何值"))  # fmt: skip
                    for literal in _band_literals(band.test):
                        typer.comparable(
                            subject, rule.subject, Type(literal_kind(literal)), literal, n.Op.GE, at=literal.span
                        )
                    self._outcome(band.outcome, points)
                if rule.otherwise is not None:
                    self._outcome(rule.otherwise, points)
            case n.WhenRule():
                for branch in rule.branches:
                    typer.condition(branch.condition)
                    self._when_outcome(branch.outcome, points)
                if rule.otherwise is not None:
                    self._when_outcome(rule.otherwise, points)
            case n.DeductRule():
                subject = typer.numeric(rule.subject)
                for bound in (rule.threshold, rule.step):
                    if bound is not None and not is_zero_literal(bound):
                        typer.comparable(
                            subject, rule.subject, Type(literal_kind(bound)), bound, n.Op.GE, at=bound.span
                        )
                if rule.base.value > points:
                    self.problems.append(
                        messages.make("E210", rule.base.span, value=rule.base.text, points=fmt(points))
                    )
                if rule.base.value == 0:
                    self.problems.append(messages.make("E234", rule.base.span))
                if subject.kind == "percent" and (rule.step is None or rule.step.kind is not n.LiteralKind.PERCENT):
                    where = rule.step.span if rule.step is not None else rule.span
                    self.problems.append(messages.make(
                        "E203", where, detail="a deduction on a percent needs a percent step such as `1%`",
                        detail_zh="对百分数扣分时，步长也应为百分数，例如 `1%`"))  # fmt: skip
                if rule.step is not None and rule.step.value <= 0:
                    self.problems.append(
                        messages.make(
                            "E203", rule.step.span, detail="the step must be above zero", detail_zh="扣分步长必须大于零"
                        )
                    )
            case n.ChecklistRule():
                for item in rule.items:
                    typer.condition(item.condition)
                self.problems += exact_points.checklist_problems(rule, points, self.rubric, fmt)
            case n.ProportionalRule():
                achieved = typer.numeric(rule.achieved)
                target = typer.numeric(rule.target)
                typer.comparable(achieved, rule.achieved, target, rule.target, n.Op.GE)
            case n.LevelsRule():
                self._levels(rule, points)
            case n.JudgedRule():
                found = typer.type_of(rule.fact)
                if found.kind not in ("number", "error") or rule.fact.ident not in self.facts:
                    self.problems.append(
                        messages.make(
                            "E203",
                            rule.fact.span,
                            detail="a judged score must be a fact of type number",
                            detail_zh="评议得分必须是 number 类型的事实",
                        )
                    )
            case n.FormulaRule():
                typer.numeric(rule.expr)
            case _:
                form_hook(rule, "check")(rule, self, points)

    def _when_outcome(self, outcome: n.Outcome, points: Decimal) -> None:
        """A nested rule is checked as it would be alone, against the indicator's points."""
        nested, expr = n.outcome_rule(outcome), n.outcome_expr(outcome)
        if nested is not None:
            self._rule(nested, points)
        elif expr is not None:
            self._outcome(expr, points)

    # What a form's check may call (forms/base.CheckCtx).
    def outcome(self, expr: n.Expr, points: Decimal) -> None:
        self._outcome(expr, points)

    def rule(self, rule: object, points: Decimal) -> None:
        self._rule(rule, points)  # type: ignore[arg-type]  # a nested rule of any registered form

    def _levels(self, rule: n.LevelsRule, points: Decimal) -> None:
        subject = self.typer.type_of(rule.subject)
        if subject.kind == "error":
            return
        if subject.kind != "enum":
            en, zh = subject.describe()
            self.problems.append(
                messages.make(
                    "E203",
                    rule.subject.span,
                    detail=f"levels need an enum fact, found {en}",
                    detail_zh=f"levels 规则需要枚举类型的事实，实际为{zh}",
                )
            )
            return
        seen: set[str] = set()
        name = rule.subject.ident if isinstance(rule.subject, n.Name) else ""
        for share in rule.shares:
            if share.level not in subject.levels:
                self.problems.append(
                    messages.make("E209", share.span, level=share.level, name=name, levels="、".join(subject.levels))
                )
            if share.level in seen:
                self.problems.append(messages.make("E211", share.span, what=share.level))
            seen.add(share.level)
            limit = Decimal(1) if share.share.kind is n.LiteralKind.PERCENT else points
            if not 0 <= share.share.value <= limit:
                self.problems.append(
                    messages.make("E210", share.share.span, value=share.share.text, points=fmt(points))
                )


def _empty(interval: n.Interval) -> bool:
    low, high = interval.low.value, interval.high.value
    return low > high or (low == high and not (interval.low_inclusive and interval.high_inclusive))


def _band_literals(test: n.Compare | n.Interval) -> tuple[n.Literal, ...]:
    if isinstance(test, n.Compare):
        return (test.threshold,)
    return (test.low, test.high)


def literal_kind(literal: n.Literal) -> str:
    return literal.kind.value


def fmt(value: Decimal) -> str:
    """A Decimal as a message shows it: whole numbers without trailing zeros."""
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
