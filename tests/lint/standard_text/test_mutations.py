"""Mutation recall: every threshold, boundary, point value, base, rate, step and direction of every shipped or
documented rule whose standard the reader reads, changed one at a time, must be found at its line — and no
mutant may draw a finding on another line.  The one form not compared is a multi-branch `when` (the reference's
结余资金 row): its text reads as a list of items, and pairing items with branches would be a guess.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rubricdsl.lint.standard_text import read_standard
from rubricdsl.syntax import nodes as n
from tests.docs.test_doc_examples import RUBRIC_BLOCKS
from tests.lint.helpers import line_of, lint_text

ROOT = Path(__file__).resolve().parents[3]
FLIP = {">=": ">", ">": ">=", "<=": "<", "<": "<="}


def _sources() -> list[tuple[str, str]]:
    shipped = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "rubrics").glob("*.rubric"))]
    return shipped + [(block.where, block.text) for block in RUBRIC_BLOCKS]


def _literals(rule: n.Rule) -> list[n.Expr]:
    if isinstance(rule, n.ScoreRule):
        found: list[n.Expr] = []
        for band in rule.bands:
            test = band.test
            found += [test.threshold] if isinstance(test, n.Compare) else [test.low, test.high]
            found.append(band.outcome)
        return found + ([rule.otherwise] if rule.otherwise is not None else [])
    if isinstance(rule, n.DeductRule):
        return [rule.base, rule.rate, rule.threshold] + ([rule.step] if rule.step is not None else [])
    if isinstance(rule, n.WhenRule):
        return [branch.outcome for branch in rule.branches] + ([rule.otherwise] if rule.otherwise else [])
    if isinstance(rule, n.ChecklistRule):
        return [item.points for item in rule.items]
    return []


def _mutants(text: str, rule: n.Rule) -> list[tuple[int, int, str]]:
    """(start, end, replacement): each literal moved (+5 for a percent, +1 otherwise; points −0.5), each
    boundary flipped between inclusive and exclusive, each deduction's direction reversed."""
    found = []
    for literal in _literals(rule):
        if not isinstance(literal, n.Literal):
            continue
        old = text[literal.span.start : literal.span.end]
        number = old.rstrip("%元万")
        unit = old[len(number) :]
        if isinstance(rule, n.ChecklistRule | n.WhenRule):
            new = str(Decimal(number) - Decimal("0.5"))
        else:
            new = str(Decimal(number) + (5 if unit == "%" else 1)) + unit
        found.append((literal.span.start, literal.span.end, new))
    if isinstance(rule, n.ScoreRule):
        for band in rule.bands:
            if isinstance(band.test, n.Compare) and band.test.op.value in FLIP:
                op = band.test.op.value
                found.append((band.test.span.start, band.test.span.start + len(op), FLIP[op]))
    if isinstance(rule, n.DeductRule):
        word = "above" if rule.above else "below"
        at = rule.span.start + text[rule.span.start : rule.span.end].index(word)
        found.append((at, at + len(word), "below" if rule.above else "above"))
    return found


def test_every_mutant_of_a_read_standard_is_found_at_its_line() -> None:
    seen: set[tuple[str, str]] = set()
    total = 0
    missed: list[str] = []
    elsewhere: list[str] = []
    for where, text in _sources():
        report = lint_text(text)
        assert report.checked is not None
        for indicator in n.walk_indicators(report.checked.rubric.children):
            if not indicator.standard or read_standard(indicator.standard) is None:
                continue
            pair = (indicator.standard, text[indicator.rule.span.start : indicator.rule.span.end])
            if pair in seen:
                continue
            seen.add(pair)
            for start, end, new in _mutants(text, indicator.rule):
                mutated = lint_text(text[:start] + new + text[end:])
                if mutated.checked is None:
                    continue  # e.g. points that no longer add up: not a lint case
                total += 1
                line = mutated.source.position(start).line
                lines = [line_of(mutated, f) for f in mutated.findings if f.name == "standard-disagrees"]
                name = f"{where} {indicator.id} {text[start:end]}->{new}"
                if line not in lines:
                    missed.append(name)
                if any(other != line for other in lines):
                    elsewhere.append(name)
    assert total >= 90  # 90 when written; more as the docs grow
    assert elsewhere == []
    # today the only misses are the 3 mutants of the reference's multi-branch 结余资金 `when` (see above);
    # more documented rubrics may add forms, so recall is held at 95%, with every miss listed on failure
    assert (total - len(missed)) / total >= 0.95, missed
