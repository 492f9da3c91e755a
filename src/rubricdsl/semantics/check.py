"""Resolve names, type every expression, and check the indicator tree; collect every error, not the first.

The result, :class:`CheckedRubric`, keeps what later stages need in side tables (declarations by name,
each indicator's path and the facts and derived values it reads), so nobody re-walks the AST for them.
It and the questions every stage asks of a rule are in :mod:`~rubricdsl.semantics.checked`; the checks of the
v1 rule forms are in :mod:`~rubricdsl.semantics.rule_checks`.  All are importable from here.
"""

from __future__ import annotations

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.diagnostics.errors import RubricCheckError
from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.semantics import targets
from rubricdsl.semantics.absence import absence_policy_problems
from rubricdsl.semantics.checked import CheckedRubric, IndicatorInfo, free_names, rule_expressions, rule_names
from rubricdsl.semantics.kinds import declared_kind
from rubricdsl.semantics.lists import check_list_fact, field_decl
from rubricdsl.semantics.rule_checks import RuleChecks, fmt, literal_kind
from rubricdsl.semantics.sections import outside_points_problems
from rubricdsl.semantics.types import BOOL, COUNT, ERROR, ExprTyper, Type, fact_type
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.grammar import CONTEXTUAL_WORDS, keywords
from rubricdsl.syntax.nodes import adjusts
from rubricdsl.syntax.numbers import exact_sum

RESERVED_FACT_NAMES = frozenset({"not_applicable"})


class _Checker(RuleChecks):
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
                    self.typer.comparable(declared, subject, Type(literal_kind(literal)), literal, n.Op.GE)
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
                self.typer.comparable(declared, subject, Type(literal_kind(default)), default, n.Op.EQ)
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
                    actual=fmt(total),
                    expected=fmt(points.value),
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
            indicator, self.typer, self._declared, rule_names, self.problems.append, self.source
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


_KIND_ZH = {"money": "金额（如 `0.01万元`）", "percent": "百分数（如 `0.5%`）", "number": "普通数字（如 `0.01`）"}


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
