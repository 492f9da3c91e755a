"""rubricdsl: scoring rubrics for 项目支出绩效评价 as programs.

    >>> import rubricdsl
    >>> rubric = rubricdsl.load("rubrics/xiangtan-sme-2021.rubric")
    >>> result = rubric.evaluate(facts)
    >>> result.total, result.grade

The public surface is what ``__all__`` lists; everything else may change between releases.

Names are imported on first use (PEP 562), so ``import rubricdsl`` and ``rubric --version`` load neither lark
nor pydantic; ``rubricdsl.load`` brings in the whole pipeline the first time it is called.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # not typing's: importing typing costs `rubric --version` a tenth of its time
if TYPE_CHECKING:
    from typing import Any

    from rubricdsl.compiled import CompiledRubric as CompiledRubric
    from rubricdsl.compiled import load as load
    from rubricdsl.compiled import loads as loads
    from rubricdsl.diagnostics import Diagnostic as Diagnostic
    from rubricdsl.diagnostics import Severity as Severity
    from rubricdsl.diagnostics import Text as Text
    from rubricdsl.diagnostics.errors import FactsError as FactsError
    from rubricdsl.diagnostics.errors import RubricCheckError as RubricCheckError
    from rubricdsl.diagnostics.errors import RubricError as RubricError
    from rubricdsl.diagnostics.errors import RubricSyntaxError as RubricSyntaxError
    from rubricdsl.results.model import EvaluationResult as EvaluationResult
    from rubricdsl.results.model import IndicatorResult as IndicatorResult
    from rubricdsl.results.model import NumberStyle as NumberStyle
    from rubricdsl.results.model import SectionResult as SectionResult
    from rubricdsl.results.model import Step as Step
    from rubricdsl.results.model import ValueRead as ValueRead
    from rubricdsl.results.schema import ResultModel as ResultModel

__version__ = "0.1.0"

# public name → the module that defines it
_EXPORTS = {
    "CompiledRubric": "rubricdsl.compiled",
    "load": "rubricdsl.compiled",
    "loads": "rubricdsl.compiled",
    "Diagnostic": "rubricdsl.diagnostics",
    "Severity": "rubricdsl.diagnostics",
    "Text": "rubricdsl.diagnostics",
    "FactsError": "rubricdsl.diagnostics.errors",
    "RubricCheckError": "rubricdsl.diagnostics.errors",
    "RubricError": "rubricdsl.diagnostics.errors",
    "RubricSyntaxError": "rubricdsl.diagnostics.errors",
    "EvaluationResult": "rubricdsl.results.model",
    "IndicatorResult": "rubricdsl.results.model",
    "SectionResult": "rubricdsl.results.model",
    "Step": "rubricdsl.results.model",
    "ValueRead": "rubricdsl.results.model",
    "NumberStyle": "rubricdsl.results.model",
    "ResultModel": "rubricdsl.results.schema",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'rubricdsl' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = [
    "CompiledRubric",
    "Diagnostic",
    "EvaluationResult",
    "FactsError",
    "IndicatorResult",
    "NumberStyle",
    "ResultModel",
    "RubricCheckError",
    "RubricError",
    "RubricSyntaxError",
    "SectionResult",
    "Severity",
    "Step",
    "Text",
    "ValueRead",
    "__version__",
    "load",
    "loads",
]
