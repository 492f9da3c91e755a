"""What a lint rule is: identity (code, name, category, default severity), documentation, and a check.

The class docstring is the rule's documentation (sections ``What it does``, ``Why is this bad?``,
``Example``, ``Use instead``); ``docs/rules/`` is generated from it and ``rubric rule NAME`` prints it.
"""

from __future__ import annotations

import abc
import enum
import inspect
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import ClassVar

from rubricdsl.diagnostics import Diagnostic, Severity, Text
from rubricdsl.lint.lists import rubric_aggregates
from rubricdsl.lint.paths import Guarded, every_subexpression, rule_paths
from rubricdsl.lint.ranges import RangeAnalysis, Ranges
from rubricdsl.lint.suppression import Suppression
from rubricdsl.lint.usage import all_vetoes, names_read
from rubricdsl.reading.source import Span
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n


class Category(enum.Enum):
    CORRECTNESS = "correctness"  # the rubric scores something other than what it says
    DESIGN = "design"  # it scores as written, but the table is probably wrong
    UNITS = "units"  # percents, counts and money mixed up
    STYLE = "style"  # names and labels a reader can trust
    STANDARD = "standard"  # the 评价标准 text and the rule say different things
    SUPPRESSION = "suppression"  # about `# rubric: ignore[...]` comments themselves


@dataclass
class LintContext:
    """Everything a rule may read.  What several rules walk the rubric for (the range analysis, each rule's
    paths, every guarded subexpression, the vetoes, the names read) is computed once, on first use, and shared:
    with ~40 rules, each re-walking a 2,000-indicator rubric was a good part of lint's time."""

    checked: CheckedRubric
    suppressions: list[Suppression] = field(default_factory=list)
    max_absent_share: Fraction = Fraction(1, 5)  # from the configuration's `max-absent-share`

    @cached_property
    def ranges(self) -> Ranges:
        return self.analysis.run()

    @cached_property
    def analysis(self) -> RangeAnalysis:
        return RangeAnalysis(self.checked)

    @cached_property
    def aggregates(self) -> tuple[n.Aggregate, ...]:
        """Every aggregate over a list fact (:func:`~rubricdsl.lint.lists.rubric_aggregates`), in its order."""
        return tuple(rubric_aggregates(self.checked))

    @cached_property
    def vetoes(self) -> tuple[n.Veto, ...]:
        """Every veto of the rubric and its sections (:func:`~rubricdsl.lint.usage.all_vetoes`)."""
        return tuple(all_vetoes(self.checked.rubric))

    @cached_property
    def paths(self) -> dict[str, tuple[Guarded, ...]]:
        """Each indicator's :func:`~rubricdsl.lint.paths.rule_paths`, by indicator id."""
        return {ident: tuple(rule_paths(found)) for ident, found in self.ranges.indicators.items()}

    @cached_property
    def subexpressions(self) -> tuple[Guarded, ...]:
        """:func:`~rubricdsl.lint.paths.every_subexpression`, in its order."""
        return tuple(every_subexpression(self.checked, self.ranges, self.paths, self.vetoes))

    def names_read(self, *, by_lets: bool = True) -> frozenset[str]:
        """:func:`~rubricdsl.lint.usage.names_read`, computed once for each ``by_lets``."""
        found = self._names_read.get(by_lets)
        if found is None:
            found = self._names_read[by_lets] = frozenset(names_read(self.checked, by_lets=by_lets))
        return found

    @cached_property
    def _names_read(self) -> dict[bool, frozenset[str]]:
        return {}


class LintRule(abc.ABC):
    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    default_severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str]  # one line, for the index and SARIF

    @abc.abstractmethod
    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Yield this rule's findings for one rubric."""

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    def finding(self, span: Span | None, message: Text, hint: Text | None = None) -> Diagnostic:
        return Diagnostic(self.code, self.name, self.default_severity, message, span, hint)
