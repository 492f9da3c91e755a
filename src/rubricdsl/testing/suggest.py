"""``rubric test --suggest``: fact sets that reach the outcomes no case reached, each checked by evaluation.

The candidates come from the linter's own analysis: the set of subject values that reach a band
(:mod:`rubricdsl.lint.ranges`), a round value inside it (:func:`rubricdsl.lint.witness.pick`), and the facts
that give the subject that value (:func:`rubricdsl.lint.witness.confirmed`); a ``when`` branch or checklist item
also tries the yes/no and level combinations its conditions read and the values at each threshold they
compare with.  Each candidate is merged into a case's own facts (the first that scores completely, else
values from each fact's declared range), scored with :meth:`CompiledRubric.evaluate`, and kept only when the
result is complete and the indicator reached exactly that outcome.  Nothing unverified is printed.

A suggestion carries no ``$expect``: the score is the engine's, and a test that states the engine's own answer
checks nothing.  Its ``$notes`` says what it reaches and asks for the table's score to be added.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from rubricdsl.compiled import CompiledRubric
from rubricdsl.diagnostics.messages import phrase
from rubricdsl.lint.conditions import assignments, discrete_domains
from rubricdsl.lint.intervals import IntervalSet
from rubricdsl.lint.ranges import RangeAnalysis, Ranges, fact_range
from rubricdsl.lint.witness import as_decimal, confirmed, evaluate, pick
from rubricdsl.render.json import dumps
from rubricdsl.semantics.check import free_names
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.dates import day_of, day_text
from rubricdsl.testing.coverage import Coverage, Outcome, RubricCoverage
from rubricdsl.testing.runner import SuiteResult

Changes = dict[str, Any]  # fact → Fraction (numbers, in the canonical unit), bool or a level name
MAX_CANDIDATES = 400  # per outcome: the search is small and bounded, whatever the rubric
MAX_COMPARISONS = 4


def suggest_all(suites: list[SuiteResult], coverage: Coverage, lang: str) -> list[dict[str, Any]]:
    """One entry per uncovered outcome: where it is, and the verified facts that reach it (or ``None``)."""
    by_name = {rubric.name: rubric for rubric in coverage.rubrics}
    found: list[dict[str, Any]] = []
    for suite in suites:
        measured = by_name.get(suite.rubric)
        if suite.compiled is None or measured is None:
            continue
        search = _Search(suite.compiled, measured, _base_facts(suite))
        stem = Path(suite.rubric).name.removesuffix(".rubric")
        named: set[Path] = set()
        for indicator in measured.indicators.values():
            for outcome in indicator.uncovered:
                facts = search.reach(indicator.id, outcome)
                file = _free_name(Path(suite.rubric).parent, f"{stem}-{indicator.id}", named) if facts else None
                if facts is not None:
                    note = phrase("test.suggest-note", lang, indicator=indicator.id, outcome=outcome.text.in_lang(lang))
                    facts = {"$notes": note, **facts}
                found.append(
                    {
                        "rubric": suite.rubric,
                        "indicator": indicator.id,
                        "outcome": " ".join(str(part) for part in outcome.key),
                        "text": outcome.text.in_lang(lang),
                        "line": outcome.line,
                        "file": file,
                        "facts": facts,
                    }
                )
    return found


def _free_name(folder: Path, prefix: str, named: set[Path]) -> str:
    """``PREFIX-N.facts.json`` with the first N that neither exists nor was suggested in this run: saving the
    suggestions never overwrites a case."""
    number = 1
    while (path := folder / f"{prefix}-{number}.facts.json").exists() or path in named:
        number += 1
    named.add(path)
    return path.as_posix()


def suggestion_lines(suggestions: list[dict[str, Any]], lang: str) -> list[str]:
    lines: list[str] = []
    for entry in suggestions:
        where = f"{entry['rubric']}, {phrase('test.line', lang, line=entry['line'])}"
        outcome = f"`{entry['text']}`"
        if entry["facts"] is None:
            lines.append(
                "# " + phrase("test.suggest-none", lang, indicator=entry["indicator"], outcome=outcome, where=where)
            )
            continue
        head = phrase(
            "test.suggest", lang, indicator=entry["indicator"], outcome=outcome, where=where, file=entry["file"]
        )
        lines += ["# " + head, dumps(entry["facts"])]
    return lines


def _base_facts(suite: SuiteResult) -> dict[str, Any] | None:
    """The facts of the suite's first case that scores completely, without its `$` keys."""
    for case in suite.cases:
        if case.result is not None and case.result.complete and case.facts is not None:
            return {k: v for k, v in case.facts.items() if not (isinstance(k, str) and k.startswith("$"))}
    return None


class _Search:
    def __init__(self, compiled: CompiledRubric, measured: RubricCoverage, base: dict[str, Any] | None) -> None:
        self.compiled = compiled
        self.measured = measured
        self.checked = compiled.checked
        self.analysis = RangeAnalysis(self.checked)
        self.ranges: Ranges = self.analysis.run()
        self.base = base if base is not None else self._default_facts()
        self.nodes = {info.node.id: info.node for info in self.checked.indicators}
        self._base_values: dict[str, Any] = compiled.schema.convert(self.base)[0]

    def _default_facts(self) -> dict[str, Any]:
        facts: dict[str, Any] = {}
        for name, decl in self.checked.facts.items():
            if decl.type.kind is n.FactKind.BOOL:
                facts[name] = False
            elif decl.type.kind is n.FactKind.ENUM:
                facts[name] = decl.type.levels[0]
            else:
                found = fact_range(decl)
                value = pick(found) if found is not None else None
                written = None if value is None else self._written(name, value)
                if written is not None:
                    facts[name] = written
        return facts

    def _written(self, name: str, value: Any) -> Any:
        """``value`` (canonical) as a facts file writes it for fact ``name``, or None when it cannot be."""
        decl = self.checked.facts[name]
        kind = decl.type.kind
        if kind in (n.FactKind.BOOL, n.FactKind.ENUM):
            return value
        exact = as_decimal(Fraction(value))
        if exact is None:
            return None
        if kind is n.FactKind.PERCENT:
            return f"{_plain(exact * 100)}%"
        if kind is n.FactKind.DATE:  # a day number, written as the day it is
            return None if day_of(exact) is None else day_text(exact)
        if kind is n.FactKind.COUNT:
            return int(exact) if exact == exact.to_integral_value() and exact >= 0 else None
        if kind is n.FactKind.MONEY and decl.type.money_unit == "万元":
            return Decimal(_plain(exact / 10000))
        return Decimal(_plain(exact))

    def reach(self, ident: str, outcome: Outcome) -> dict[str, Any] | None:
        """Verified facts (as a facts file writes them) under which ``ident`` reaches ``outcome``."""
        node = self.nodes[ident]
        for changes in itertools.islice(self._candidates(node, outcome), MAX_CANDIDATES):
            facts = dict(self.base)
            for name, value in changes.items():
                written = self._written(name, value)
                if written is None:
                    break
                facts[name] = written
            else:
                if ident in (facts.get("not_applicable") or ()):
                    facts["not_applicable"] = [i for i in facts["not_applicable"] if i != ident]
                result = self.compiled.evaluate(facts)
                if not result.complete:
                    continue
                keys = self.measured.reached(result.indicator(ident))
                if keys is not None and outcome.key in keys:
                    return facts
        return None

    # ---- candidates ----------------------------------------------------------------------------------------
    def _solve(self, expr: n.Expr, value: Fraction) -> Iterator[Changes]:
        """Facts giving ``expr`` the ``value``: first by changing one fact of the base facts (a rate of 85%
        keeps the planned amount and changes the spent one), then from the linter's witness search."""
        values = self._base_values
        for name in self._numeric_facts(expr):
            start = Fraction(values[name]) if name in values else Fraction(0)
            points = []
            for x in (start, start + 1 if start == 0 else start * 2):
                got = evaluate(self.checked, expr, {**values, name: x})
                if not isinstance(got, Decimal):
                    break
                points.append((x, Fraction(got)))
            if len(points) == 2 and points[0][1] != points[1][1]:
                (x0, y0), (x1, y1) = points
                yield {name: x0 + (value - y0) * (x1 - x0) / (y1 - y0)}  # exact when linear; verified anyway
        facts = confirmed(self.analysis, expr, value)
        if facts is not None:
            yield dict(facts)

    def _numeric_facts(self, expr: n.Expr) -> list[str]:
        """The number facts ``expr`` reads (a list's items and text are not solved for)."""
        found: dict[str, None] = {}
        for name in sorted(free_names(expr)):
            for fact in self.checked.let_facts.get(name, (name,)):
                decl = self.checked.facts.get(fact)
                numeric = decl is not None and decl.type.kind not in _NOT_NUMBERS
                if numeric:
                    found[fact] = None
        return list(found)

    def _candidates(self, node: n.Indicator, outcome: Outcome) -> Iterator[Changes]:
        rule = node.rule
        found = self.ranges.indicators[node.id]
        key = outcome.key
        match rule:
            case n.ScoreRule():
                index = key[1] if key[0] == "band" else len(rule.bands)
                for band in found.bands:
                    if band.index == index:
                        yield from self._values(rule.subject, band.reach)
            case n.WhenRule():
                index = key[1] if key[0] == "branch" else len(rule.branches)
                for branch in found.branches:
                    if branch.index == index and branch.witness:
                        yield dict(branch.witness)
                yield from self._conditions([b.condition for b in rule.branches[: index + 1]])
            case n.ChecklistRule():
                yield from self._conditions([rule.items[key[1]].condition])
            case n.LevelsRule():
                if isinstance(rule.subject, n.Name) and rule.subject.ident in self.checked.facts:
                    yield {rule.subject.ident: key[1]}
                yield from self._conditions([rule.subject])
            case n.DeductRule():
                threshold = Fraction(rule.threshold.value)
                step = Fraction(rule.step.value) if rule.step is not None else Fraction(1)
                toward = 1 if rule.above else -1
                values = [threshold] if key[0] == "full" else [threshold + toward * step * k for k in (1, 2, 5)]
                for value in values:
                    yield from self._solve(rule.subject, value)
            case n.ProportionalRule():
                yield from self._proportional(rule, key[0] == "full")
            case n.JudgedRule():
                points = Fraction(node.points.value)
                for value in (points / 2, points, Fraction(0)):
                    yield {rule.fact.ident: value}
            case _:
                yield {}

    def _values(self, subject: n.Expr, reach: IntervalSet) -> Iterator[Changes]:
        """Facts giving ``subject`` a round value in each part of ``reach``."""
        for part in reach.parts:
            values = [pick(part)]
            if part.lo is not None and part.hi is not None:
                values.append((part.lo + part.hi) / 2)
            if part.hi is not None:
                values += [part.hi / 2, part.hi - Fraction(1, 100), part.hi - 1]
            if part.lo is not None:
                values += [part.lo + Fraction(1, 100), part.lo + 1, part.lo * 2]
            for value in dict.fromkeys(v for v in values if v is not None and part.contains(v)):
                yield from self._solve(subject, value)

    def _proportional(self, rule: n.ProportionalRule, full: bool) -> Iterator[Changes]:
        target_range = self.analysis.expr(rule.target)
        targets = [Fraction(100), Fraction(1), Fraction(10)]
        picked = pick(target_range) if target_range is not None else None
        if picked:
            targets.insert(0, picked)
        for target in targets:
            if rule.lower_is_better:
                actual = target / 2 if full else target * 2
            else:
                actual = target * 2 if full else target / 2
            for achieved in (target, actual) if full else (actual,):
                wanted = confirmed(self.analysis, rule.target, target)
                got = confirmed(self.analysis, rule.achieved, achieved)
                if wanted is None or got is None:
                    continue
                if any(wanted[k] != got[k] for k in wanted.keys() & got.keys()):
                    continue
                yield {**wanted, **got}

    def _conditions(self, exprs: list[n.Expr]) -> Iterator[Changes]:
        """Yes/no and level combinations of what ``exprs`` read, each with the values at and beside the
        thresholds they compare numbers with."""
        combos = assignments(discrete_domains(self.checked, exprs))
        discrete = list(itertools.islice(combos, 64)) if combos is not None else [{}]
        numeric = [self._threshold_options(c) for c in _comparisons(exprs)][:MAX_COMPARISONS]
        for combo in discrete:
            for choice in itertools.product(*numeric):
                merged: Changes = dict(combo)
                consistent = True
                for option in choice:
                    for name, value in option.items():
                        if merged.get(name, value) != value:
                            consistent = False
                        merged[name] = value
                if consistent:
                    yield merged

    def _threshold_options(self, compare: n.Binary) -> list[Changes]:
        literal, other = (
            (compare.right, compare.left) if isinstance(compare.right, n.Literal) else (compare.left, compare.right)
        )
        assert isinstance(literal, n.Literal)
        threshold = Fraction(literal.value)
        options: list[Changes] = [{}]
        unit = Fraction(1, 100) if literal.kind is n.LiteralKind.PERCENT else Fraction(1)
        for value in (threshold, threshold + unit, threshold - unit):
            for facts in itertools.islice(self._solve(other, value), 2):
                if facts not in options:
                    options.append(facts)
        return options


def _comparisons(exprs: list[n.Expr]) -> Iterator[n.Binary]:
    """Comparisons of a numeric expression with a number, inside ``exprs``."""
    stack = list(exprs)
    while stack:
        expr = stack.pop()
        if isinstance(expr, n.Binary):
            if expr.op in n.COMPARISON and (isinstance(expr.left, n.Literal) or isinstance(expr.right, n.Literal)):
                yield expr
            else:
                stack += [expr.left, expr.right]
        elif isinstance(expr, n.Not):
            stack.append(expr.operand)


def _plain(value: Decimal) -> str:
    """Exact text without exponent or trailing zeros: 0.95 → 0.95, 5E+1 → 50."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


__all__ = ["suggest_all", "suggestion_lines"]


_NOT_NUMBERS = frozenset({n.FactKind.BOOL, n.FactKind.ENUM, n.FactKind.TEXT, n.FactKind.LIST})
