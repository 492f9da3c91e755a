"""Wording shared by rules: how a band, a subject and a value read in a message."""

from __future__ import annotations

from fractions import Fraction

from rubricdsl.lint.intervals import show
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n


def snippet(checked: CheckedRubric, node: n.Band | n.Branch | n.Expr | n.Literal) -> str:
    return " ".join(checked.source.snippet(node.span).split())


def speaks_percent(checked: CheckedRubric, rule: n.ScoreRule | n.DeductRule, subject: n.Expr) -> bool:
    """Values of this rule read best as percents: its thresholds are written so, or its subject is one."""
    literals: list[n.Literal] = []
    if isinstance(rule, n.ScoreRule):
        for band in rule.bands:
            test = band.test
            literals += [test.threshold] if isinstance(test, n.Compare) else [test.low, test.high]
    else:
        literals.append(rule.threshold)
    if any(literal.kind is n.LiteralKind.PERCENT for literal in literals):
        return True
    return (
        isinstance(subject, n.Name)
        and checked.types.get(subject.ident, None) is not None
        and (checked.types[subject.ident].kind == "percent")
    )


def value_text(value: Fraction, percent: bool) -> str:
    return show(value, percent=percent)


def points_text(value: Fraction) -> str:
    return show(value)
