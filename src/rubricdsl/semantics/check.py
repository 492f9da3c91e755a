"""Resolve names, type every expression, and check the indicator tree; collect every error, not the first.

The result, :class:`CheckedRubric`, keeps what later stages need in side tables (declarations by name,
each indicator's path and the facts and derived values it reads), so nobody re-walks the AST for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.diagnostics.errors import RubricCheckError
from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.semantics import exact_points, targets
from rubricdsl.semantics.absence import absence_policy_problems
from rubricdsl.semantics.kinds import declared_kind
from rubricdsl.semantics.lists import check_list_fact, field_decl
from rubricdsl.semantics.sections import outside_points_problems
from rubricdsl.semantics.types import BOOL, COUNT, ERROR, ExprTyper, Type, fact_type, is_zero_literal
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.grammar import CONTEXTUAL_WORDS, keywords
from rubricdsl.syntax.nodes import adjusts
from rubricdsl.syntax.numbers import exact_sum

RESERVED_FACT_NAMES = frozenset({"not_applicable"})


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    node: n.Indicator
    path: tuple[str, ...]  # ids of the enclosing sections, outermost first
    facts: tuple[str, ...]  # facts read, directly or through derived values, in declaration order
    lets: tuple[str, ...]  # derived values read, in declaration order


@dataclass(frozen=True, slots=True)
class CheckedRubric:
    rubric: n.Rubric
    source: SourceFile
    facts: dict[str, n.FactDecl]
    lets: dict[str, n.LetDecl]
    types: dict[str, Type]  # every fact and derived value
    indicators: tuple[IndicatorInfo, ...]
    let_facts: dict[str, tuple[str, ...]]  # facts each derived value reads, transitively

    @property
    def sha256(self) -> str:
        return self.source.sha256


def free_names(expr: n.Expr) -> Iterator[str]:
    stack: list[n.Expr] = [expr]
    while stack:
        item = stack.pop()
        match item:
            case n.Name():
                yield item.ident
            case n.Binary():
                stack.extend((item.right, item.left))
            case n.Negate() | n.Not():
                stack.append(item.operand)
            case n.Call():
                stack.extend(reversed(item.args))
            case n.Aggregate():
                # a `where` reads item fields, which never share a name with a fact or derived value
                stack.extend([] if item.where is None else [item.where])
                stack.append(item.items)
            case _:
                pass


def rule_expressions(rule: n.Rule) -> list[n.Expr]:
    match rule:
        case n.ScoreRule():
            return [rule.subject, *(band.outcome for band in rule.bands), *_maybe(rule.otherwise)]
        case n.WhenRule():
            found: list[n.Expr] = []
            for branch in rule.branches:
                found += [branch.condition, *_outcome_expressions(branch.outcome)]
            return found + ([] if rule.otherwise is None else _outcome_expressions(rule.otherwise))
        case n.DeductRule():
            return [rule.subject]
        case n.ChecklistRule():
            return [item.condition for item in rule.items]
        case n.ProportionalRule():
            return [rule.achieved, rule.target]
        case n.LevelsRule():
            return [rule.subject]
        case n.JudgedRule():
            return [rule.fact]
        case n.FormulaRule():
            return [rule.expr]
        case _:
            found_by_form: list[n.Expr] = _form_hook(rule, "expressions")(rule)
            return found_by_form


def _form_hook(rule: object, hook: str) -> Any:
    """The hook of the form that ``rule`` belongs to (a form added since v1 owns its check and expressions).
    Imported here, not at the top: forms lower the checked AST, so they load after this module."""
    from rubricdsl.forms import form_of

    found = getattr(form_of(rule), hook)
    if found is None:
        raise TypeError(f"the {form_of(rule).name} form has no {hook} hook")
    return found


def _outcome_expressions(outcome: n.Outcome) -> list[n.Expr]:
    """A `when` outcome's expressions: the outcome itself, or every expression of the nested rule."""
    nested = n.outcome_rule(outcome)
    return rule_expressions(nested) if nested is not None else _maybe(n.outcome_expr(outcome))


def _rule_names(rule: object) -> list[str]:
    return [name for expr in rule_expressions(rule) for name in free_names(expr)]  # type: ignore[arg-type]


def _maybe(expr: n.Expr | None) -> list[n.Expr]:
    return [] if expr is None else [expr]


class _Checker:
    def __init__(self, rubric: n.Rubric, source: SourceFile) -> None:
        self.rubric = rubric
        self.source = source
        self.problems: list[Diagnostic] = []
        self.facts: dict[str, n.FactDecl] = {}
        self.lets: dict[str, n.LetDecl] = {}
        self.types: dict[str, Type] = {}
        self.let_facts: dict[str, tuple[str, ...]] = {}
        self._visible_lets: set[str] = set()
        self._ids: set[str] = set()
        self.typer = ExprTyper(self._lookup, self._known_names, self.problems.append, self._money_unit)

    # ---- scope ------------------------------------------------------------------------------------
    def _lookup(self, name: n.Name) -> Type | None:
        ident = name.ident
        if ident in self.facts:
            return self.types[ident]
        if ident in self._visible_lets:
            return self.types.get(ident, ERROR)
        if ident in self.lets:
            self.problems.append(messages.make("E208", name.span, name=ident))
            return ERROR
        return None

    def _declared(self, ident: str) -> bool:
        return ident in self.facts or ident in self.lets

    def _money_unit(self, ident: str) -> str | None:
        decl = self.facts.get(ident)
        return decl.type.money_unit if decl is not None else None

    def _known_names(self) -> list[str]:
        return [*self.facts, *self._visible_lets]

    def _claim(self, ident: str, node_span: Span) -> None:
        if ident in self._ids:
            self.problems.append(messages.make("E202", node_span, name=ident))
        self._ids.add(ident)

    # ---- declarations -------------------------------------------------------------------------------
    def declare(self) -> None:
        reserved = keywords() - CONTEXTUAL_WORDS - targets.SOFT_KEYWORDS
        for decl in self.rubric.facts:
            self._claim(decl.name, decl.span)
            if decl.name in RESERVED_FACT_NAMES:
                self.problems.append(messages.make("E214", decl.span, name=decl.name))
            if decl.name in reserved and decl.name not in RESERVED_FACT_NAMES:
                self.problems.append(messages.make("E217", decl.span, name=decl.name))
            if len(set(decl.type.levels)) != len(decl.type.levels):
                duplicated = next(level for level in decl.type.levels if decl.type.levels.count(level) > 1)
                self.problems.append(messages.make("E211", decl.type.span, what=duplicated))
            self.facts.setdefault(decl.name, decl)
            self.types.setdefault(decl.name, fact_type(decl))
            self._check_fact(decl)
        for let in self.rubric.lets:
            self._claim(let.name, let.span)
            if let.name in reserved:
                self.problems.append(messages.make("E217", let.span, name=let.name))
            self.lets.setdefault(let.name, let)
        for decl in self.rubric.facts:
            if decl.type.kind is n.FactKind.LIST:
                check_list_fact(decl, lambda name: name in self.facts or name in self.lets, self.problems.append)
                for field in decl.type.fields:
                    self._check_fact(field_decl(decl, field))
        self._fact_order = {name: index for index, name in enumerate(self.facts)}
        self._let_order = {name: index for index, name in enumerate(self.lets)}
        for let in self.rubric.lets:
            self.types[let.name] = declared_kind(let, self.typer.type_of(let.expr), self.problems.append)
            self.let_facts[let.name] = self._facts_of(let.expr)
            self._visible_lets.add(let.name)

    def _facts_of(self, expr: n.Expr) -> tuple[str, ...]:
        found: set[str] = set()
        for ident in free_names(expr):
            if ident in self.facts:
                found.add(ident)
            elif ident in self.let_facts:
                found.update(self.let_facts[ident])
        return self._in_order(found, self._fact_order)

    def _in_order(self, names: set[str], order: dict[str, int]) -> tuple[str, ...]:
        """``names`` in declaration order, in time proportional to ``names`` (rubrics can have thousands)."""
        return tuple(sorted((name for name in names if name in order), key=order.__getitem__))

    def _check_fact(self, decl: n.FactDecl) -> None:
        declared = COUNT if decl.type.kind is n.FactKind.LIST else fact_type(decl)  # a list's bounds: its items
        subject = n.Name(ident=decl.name, span=decl.type.span)  # what a bound or default is compared with
        for bound in decl.bounds:
            if bound.low is None and bound.high is None:
                self.problems.append(
                    messages.make(
                        "E203",
                        bound.span,
                        detail="a constraint must be a bound or a range",
                        detail_zh="约束必须是上下限或区间",
                    )
                )
                continue
            if not (declared.numeric or declared.kind == "date"):  # a date is bounded by dates
                self.problems.append(
                    messages.make(
                        "E203",
                        bound.span,
                        detail=f"`{decl.name}` is not a number and cannot have bounds",
                        detail_zh=f"`{decl.name}` 不是数值，不能设上下限",
                    )
                )
                continue
            for literal in (bound.low, bound.high):
                if literal is not None:
                    self.typer.comparable(declared, subject, Type(_literal_kind(literal)), literal, n.Op.GE)
        default = decl.default
        if default is None:
            return
        if isinstance(default, n.BoolLit):
            ok = declared.kind == "bool"
        elif isinstance(default, n.StringLit):
            ok = declared.kind == "text" or (declared.kind == "enum" and default.value in declared.levels)
        else:
            ok = declared.numeric or declared.kind == "date"
            if ok:
                self.typer.comparable(declared, subject, Type(_literal_kind(default)), default, n.Op.EQ)
        if not ok:
            self.problems.append(
                messages.make(
                    "E203",
                    default.span,
                    detail=f"the default does not fit the type of `{decl.name}`",
                    detail_zh=f"默认值与 `{decl.name}` 的类型不符",
                )
            )

    # ---- the indicator tree ------------------------------------------------------------------------------
    def tree(self) -> list[IndicatorInfo]:
        infos: list[IndicatorInfo] = []
        if not self.rubric.children:
            self.problems.append(messages.make("E212", self.rubric.full.span, name=self.rubric.id))
        self._children(self.rubric.children, (), self.rubric.id, self.rubric.full, self.rubric.span, infos)
        for veto in self.rubric.vetoes:
            self.typer.condition(veto.condition)
        for assertion in self.rubric.assertions:
            self._check_assertion(assertion)
        return infos

    def _check_assertion(self, assertion: n.Assertion) -> None:
        """Both sides comparable; a tolerance only on ==, <=, >= of numbers, in the sides' own unit."""
        left, right = self.typer.type_of(assertion.left), self.typer.type_of(assertion.right)
        self.typer.comparable(left, assertion.left, right, assertion.right, assertion.op)
        tolerance = assertion.tolerance
        if tolerance is None or ERROR in (left, right):
            return
        sides = {left.kind, right.kind}
        wanted = "money" if "money" in sides else "percent" if "percent" in sides else "number"
        if assertion.op not in (n.Op.EQ, n.Op.LE, n.Op.GE) or not (left.numeric and right.numeric):
            self.problems.append(messages.make("E273", tolerance.span, op=assertion.op.value))
        elif tolerance.kind.value != wanted and not (wanted == "percent" and tolerance.value == 0):
            self.problems.append(
                messages.make("E274", tolerance.span, text=tolerance.text, kind=wanted, kind_zh=_KIND_ZH[wanted])
            )

    def _children(
        self,
        children: tuple[n.Section | n.Indicator, ...],
        path: tuple[str, ...],
        owner: str,
        points: n.Literal,
        owner_span: Span,
        infos: list[IndicatorInfo],
    ) -> None:
        # A penalty's or bonus's points are its cap, outside the parent's points (issue 10, form 2).
        total = exact_sum(child.points.value for child in children if not adjusts(child))  # 10^28 + 1 is not 10^28
        if children and total != points.value:
            self.problems.append(
                messages.make(
                    "E205",
                    points.span if points.span.end else owner_span,
                    name=owner,
                    actual=_fmt(total),
                    expected=_fmt(points.value),
                )
            )
        for child in children:
            self._claim(child.id, child.span)
            if isinstance(child, n.Section):
                if not child.children:
                    self.problems.append(messages.make("E212", child.span, name=child.id))
                for veto in child.vetoes:
                    self.typer.condition(veto.condition)
                self._children(child.children, (*path, child.id), child.id, child.points, child.span, infos)
            else:
                infos.append(self._indicator(child, path))

    def _indicator(self, indicator: n.Indicator, path: tuple[str, ...]) -> IndicatorInfo:
        if indicator.actual is not None:
            self.typer.type_of(indicator.actual)
        indicator = targets.resolve(
            indicator, self.typer, self._declared, _rule_names, self.problems.append, self.source
        )  # `target` in the rule now reads the target's value (semantics/targets.py)
        self._rule(indicator.rule, indicator.points.value)
        names: set[str] = set()
        for expr in rule_expressions(indicator.rule):
            names.update(free_names(expr))
        lets = self._in_order(names, self._let_order)
        facts_read = {name for name in names if name in self.facts}
        for let in lets:
            facts_read.update(self.let_facts.get(let, ()))
        return IndicatorInfo(indicator, path, self._in_order(facts_read, self._fact_order), lets)

    def _outcome(self, expr: n.Expr, points: Decimal) -> None:
        found = self.typer.numeric(expr)
        if found.kind in ("percent", "money") and isinstance(expr, n.Literal):
            kind_en, kind_zh = found.describe()
            self.problems.append(messages.make("E218", expr.span, text=expr.text, kind=kind_en, kind_zh=kind_zh))
            return
        if isinstance(expr, n.Literal) and not 0 <= expr.value <= points:
            self.problems.append(messages.make("E210", expr.span, value=expr.text, points=_fmt(points)))

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
                            subject, rule.subject, Type(_literal_kind(literal)), literal, n.Op.GE, at=literal.span
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
                            subject, rule.subject, Type(_literal_kind(bound)), bound, n.Op.GE, at=bound.span
                        )
                if rule.base.value > points:
                    self.problems.append(
                        messages.make("E210", rule.base.span, value=rule.base.text, points=_fmt(points))
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
                self.problems += exact_points.checklist_problems(rule, points, self.rubric, _fmt)
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
                _form_hook(rule, "check")(rule, self, points)

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
                    messages.make("E210", share.share.span, value=share.share.text, points=_fmt(points))
                )

    def grades(self) -> None:
        grades = self.rubric.grades
        if grades is None:
            return
        names = [band.name for band in grades.bands] + [grades.otherwise]
        thresholds = [band.threshold.value for band in grades.bands]
        for earlier, later, band in zip(thresholds, thresholds[1:], grades.bands[1:], strict=False):
            if later >= earlier:
                self.problems.append(messages.make(
                    "E213", band.span, detail="grade bands must go from the highest threshold down",
                    detail_zh="等级须按分数线从高到低排列"))  # fmt: skip
        for band in grades.bands:
            if names.count(band.name) > 1:
                self.problems.append(messages.make("E211", band.span, what=band.name))
            if band.op not in (n.Op.GE, n.Op.GT):
                self.problems.append(
                    messages.make(
                        "E213",
                        band.span,
                        detail="grade bands are lower bounds: use >= or >",
                        detail_zh="等级区间以下限表示，请使用 >= 或 >",
                    )
                )
        targets = [rounding.target for rounding in self.rubric.rounding]
        for rounding in self.rubric.rounding:
            if targets.count(rounding.target) > 1:
                self.problems.append(messages.make("E211", rounding.span, what=f"rounding {rounding.target}"))


def _empty(interval: n.Interval) -> bool:
    low, high = interval.low.value, interval.high.value
    return low > high or (low == high and not (interval.low_inclusive and interval.high_inclusive))


def _band_literals(test: n.Compare | n.Interval) -> tuple[n.Literal, ...]:
    if isinstance(test, n.Compare):
        return (test.threshold,)
    return (test.low, test.high)


_KIND_ZH = {"money": "金额（如 `0.01万元`）", "percent": "百分数（如 `0.5%`）", "number": "普通数字（如 `0.01`）"}


def _literal_kind(literal: n.Literal) -> str:
    return literal.kind.value


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def check(rubric: n.Rubric, source: SourceFile) -> CheckedRubric:
    """Check ``rubric``; raise :class:`RubricCheckError` carrying every problem found."""
    checker = _Checker(rubric, source)
    checker.declare()
    infos = checker.tree()
    checker.problems += absence_policy_problems(rubric.facts, infos)
    checker.grades()
    checker.problems += outside_points_problems(rubric, checker.typer)
    if checker.problems:
        ordered = sorted(checker.problems, key=lambda d: (d.span.start if d.span else 0, d.code))
        raise RubricCheckError(source, _dedupe(ordered))
    resolved = {info.node.id: info.node for info in infos if info.node.target is not None}
    if resolved:  # every later stage reads the rule with `target` resolved (semantics/targets.py)
        rubric = targets.with_resolved(rubric, resolved)
    return CheckedRubric(rubric, source, checker.facts, checker.lets, checker.types, tuple(infos), checker.let_facts)


def _dedupe(problems: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, int, int, str]] = set()
    unique: list[Diagnostic] = []
    for problem in problems:
        key = (
            problem.code,
            problem.span.start if problem.span else 0,
            problem.span.end if problem.span else 0,
            problem.message.en,
        )
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


__all__ = ["BOOL", "CheckedRubric", "IndicatorInfo", "check", "free_names", "rule_expressions"]
