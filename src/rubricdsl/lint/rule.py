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
from rubricdsl.lint.ranges import RangeAnalysis, Ranges
from rubricdsl.lint.suppression import Suppression
from rubricdsl.reading.source import Span
from rubricdsl.semantics.check import CheckedRubric


class Category(enum.Enum):
    CORRECTNESS = "correctness"  # the rubric scores something other than what it says
    DESIGN = "design"  # it scores as written, but the table is probably wrong
    UNITS = "units"  # percents, counts and money mixed up
    STYLE = "style"  # names and labels a reader can trust
    STANDARD = "standard"  # the 评价标准 text and the rule say different things
    SUPPRESSION = "suppression"  # about `# rubric: ignore[...]` comments themselves


@dataclass
class LintContext:
    """Everything a rule may read; the range analysis is computed once, on first use."""

    checked: CheckedRubric
    suppressions: list[Suppression] = field(default_factory=list)
    max_absent_share: Fraction = Fraction(1, 5)  # from the configuration's `max-absent-share`

    @cached_property
    def ranges(self) -> Ranges:
        return self.analysis.run()

    @cached_property
    def analysis(self) -> RangeAnalysis:
        return RangeAnalysis(self.checked)


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
