"""Stage 5 (tooling): the canonical formatter.  ``format_source`` is idempotent, keeps every comment and
the author's spelling, and never changes a rubric's meaning or the linter's verdict on it."""

from rubricdsl.format.formatter import FormatError as FormatError
from rubricdsl.format.formatter import SuppressionWouldMove as SuppressionWouldMove
from rubricdsl.format.formatter import format_rubric as format_rubric
from rubricdsl.format.formatter import format_source as format_source

__all__ = ["FormatError", "SuppressionWouldMove", "format_rubric", "format_source"]
