"""Typed input: score the rows of a pandas or Polars DataFrame or of an Arrow table, without reading text.

Each row becomes a mapping of column name → Python value and goes through :meth:`CompiledRubric.evaluate`
like any fact set: Arrow ``decimal128`` and Polars ``Decimal`` cells arrive as exact :class:`~decimal.Decimal`,
integers as ``int``, booleans as ``bool``, empty cells as ``None`` (or NaN in a pandas float column), and
floats follow the float policy of :mod:`rubricdsl.inputs.facts` (the shortest text that reads back as the
same number).  A float32 column is read at its own precision: its cells are taken as the shortest text of the
32-bit value (``0.96``), not of its widening to 64 bits (``0.9599999785423279``).

Rows are converted a chunk at a time, so memory stays flat for a table of any length.  None of pandas, Polars
or pyarrow is imported here unless the caller hands over an object that needs it: the frame's own methods
do the work (``to_dict("records")``, ``iter_rows(named=True)``, ``to_batches``).
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from decimal import Decimal
from importlib import import_module
from typing import Any

from rubricdsl.inputs.facts import ID_KEY, plain_scalar

CHUNK_ROWS = 4096


def frame_rows(frame: Any) -> Iterator[dict[str, Any]]:
    """The rows of a pandas or Polars DataFrame as dicts of plain Python values."""
    module = type(frame).__module__
    if module.startswith("pandas") and hasattr(frame, "to_dict"):
        return _pandas_rows(frame)
    if module.startswith("polars") and hasattr(frame, "iter_rows"):
        return _polars_rows(frame)
    if module.startswith("pyarrow"):
        return arrow_rows(frame)
    raise TypeError(
        f"evaluate_frame takes a pandas or Polars DataFrame, not {type(frame).__name__}; "
        "for an Arrow table use evaluate_arrow, for dicts evaluate_many"
    )


def without_ids(rows: Iterator[dict[str, Any]], declared: Container[str]) -> Iterator[dict[str, Any]]:
    """``rows`` without their ``id`` column (unless it is a declared fact).  It is not a fact either way, but a
    row that still has it takes the closure evaluator instead of the generated fast path."""
    for row in rows:
        if ID_KEY in row and ID_KEY not in declared:
            del row[ID_KEY]
        yield row


def arrow_rows(data: Any) -> Iterator[dict[str, Any]]:
    """The rows of a pyarrow Table or RecordBatch, or of anything that exports an Arrow stream
    (``__arrow_c_stream__``: DuckDB results, Polars frames, …), as dicts of plain Python values."""
    if not hasattr(data, "to_batches"):
        if hasattr(data, "schema") and hasattr(data, "to_pylist") and hasattr(data, "num_rows"):
            return _arrow_batch_rows(data)  # a RecordBatch
        if not hasattr(data, "__arrow_c_stream__"):
            raise TypeError(f"evaluate_arrow takes a pyarrow Table or an Arrow stream, not {type(data).__name__}")
        data = _pyarrow().table(data)
    return _arrow_table_rows(data)


def _pyarrow() -> Any:
    try:
        pyarrow = import_module("pyarrow")
    except ImportError:
        raise ImportError(
            "reading an Arrow stream needs pyarrow: pip install 'rubricdsl[arrow]' (or pip install pyarrow)"
        ) from None
    return pyarrow


# ---- pandas -----------------------------------------------------------------------------------------------


def _pandas_rows(frame: Any) -> Iterator[dict[str, Any]]:
    narrow = [name for name, dtype in frame.dtypes.items() if _is_narrow_float(dtype)]
    for start in range(0, len(frame), CHUNK_ROWS):
        chunk = frame.iloc[start : start + CHUNK_ROWS]
        rows: list[dict[str, Any]] = chunk.to_dict("records")  # numpy scalars come out as Python values
        for name in narrow:
            # to_dict widens float32 to a Python float first; read the 32-bit values themselves instead
            for row, value in zip(rows, chunk[name].to_numpy(), strict=True):
                row[name] = plain_scalar(value)
        yield from rows


def _is_narrow_float(dtype: Any) -> bool:
    return getattr(dtype, "kind", None) == "f" and getattr(dtype, "itemsize", 8) < 8


# ---- Polars -----------------------------------------------------------------------------------------------


def _polars_rows(frame: Any) -> Iterator[dict[str, Any]]:
    narrow = [name for name, dtype in frame.schema.items() if str(dtype) in ("Float32", "Float16")]
    if narrow:
        string = import_module("polars").String  # the caller's frame is a Polars frame: Polars is there
        frame = frame.with_columns([frame[name].cast(string) for name in narrow])
    for row in frame.iter_rows(named=True, buffer_size=CHUNK_ROWS):
        for name in narrow:
            row[name] = _from_float_text(row[name])
        yield row


# ---- Arrow ------------------------------------------------------------------------------------------------


def _arrow_table_rows(table: Any) -> Iterator[dict[str, Any]]:
    for batch in table.to_batches(max_chunksize=CHUNK_ROWS):
        yield from _arrow_batch_rows(batch)


def _arrow_batch_rows(batch: Any) -> Iterator[dict[str, Any]]:
    narrow = [index for index, field in enumerate(batch.schema) if str(field.type) in ("float", "halffloat")]
    rows: list[dict[str, Any]] = batch.to_pylist()  # decimal128 → Decimal, int → int, null → None
    for index in narrow:
        name = batch.schema.field(index).name
        texts = batch.column(index).cast("string").to_pylist()  # Arrow writes the shortest 32-bit text
        for row, text in zip(rows, texts, strict=True):
            row[name] = _from_float_text(text)
    yield from rows


def _from_float_text(text: str | None) -> Any:
    """A float written as its shortest text: its exact Decimal, or NaN/±Infinity as the float they are
    (so NaN stays missing for an optional fact, and not a number for a required one)."""
    if text is None:
        return None
    number = Decimal(text)
    return number if number.is_finite() else float(text)
