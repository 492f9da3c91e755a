"""rubricdsl: scoring rubrics for 项目支出绩效评价 as programs.

    >>> import rubricdsl
    >>> rubric = rubricdsl.load("rubrics/xiangtan-sme-2021.rubric")
    >>> result = rubric.evaluate(facts)
    >>> result.total, result.grade

The public surface is what ``__all__`` lists; everything else may change between releases.
"""

from rubricdsl.compiled import CompiledRubric as CompiledRubric
from rubricdsl.compiled import load as load
from rubricdsl.compiled import loads as loads
from rubricdsl.diagnostics import Diagnostic as Diagnostic
from rubricdsl.diagnostics import Severity as Severity
from rubricdsl.errors import FactsError as FactsError
from rubricdsl.errors import RubricCheckError as RubricCheckError
from rubricdsl.errors import RubricError as RubricError
from rubricdsl.errors import RubricSyntaxError as RubricSyntaxError
from rubricdsl.result import EvaluationResult as EvaluationResult
from rubricdsl.result import IndicatorResult as IndicatorResult
from rubricdsl.result import SectionResult as SectionResult

__version__ = "0.1.0"

__all__ = [
    "CompiledRubric",
    "Diagnostic",
    "EvaluationResult",
    "FactsError",
    "IndicatorResult",
    "RubricCheckError",
    "RubricError",
    "RubricSyntaxError",
    "SectionResult",
    "Severity",
    "__version__",
    "load",
    "loads",
]
