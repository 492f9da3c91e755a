"""What the check produces: :class:`CheckedRubric` (the AST with its side tables) and :class:`IndicatorInfo`,
and what every later stage asks of a rule: the expressions it reads (:func:`rule_expressions`) and the names in
them (:func:`free_names`).  Imported by :mod:`rubricdsl.semantics.check`, which builds them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rubricdsl.reading.source import SourceFile
from rubricdsl.semantics.types import Type
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.nodes.walk import names_read


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
    """The names ``expr`` reads, facts and derived values, in source order (a `where` reads item fields,
    which never share a name with either)."""
    return names_read(expr)


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
            found_by_form: list[n.Expr] = form_hook(rule, "expressions")(rule)
            return found_by_form


def form_hook(rule: object, hook: str) -> Any:
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


def rule_names(rule: object) -> list[str]:
    return [name for expr in rule_expressions(rule) for name in free_names(expr)]  # type: ignore[arg-type]


def _maybe(expr: n.Expr | None) -> list[n.Expr]:
    return [] if expr is None else [expr]
