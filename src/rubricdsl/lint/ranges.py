"""The range analysis: the exact set of values every fact, derived value, band, indicator and section can take.

Facts start from their type (a count is a whole number ≥ 0, the others any number) narrowed by their declared
bounds; derived values and rule subjects follow by interval arithmetic; each score band gets the set of
subject values that reach it first, which is what the band rules read.  Indicators, sections and the total
are the sums of their parts, assuming every indicator applies (a not-applicable indicator only rescales).
What it finds, and the pieces it starts from, are in range_results.py; the sums over the tree in
range_tree.py (both importable from here, as before).
"""

from __future__ import annotations

import heapq
from collections import ChainMap
from collections.abc import Iterable, MutableMapping, Sequence
from fractions import Fraction

from rubricdsl.lint import intervals as iv
from rubricdsl.lint.conditions import Guard, Holds, Within, assignments, constraints, discrete_domains, truth
from rubricdsl.lint.deductions import deduct_range
from rubricdsl.lint.intervals import Interval, IntervalSet
from rubricdsl.lint.lists import aggregate_range
from rubricdsl.lint.range_results import NOTHING as NOTHING
from rubricdsl.lint.range_results import BandReach as BandReach
from rubricdsl.lint.range_results import BranchReach as BranchReach
from rubricdsl.lint.range_results import IndicatorRange as IndicatorRange
from rubricdsl.lint.range_results import Ranges as Ranges
from rubricdsl.lint.range_results import fact_range as fact_range
from rubricdsl.lint.range_results import test_set as test_set
from rubricdsl.lint.range_results import when_guards as when_guards
from rubricdsl.lint.range_tree import TreeRanges
from rubricdsl.semantics.check import CheckedRubric, IndicatorInfo, free_names
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.numbers import exact_points

_ZERO = Fraction(0)
_V1_FORMS = frozenset({"score", "when", "deduct", "checklist", "proportional", "levels", "judged", "formula"})


class RangeAnalysis:
    def __init__(self, checked: CheckedRubric) -> None:
        self.checked = checked
        self.values: MutableMapping[str, Interval] = {}
        lets = checked.rubric.lets
        # who reads whom, by let position: a narrowed name re-derives only the lets downstream of it
        self._readers: dict[str, list[int]] = {}
        for index, let in enumerate(lets):
            for name in set(free_names(let.expr)):
                self._readers.setdefault(name, []).append(index)
        self._under: dict[tuple[object, ...], tuple[tuple[Guard, ...], RangeAnalysis | None]] = {}
        self._ranges: dict[int, tuple[n.Expr, Interval | None]] = {}
        for name, decl in checked.facts.items():
            found = fact_range(decl)
            if found is not None:
                self.values[name] = found
        for let in lets:
            found = self.expr(let.expr)
            if found is not None:
                self.values[let.name] = found

    # ---- path sensitivity --------------------------------------------------------------------------------
    def under(self, guards: Sequence[Guard]) -> RangeAnalysis | None:
        """The analysis restricted to the values that pass ``guards``, or ``None`` when none can.

        Each guard narrows the names it compares (``x <= 0`` false: ``x > 0``), and every derived value that
        reads a narrowed name is recomputed and intersected with its range so far.  Each step keeps a superset
        of the values that really pass, so the result is as sound as the unguarded analysis and often tighter.
        The narrowed values are an overlay on these (nothing is copied), and each path is computed once.
        """
        path = tuple(guards)
        if not path:
            return self
        # keyed by the guarded nodes' identity, not their value: hashing a guard hashes its whole expression
        # tree (44,000 node hashes for a 2,000-indicator rubric); the entry holds the guards, so no id is
        # reused while it is cached, and equal guards on other nodes only compute the same path again
        key = tuple(
            (id(guard.condition), guard.holds) if isinstance(guard, Holds) else (id(guard.subject), guard.values)
            for guard in path
        )
        cached = self._under.get(key)
        if cached is not None:
            return cached[1]
        narrowed = object.__new__(RangeAnalysis)
        narrowed.checked, narrowed._readers, narrowed._under, narrowed._ranges = self.checked, self._readers, {}, {}
        narrowed.values = ChainMap({}, self.values)
        feasible = True
        for guard in path:
            if isinstance(guard, Within):
                pairs = [(guard.subject.ident, guard.values)] if isinstance(guard.subject, n.Name) else []
            else:
                pairs = constraints(guard.condition, guard.holds, narrowed.expr)
            if not narrowed._narrow(pairs):
                feasible = False
                break
        found = narrowed if feasible else None
        self._under[key] = (path, found)
        return found

    def _narrow(self, pairs: Iterable[tuple[str, Interval]]) -> bool:
        pending: list[int] = []
        for name, allowed in pairs:
            current = self.values.get(name)
            if current is None:
                continue
            found = current.intersect(allowed)
            if found.is_empty:
                return False
            if found != current:
                self.values[name] = found
                pending += self._readers.get(name, ())
        heapq.heapify(pending)
        lets = self.checked.rubric.lets
        done: set[int] = set()
        while pending:  # in declaration order: a let reads only earlier ones
            index = heapq.heappop(pending)
            if index in done:
                continue
            done.add(index)
            let = lets[index]
            current = self.values.get(let.name)
            recomputed = self.expr(let.expr)
            if current is None or recomputed is None or recomputed.is_empty:
                continue  # not computable on this path (every divisor 0): the value fails, the path does not end
            found = current.intersect(recomputed)
            if found.is_empty:
                continue  # no computable value on this path; the path itself may still be taken
            if found != current:
                self.values[let.name] = found
                for reader in self._readers.get(let.name, ()):
                    heapq.heappush(pending, reader)
        return True

    def outcome(self, expr: n.Expr | None, guards: Sequence[Guard]) -> Interval:
        """What ``expr`` (an outcome; ``None`` is the implicit 0) can be on the path through ``guards``."""
        if expr is None:
            return Interval.point(0)
        narrowed = self.under(guards)
        if narrowed is None:
            return NOTHING
        return narrowed.range_of(expr) or iv.EVERYTHING

    def range_of(self, expr: n.Expr) -> Interval | None:
        """:meth:`expr`, remembered: once an analysis is built (the whole rubric's after ``__init__``, a path's
        when :meth:`under` returns it) its values never change, and the same outcomes are asked for again, by
        the analysis and then by the rules that judge them.  Not for use while values are being narrowed."""
        found = self._ranges.get(id(expr))
        if found is not None and found[0] is expr:  # the node is held here, so its id is not reused
            return found[1]
        value = self.expr(expr)
        self._ranges[id(expr)] = (expr, value)
        return value

    # ---- expressions ---------------------------------------------------------------------------------
    def expr(self, expr: n.Expr) -> Interval | None:
        match expr:
            case n.Literal():
                return Interval.point(expr.value, integral=expr.kind is n.LiteralKind.NUMBER)
            case n.Name():
                return self.values.get(expr.ident)
            case n.Negate():
                inner = self.expr(expr.operand)
                return None if inner is None else iv.negate(inner)
            case n.Binary() if expr.op in n.ARITHMETIC:
                left, right = self.expr(expr.left), self.expr(expr.right)
                if left is None or right is None:
                    return None
                if left.is_empty or right.is_empty:
                    return NOTHING  # a side that has no value (it always divides by 0): neither has the whole
                operation = {n.Op.ADD: iv.add, n.Op.SUB: iv.sub, n.Op.MUL: iv.mul, n.Op.DIV: iv.div}[expr.op]
                return operation(left, right)
            case n.Call():
                return self._call(expr)
            case n.Aggregate():
                return aggregate_range(self.checked, expr, self.expr)
            case _:
                return None

    def _call(self, expr: n.Call) -> Interval | None:
        if expr.function == "count":  # of yes/no values: from none to all of them true
            return Interval(_ZERO, True, Fraction(len(expr.args)), True, True)
        args = [self.expr(arg) for arg in expr.args]
        if any(arg is None for arg in args) or not args:
            return None
        known = [arg for arg in args if arg is not None]
        if any(arg.is_empty for arg in known):
            return NOTHING
        match expr.function:
            case "min":
                return iv.minimum(known)
            case "max":
                return iv.maximum(known)
            case "abs":
                return iv.absolute(known[0])
            case "floor" | "ceil":
                return iv.whole(known[0], floor=expr.function == "floor")
            case "clamp":
                return iv.clamp_between(known[0], known[1], known[2])
            case "round":
                places = expr.args[1] if len(expr.args) == 2 else None
                return iv.round_half_up(known[0], int(places.value) if isinstance(places, n.Literal) else 0)
            case "days_between":  # day numbers: the second less the first
                return iv.sub(known[1], known[0])
            case "working_days_between":  # at most the calendar days, with their sign
                return iv.hull_of([iv.sub(known[1], known[0]), Interval.point(0)])
            case _:
                return None

    # ---- rules ------------------------------------------------------------------------------------------
    def indicator(self, info: IndicatorInfo) -> IndicatorRange:
        self._info = info  # a nested rule's range (``rule`` below) is reported under its indicator
        return self._rule_range(info, info.node.rule, iv.exact(info.node.points.value))

    def _rule_range(self, info: IndicatorInfo, rule: n.Rule, points: Fraction) -> IndicatorRange:
        match rule:
            case n.ScoreRule():
                return self._score(info, rule)
            case n.WhenRule():
                return self._when(info, rule, points)
            case n.DeductRule():
                subject = self.expr(rule.subject) or iv.EVERYTHING
                return IndicatorRange(info, subject, (), (), deduct_range(rule, subject))
            case n.ChecklistRule():
                return IndicatorRange(info, None, (), (), self._checklist(rule))
            case n.ProportionalRule():
                return IndicatorRange(info, None, (), (), self._proportional(rule, points))
            case n.LevelsRule():
                shares = [
                    iv.exact(s.share.value) * (points if s.share.kind is n.LiteralKind.PERCENT else 1)
                    for s in rule.shares
                ]
                return IndicatorRange(info, None, (), (), iv.hull_of([Interval.point(s) for s in shares]))
            case n.JudgedRule():
                fact = self.values.get(rule.fact.ident, iv.EVERYTHING)
                return IndicatorRange(info, None, (), (), fact.intersect(Interval.closed(0, points)))
            case n.FormulaRule():
                return IndicatorRange(info, None, (), (), self.range_of(rule.expr) or iv.EVERYTHING)
            case _:
                return IndicatorRange(info, None, (), (), self.rule(rule, points))

    def rule(self, rule: object, points: Fraction) -> Interval:
        """A rule's score range: a v1 form's from the cases above, a later form's from its own hook
        (forms/base.RangeCtx); the nested rule of a `when` branch comes here too."""
        from rubricdsl.forms import form_of  # forms load after the checked AST the linter reads

        form = form_of(rule)
        if form.ranges is None:
            if form.name in _V1_FORMS:
                return self._rule_range(self._info, rule, points).score  # type: ignore[arg-type]

            raise TypeError(f"the {form.name} form has no range hook")
        return form.ranges(rule, self, points)

    def _score(self, info: IndicatorInfo, rule: n.ScoreRule) -> IndicatorRange:
        subject = self.expr(rule.subject) or iv.EVERYTHING
        remaining = IntervalSet.of([subject])
        bands: list[BandReach] = []
        for index, band in enumerate(rule.bands):
            tests = test_set(band.test)
            reach = remaining.intersect(tests)
            remaining = remaining.subtract(tests)
            bands.append(BandReach(index, band, tests, reach, self._band_outcome(rule, band.outcome, reach)))
        if not remaining.is_empty:
            outcome = self._band_outcome(rule, rule.otherwise, remaining)
            bands.append(BandReach(len(rule.bands), None, remaining, remaining, outcome))
        reached = [band.outcome for band in bands if not band.reach.is_empty]
        return IndicatorRange(info, subject, tuple(bands), (), iv.hull_of(reached))

    def _band_outcome(self, rule: n.ScoreRule, outcome: n.Expr | None, reach: IntervalSet) -> Interval:
        """A band's outcome for the subject values that reach it (the whole range when none do)."""
        if isinstance(outcome, n.Literal):
            # a constant outcome is the same on every path, and the path to a band is never infeasible (the
            # values that reach it lie in the subject's range, so narrowing to their hull keeps them): no
            # narrowed analysis to build (most bands' outcomes are constants)
            return Interval.point(outcome.value, integral=outcome.kind is n.LiteralKind.NUMBER)
        hull = reach.hull()
        return self.outcome(outcome, [] if hull is None else [Within(rule.subject, hull)])

    def _branch_outcome(self, outcome: n.Outcome | None, guards: Sequence[Guard], points: Fraction) -> Interval:
        """A branch's outcome on its path; a nested rule's score range as its form gives it, on that path."""
        nested = n.outcome_rule(outcome)
        if nested is None:
            return self.outcome(n.outcome_expr(outcome), guards)
        narrowed = self.under(guards)
        if narrowed is None:
            return NOTHING
        narrowed._info = self._info
        return narrowed.rule(nested, points)

    def _when(self, info: IndicatorInfo, rule: n.WhenRule, points: Fraction) -> IndicatorRange:
        conditions = [branch.condition for branch in rule.branches]
        combos = assignments(discrete_domains(self.checked, conditions))
        count = len(rule.branches)
        reachable = [False] * (count + 1)
        witnesses: list[dict[str, bool | str] | None] = [None] * (count + 1)
        for combo in combos if combos is not None else iter([{}]):
            decided = False
            for index, condition in enumerate(conditions):
                verdict = truth(condition, combo, self.expr)
                if verdict is False:
                    continue
                reachable[index] = True
                if verdict is True:
                    witnesses[index] = witnesses[index] or combo
                    decided = True
                    break
            if not decided:
                reachable[count] = True
                if all(truth(c, combo, self.expr) is False for c in conditions):
                    witnesses[count] = witnesses[count] or combo
        branches = []
        for i, b in enumerate(rule.branches):
            guards = when_guards(rule, i)
            feasible = reachable[i] and self.under(guards) is not None
            branches.append(BranchReach(i, b, feasible, self._branch_outcome(b.outcome, guards, points), witnesses[i]))
        if reachable[count] and self.under(when_guards(rule, count)) is not None:
            otherwise = self._branch_outcome(rule.otherwise, when_guards(rule, count), points)
            branches.append(BranchReach(count, None, True, otherwise, witnesses[count]))
        score = iv.hull_of([b.outcome for b in branches if b.reachable])
        return IndicatorRange(info, None, (), tuple(branches), score)

    def _checklist(self, rule: n.ChecklistRule) -> Interval:
        low = high = _ZERO
        for item in rule.items:
            points = exact_points(item.points)
            combos = assignments(discrete_domains(self.checked, [item.condition]))
            verdicts = {truth(item.condition, combo, self.expr) for combo in (combos or iter([{}]))}
            if verdicts != {False}:
                high += points
            if verdicts == {True}:
                low += points
        return Interval.closed(low, high)

    def _proportional(self, rule: n.ProportionalRule, points: Fraction) -> Interval:
        achieved = self.expr(rule.achieved) or iv.EVERYTHING
        target = self.expr(rule.target) or iv.EVERYTHING
        if rule.lower_is_better:
            positive = achieved.intersect(Interval(_ZERO, False, None, False))
            parts = [iv.div(target, positive)] if not positive.is_empty else []
            if not achieved.intersect(Interval(None, False, _ZERO, True)).is_empty:
                parts.append(Interval.point(1))
            share = iv.hull_of(parts)
        else:
            share = iv.div(achieved, target)
        return iv.mul(iv.clamp(share, _ZERO, Fraction(1)), Interval.point(points))

    # ---- the tree ----------------------------------------------------------------------------------------
    def run(self) -> Ranges:
        indicators = {info.node.id: self.indicator(info) for info in self.checked.indicators}
        tree = TreeRanges(self.checked, indicators)
        return Ranges(dict(self.values), indicators, tree.sections, tree.total, tree.scores)


def analyse(checked: CheckedRubric) -> Ranges:
    return RangeAnalysis(checked).run()
