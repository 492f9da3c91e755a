"""The SQL back end's entry point for a compiled rubric: lower it to the IR, generate, and turn a refusal into
a :class:`~rubricdsl.diagnostics.errors.RubricError` (exit 2), as any other reason a rubric cannot be used.

This is the one module of the package that touches the front end (it lowers the checked rubric); the
generator itself reads only the IR (tests/ir/test_layering.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rubricdsl.diagnostics.errors import RubricError
from rubricdsl.evaluate.sql.dialects import DIALECTS
from rubricdsl.evaluate.sql.generator import DEFAULT_SCALE, Query, Refusal, generate
from rubricdsl.ir.lower import lower_program

if TYPE_CHECKING:
    from rubricdsl.compiled import CompiledRubric


def compile_sql(
    rubric: CompiledRubric,
    *,
    dialect: str = "duckdb",
    table: str = "facts",
    key: str = "id",
    scale: int = DEFAULT_SCALE,
    text_input: bool = False,
) -> Query:
    """The query scoring every row of ``table`` with ``rubric``; raises RubricError (an S6xx) if it cannot be
    scored exactly in SQL."""
    program = lower_program(rubric.checked)
    try:
        return generate(program, dialect=DIALECTS[dialect], table=table, key=key, scale=scale, text_input=text_input)
    except Refusal as refusal:
        raise RubricError(rubric.source, [refusal.diagnostic]) from None
