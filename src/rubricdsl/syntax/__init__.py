"""Stage 1: source text → typed AST.  ``parse`` is the only entry point; lark stays inside this package."""

from rubricdsl.syntax.parse import parse_rubric as parse_rubric

__all__ = ["parse_rubric"]
