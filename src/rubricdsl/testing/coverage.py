"""Band coverage, like ``opa test --coverage``: which outcomes of each indicator the test cases reached.

An indicator's *outcomes* are what its rule can decide: each band of a ``score`` rule and its ``else`` (or the
implicit 0 when no band matches), each branch of a ``when`` and its ``else``, each item of a ``checklist``
(reached when it is met), each level of a ``levels`` rule, "no deduction" and "deducted" for a ``deduct``,
"below target" and "target met" for a ``proportional``, and "scored" for ``judged`` and ``formula``.

Which outcome a case reached is decided by running the evaluator's own rule code (``evaluate.rules``) on the
values the result says the indicator read, and checked against the result: the recomputed score must equal
the result's, or the case is not counted for that indicator.  An outcome the range analysis proves
unreachable (``rubric lint`` reports it) is listed but left out of the percentage, since no test can reach it.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from rubricdsl.compiled import CompiledRubric
from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.expressions import ExprCompiler
from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.evaluate.program import CONTEXT, SCORED
from rubricdsl.evaluate.rules import NO_BAND, RuleFn, compile_rule
from rubricdsl.forms import form_of
from rubricdsl.ir.expressions import ExprLowering
from rubricdsl.lint.intervals import Interval
from rubricdsl.lint.ranges import IndicatorRange, RangeAnalysis, when_guards
from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.results.lists import list_fields
from rubricdsl.results.model import EvaluationResult, IndicatorResult
from rubricdsl.syntax import nodes as n
from rubricdsl.testing.traced import TracedFn, runs_in_v1, trace_keys, traced, when_outcomes

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Outcome:
    key: Key  # ("band", 0), ("else",), ("none",), ("branch", 1), ("item", 2), ("level", "优"), ("full",) …
    text: Text  # the source text of the band, branch or item, or what the outcome is
    line: int
    reachable: bool = True


@dataclass
class IndicatorCoverage:
    id: str
    label: str
    rule: str
    outcomes: tuple[Outcome, ...]
    covered: set[Key] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(outcome.reachable for outcome in self.outcomes)

    @property
    def covered_count(self) -> int:
        return sum(outcome.reachable and outcome.key in self.covered for outcome in self.outcomes)

    @property
    def uncovered(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.reachable and o.key not in self.covered]

    @property
    def unreachable(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.reachable]


def percent(covered: int, total: int) -> Fraction:
    return Fraction(100) if total == 0 else Fraction(100 * covered, total)


def percent_text(value: Fraction) -> str:
    """Exact when it has at most one decimal, else ``≈`` and rounded *down* to one decimal, so a shown
    coverage never looks as high as a minimum it does not reach."""
    tenths = value * 10
    if tenths.denominator == 1:
        whole = Decimal(int(tenths)) / 10
        return f"{whole.normalize():f}"
    floored = Decimal(tenths.numerator // tenths.denominator) / 10
    return f"≈{floored:.1f}"


class RubricCoverage:
    """The outcomes of every indicator of one rubric, and which of them the recorded results reached."""

    def __init__(self, compiled: CompiledRubric, name: str) -> None:
        self.name = name
        self.compiled = compiled
        checked = compiled.checked
        self.source: SourceFile = checked.source
        self._analysis = RangeAnalysis(checked)
        ranges = self._analysis.run()
        compiler = ExprCompiler(checked.source, frozenset(checked.facts))
        lowering = ExprLowering(checked.source, frozenset(checked.facts), lists=list_fields(checked))
        self.indicators: dict[str, IndicatorCoverage] = {}
        self._rules: dict[str, tuple[n.Rule, RuleFn]] = {}
        self._traced: dict[str, TracedFn] = {}  # rules the v1 closures cannot run, re-scored by their IR
        for index, info in enumerate(checked.indicators):
            node = info.node
            if runs_in_v1(node.rule):
                self._rules[node.id] = (node.rule, compile_rule(node.rule, node.points.value, compiler, node.id))
            else:
                self._traced[node.id] = traced(node, index, lowering)
            self.indicators[node.id] = IndicatorCoverage(
                node.id,
                node.label or node.id,
                _FORM.get(type(node.rule)) or form_of(node.rule).name,
                tuple(self._outcomes(node.rule, ranges.indicators[node.id])),
            )

    # ---- the outcomes of a rule -------------------------------------------------------------------------
    def _place(self, span: Span) -> tuple[str, int]:
        return " ".join(self.source.snippet(span).split()), self.source.position(span.start).line

    def _outcomes(self, rule: n.Rule, found: IndicatorRange) -> Iterable[Outcome]:
        whole, line = self._place(rule.span)
        match rule:
            case n.ScoreRule():
                reach = {band.index: not band.reach.is_empty for band in found.bands}
                yield from self._ladder("band", rule.bands, rule.otherwise, reach, line)
            case n.WhenRule():
                reach = {branch.index: branch.reachable for branch in found.branches}
                yield from self._ladder("branch", rule.branches, rule.otherwise, reach, line)
                yield from self._nested(rule, found, reach)
            case n.JudgedWithinRule():
                for index, tier in enumerate(rule.ranges):
                    text, at = self._place(tier.span)
                    yield Outcome(("tier", index), Text(text, text), at)
            case n.ChecklistRule():
                for index, item in enumerate(rule.items):
                    text, at = self._place(item.span)
                    yield Outcome(("item", index), Text(text, text), at)
            case n.LevelsRule():
                seen: set[str] = set()
                for share in rule.shares:
                    if share.level not in seen:
                        seen.add(share.level)
                        text, at = self._place(share.span)
                        yield Outcome(("level", share.level), Text(text, text), at)
            case n.DeductRule():
                full, deducted = _deduct_sides(rule, found.subject)
                side_en, side_zh = ("above", "超出") if rule.above else ("below", "低于")
                threshold = rule.threshold.text
                yield Outcome(
                    ("full",),
                    Text(f"not {side_en} {threshold}: no deduction", f"未{side_zh} {threshold}：不扣分"),
                    line,
                    full,
                )
                yield Outcome(
                    ("deducted",),
                    Text(f"{side_en} {threshold}: deducted", f"{side_zh} {threshold}：扣分"),
                    line,
                    deducted,
                )
            case n.ProportionalRule():
                yield Outcome(
                    ("partial",), Text("below the target: a share of the points", "未达指标值：按比例得分"), line
                )
                yield Outcome(("full",), Text("target met: full points", "达到指标值：得满分"), line)
            case _:
                yield Outcome(("scored",), Text(whole, whole), line)

    def _nested(self, rule: n.WhenRule, found: IndicatorRange, reach: dict[int, bool]) -> Iterable[Outcome]:
        """The outcomes of each branch that is a rule, under that branch (``("rule", arm, …)``)."""
        for arm, outcome in enumerate(when_outcomes(rule)):
            nested = n.outcome_rule(outcome)
            if nested is None:
                continue
            on_path = self._analysis.under(when_guards(rule, arm))
            if on_path is not None:
                on_path._info = found.info
            inner = (
                on_path._rule_range(found.info, nested, found.points)
                if on_path is not None
                else IndicatorRange(found.info, None, (), (), found.score)
            )
            branch = "else" if arm == len(rule.branches) else f"branch {arm + 1}"
            branch_zh = "否则" if arm == len(rule.branches) else f"第 {arm + 1} 个分支"
            for item in self._outcomes(nested, inner):
                yield Outcome(
                    ("rule", arm, *item.key),
                    Text(f"{branch}: {item.text.en}", f"{branch_zh}：{item.text.zh}"),
                    item.line,
                    item.reachable and reach.get(arm, False),
                )

    def _ladder(
        self,
        kind: str,
        steps: Sequence[n.Band | n.Branch],
        otherwise: n.Outcome | None,
        reach: dict[int, bool],
        rule_line: int,
    ) -> Iterable[Outcome]:
        for index, step in enumerate(steps):
            text, at = self._place(step.span)
            yield Outcome((kind, index), Text(text, text), at, reach.get(index, False))
        rest = reach.get(len(steps), False)  # the range analysis lists the else/nothing entry only if reached
        if otherwise is not None:
            text, at = self._place(otherwise.span)
            yield Outcome(("else",), Text(f"else {text}", f"else {text}"), at, rest)
        elif rest:
            none_en = "no band matches: 0" if kind == "band" else "no branch holds: 0"
            none_zh = "未命中任何档位：0 分" if kind == "band" else "所有条件均不成立：0 分"
            yield Outcome(("none",), Text(none_en, none_zh), rule_line)

    # ---- what a result reached ------------------------------------------------------------------------------
    def reached(self, item: IndicatorResult) -> set[Key] | None:
        """The outcomes ``item`` reached (empty when it was not scored), or None when the recomputed score
        does not agree with the result's (then the case is not counted for it)."""
        if item.status != SCORED:
            return set()
        env = {read.name: read.value for read in item.reads if read.value is not None}
        if item.id in self._traced:
            return self._reached_by_trace(item, env)
        rule, rule_fn = self._rules[item.id]
        try:
            with decimal.localcontext(CONTEXT):
                score, detail = rule_fn(env)
        except (MissingName, EvalFailure, ArithmeticError, TypeError, KeyError):
            return None  # a name the result did not list: not attributable, and never a crash
        if item.kind != "indicator":  # a penalty's or bonus's value above its cap counts as the cap
            score = min(score, item.points)
        if score != item.raw_score:
            return None
        return outcome_keys(rule, detail)

    def _reached_by_trace(self, item: IndicatorResult, env: dict[str, Any]) -> set[Key] | None:
        rule = next(info.node.rule for info in self.compiled.checked.indicators if info.node.id == item.id)
        try:
            with decimal.localcontext(CONTEXT):
                score, trace = self._traced[item.id](env)
        except (MissingName, EvalFailure, ArithmeticError, TypeError, KeyError):
            return None  # as in `reached`: not attributable, never a crash
        if item.kind != "indicator":
            score = min(score, item.points)
        if score != item.raw_score:
            return None
        return trace_keys(rule, trace, outcome_keys)

    def record(self, result: EvaluationResult) -> list[str]:
        """Count what ``result`` reached; returns the ids of indicators it could not be attributed for."""
        unattributed: list[str] = []
        for item in result.indicators:
            keys = self.reached(item)
            if keys is None:
                unattributed.append(item.id)
            else:
                self.indicators[item.id].covered |= keys
        return unattributed

    @property
    def covered(self) -> int:
        return sum(found.covered_count for found in self.indicators.values())

    @property
    def total(self) -> int:
        return sum(found.total for found in self.indicators.values())


def outcome_keys(rule: n.Rule, detail: Any) -> set[Key]:
    """The outcomes a rule's detail (as ``evaluate.rules`` records it) stands for."""
    match rule:
        case n.ScoreRule() | n.WhenRule():
            kind = "band" if isinstance(rule, n.ScoreRule) else "branch"
            count = len(rule.bands) if isinstance(rule, n.ScoreRule) else len(rule.branches)
            if detail == NO_BAND:
                return {("none",)}
            return {("else",)} if detail == count else {(kind, detail)}
        case n.ChecklistRule():
            return {("item", index) for index in detail}
        case n.LevelsRule():
            return {("level", detail)}
        case n.DeductRule():
            return {("full",)} if detail.deduction == 0 else {("deducted",)}
        case n.ProportionalRule():
            return {("full",)} if detail == 1 else {("partial",)}
        case _:
            return {("scored",)}


def _deduct_sides(rule: n.DeductRule, subject: Interval | None) -> tuple[bool, bool]:
    """Whether the subject can be on the no-deduction side of the threshold, and beyond it."""
    if subject is None:
        return True, True
    threshold = Fraction(rule.threshold.value)
    if rule.above:
        calm, beyond = Interval(None, False, threshold, True), Interval(threshold, False, None, False)
    else:
        calm, beyond = Interval(threshold, True, None, False), Interval(None, False, threshold, False)
    return not subject.intersect(calm).is_empty, not subject.intersect(beyond).is_empty


_FORM: dict[type, str] = {
    n.ScoreRule: "score",
    n.WhenRule: "when",
    n.DeductRule: "deduct",
    n.ChecklistRule: "checklist",
    n.ProportionalRule: "proportional",
    n.LevelsRule: "levels",
    n.JudgedRule: "judged",
    n.FormulaRule: "formula",
}


@dataclass
class Coverage:
    rubrics: list[RubricCoverage] = field(default_factory=list)

    @property
    def covered(self) -> int:
        return sum(found.covered for found in self.rubrics)

    @property
    def total(self) -> int:
        return sum(found.total for found in self.rubrics)

    @property
    def percent(self) -> Fraction:
        return percent(self.covered, self.total)
