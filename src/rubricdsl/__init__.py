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
from rubricdsl.diagnostics.errors import FactsError as FactsError
from rubricdsl.diagnostics.errors import RubricCheckError as RubricCheckError
from rubricdsl.diagnostics.errors import RubricError as RubricError
from rubricdsl.diagnostics.errors import RubricSyntaxError as RubricSyntaxError
from rubricdsl.results.model import EvaluationResult as EvaluationResult
from rubricdsl.results.model import IndicatorResult as IndicatorResult
from rubricdsl.results.model import SectionResult as SectionResult

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
