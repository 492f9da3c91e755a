"""The common CSV row of a batch, from its cells to its output row with no dict, record or result in between.

A header whose columns are the rubric's facts, each once, and at most the id column besides (no
``not_applicable``, nothing unknown) gives every common row (one line, no quote, every cell non-empty: what
:func:`~rubricdsl.inputs.records.read_csv_body` reads in its own loop) exactly the dict of facts the rubric's
fast path would be given.  So such a row is offered to a function generated for that header
(:meth:`CompiledRubric._cells_path`), which reads the cells as the fast path reads that dict; its result is
written by :meth:`RowWriter.scored_row` from the total, grade and scores it returns (no result is built).  A row it declines (a bad cell, a veto, anything not clean) is read and
scored as always, so every fact problem, row number and message is the general path's
(tests/cli/test_batch_cells.py checks the two write the same text on generated rows with bad cells).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from rubricdsl.inputs.records import CleanRow, CsvHeader, id_column

if TYPE_CHECKING:
    from rubricdsl.cli.batch import BatchCounts
    from rubricdsl.compiled import CompiledRubric
    from rubricdsl.evaluate.codegen import CellsFn
    from rubricdsl.outputs.rows import RowWriter


def cells_places(compiled: CompiledRubric, header: CsvHeader) -> dict[str, int] | None:
    """Each fact's column, when ``header`` holds every fact and nothing else but its id column; else None."""
    declared = frozenset(compiled.schema.specs)
    if not header.plain:
        return None
    id_key = id_column(header, declared)
    facts = [column for column in header.columns if column != id_key]
    if len(facts) != len(declared) or set(facts) != declared:
        return None
    return {name: header.columns.index(name) for name in compiled.checked.facts}


def clean_rows(
    compiled: CompiledRubric, writer: RowWriter, counts: BatchCounts
) -> Callable[[CsvHeader], CleanRow | None]:
    """``clean_for`` for :func:`~rubricdsl.inputs.records.read_csv`: the row taker of a header that has one."""

    def for_header(header: CsvHeader) -> CleanRow | None:
        places = cells_places(compiled, header) if writer.csv is not None else None  # JSON Lines: as always
        return None if places is None else row_taker(compiled, places, writer, counts)

    return for_header


def row_taker(compiled: CompiledRubric, places: dict[str, int], writer: RowWriter, counts: BatchCounts) -> CleanRow:
    """Score and write a clean row, counting it; decline (False) any other, and every row until the rubric has
    warmed up its fast path (a batch of a few rows does not pay for generating a second function)."""
    scored_row = writer.scored_row
    scorer: CellsFn | None = None
    in_order = tuple(plan.info.node.id for plan in compiled.program.indicators) == writer.ids

    def take(ident: str, cells: list[str]) -> bool:
        nonlocal scorer
        if scorer is None:
            if compiled._fast_ready is None:
                return False  # still warming up, on the general path
            scorer = compiled._cells_path(places) or _declined
        try:
            result = scorer(cells)
        except (RecursionError, MemoryError):  # the interpreter's limits: the general path decides
            scorer = _declined
            return False
        if result is None:
            return False
        total, grade, scores = result
        scored_row(ident, total, grade, scores if in_order else _in_order(compiled, writer, scores))
        counts.records += 1
        counts.rows += 1
        counts.complete += 1
        return True

    return take


def _declined(cells: object) -> None:
    return None


def _in_order(compiled: CompiledRubric, writer: RowWriter, scores: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    """The scores of the row function (the program's indicator order) in the writer's column order."""
    by_id = dict(zip((plan.info.node.id for plan in compiled.program.indicators), scores, strict=True))
    return tuple(by_id[ident] for ident in writer.ids)
