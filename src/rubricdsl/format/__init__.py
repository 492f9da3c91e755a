"""Stage 5 (tooling): the canonical formatter.  ``format_source`` is idempotent and keeps every comment."""

from rubricdsl.format.formatter import FormatError as FormatError
from rubricdsl.format.formatter import format_rubric as format_rubric
from rubricdsl.format.formatter import format_source as format_source

__all__ = ["FormatError", "format_rubric", "format_source"]
