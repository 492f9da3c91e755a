"""Running test cases: score each facts file against its rubric and judge it by its ``$expect``.

A case with ``$expect`` passes when every claim holds; ``complete: true`` is implied unless the file says
``complete: false``, so a case that silently lost an indicator never passes.  A case without ``$expect``
passes when it scores completely (and is reported as having no expectation).  A case whose rubric does not
check, or whose facts file cannot be read, fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rubricdsl.compiled import CompiledRubric, compile_source
from rubricdsl.diagnostics import Diagnostic
from rubricdsl.diagnostics.errors import RubricError
from rubricdsl.inputs.files import FactsFileError, read_facts_file
from rubricdsl.reading.rubric_file import read_rubric_text
from rubricdsl.reading.source import SourceFile
from rubricdsl.results.model import EvaluationResult
from rubricdsl.testing.discovery import Suite
from rubricdsl.testing.expectations import EXPECT_KEY, check_facts


@dataclass
class CaseResult:
    name: str  # the facts file as shown
    passed: bool
    has_expectation: bool
    unmet: list[Diagnostic] = field(default_factory=list)  # T501/T502: claims that do not hold
    problems: list[Diagnostic] = field(default_factory=list)  # why it is incomplete or could not run
    result: EvaluationResult | None = None
    facts: Mapping[str, Any] | None = None


@dataclass
class SuiteResult:
    rubric: str  # the rubric file as shown
    compiled: CompiledRubric | None
    errors: tuple[Diagnostic, ...] = ()  # the rubric's own diagnostics when it does not check
    source: SourceFile | None = None
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.compiled is not None


def shown(path: Path) -> str:
    return path.as_posix()


def load_rubric(path: Path) -> tuple[CompiledRubric | None, tuple[Diagnostic, ...], SourceFile | None]:
    try:
        return compile_source(read_rubric_text(path)), (), None
    except RubricError as error:
        return None, error.diagnostics, error.source


def run_case(compiled: CompiledRubric, path: Path) -> CaseResult:
    name = shown(path)
    try:
        data = read_facts_file(path)
    except FactsFileError as error:
        return CaseResult(name, False, False, problems=[error.diagnostic])
    except OSError as error:
        from rubricdsl.diagnostics import messages

        problem = messages.make("F407", None, detail=error.strerror or str(error))
        return CaseResult(name, False, False, problems=[problem])
    if not isinstance(data, dict):
        return CaseResult(name, False, False, problems=list(compiled.validate_facts(data)))
    result = compiled.evaluate(data)
    problems = [*result.fact_problems, *result.errors]
    has_expectation = EXPECT_KEY in data
    if has_expectation:
        unmet = check_facts(result, data, implied_complete=True)
        return CaseResult(name, not unmet, True, unmet, problems, result, data)
    return CaseResult(name, result.complete, False, [], problems, result, data)


def run_suite(suite: Suite) -> SuiteResult:
    name = shown(suite.rubric)
    compiled, errors, source = load_rubric(suite.rubric)
    found = SuiteResult(name, compiled, errors, source)
    for path in suite.cases:
        if compiled is None:
            found.cases.append(CaseResult(shown(path), False, False))
        else:
            found.cases.append(run_case(compiled, path))
    return found


@dataclass(frozen=True)
class Totals:
    passed: int
    failed: int
    without_expectation: int

    @staticmethod
    def of(suites: list[SuiteResult]) -> Totals:
        cases = [case for suite in suites for case in suite.cases]
        passed = sum(case.passed for case in cases)
        without = sum(case.passed and not case.has_expectation for case in cases)
        return Totals(passed, len(cases) - passed, without)
