"""Results as an Arrow table: one row per result, the columns of ``rubric eval``'s batch output.

``id`` (when ids are given), ``total``, ``grade``, ``complete``, ``problems`` (diagnostic codes), then one
column per indicator with its score (null when not applicable or failed).  Numbers stay exact: each score
column is an Arrow decimal wide enough for every value in it (``decimal128``, or ``decimal256`` past 38
digits), inferred from the Decimals themselves; a column that would need more than 76 digits is refused by
pyarrow rather than rounded.  ``table.to_pandas()`` or ``polars.from_arrow(table)`` turn it into a frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import Any

from rubricdsl.outputs.rows import listed_code
from rubricdsl.results.model import EvaluationResult


def results_table(results: Iterable[EvaluationResult], ids: Iterable[Any] | None = None) -> Any:
    """A ``pyarrow.Table`` of ``results`` (needs pyarrow: ``pip install 'rubricdsl[arrow]'``)."""
    try:
        pyarrow = import_module("pyarrow")
    except ImportError:
        raise ImportError(
            "results_table needs pyarrow: pip install 'rubricdsl[arrow]' (or pip install pyarrow)"
        ) from None
    rows = list(results)
    columns: dict[str, Any] = {}
    if ids is not None:
        id_list = [None if ident is None else str(ident) for ident in ids]
        if len(id_list) != len(rows):
            raise ValueError(f"{len(id_list)} ids for {len(rows)} results")
        columns["id"] = pyarrow.array(id_list, pyarrow.string())
    columns["total"] = pyarrow.array([result.total for result in rows])
    columns["grade"] = pyarrow.array([result.grade for result in rows], pyarrow.string())
    columns["complete"] = pyarrow.array([result.complete for result in rows], pyarrow.bool_())
    columns["problems"] = pyarrow.array(
        [[listed_code(diagnostic) for diagnostic in (*result.fact_problems, *result.errors)] for result in rows],
        pyarrow.list_(pyarrow.string()),
    )
    indicator_ids = list(rows[0].scores()) if rows else []
    for ident in indicator_ids:
        scores = [result.scores()[ident] for result in rows]
        # all-null columns have no digits to infer a decimal type from
        kind = None if any(score is not None for score in scores) else pyarrow.decimal128(1, 0)
        columns[ident] = pyarrow.array(scores, kind)
    return pyarrow.table(columns)
