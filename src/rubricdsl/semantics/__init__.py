"""Stage 2: name resolution and semantic checks.  ``check`` turns an AST into a :class:`CheckedRubric`."""

from rubricdsl.semantics.check import CheckedRubric as CheckedRubric
from rubricdsl.semantics.check import check as check

__all__ = ["CheckedRubric", "check"]
