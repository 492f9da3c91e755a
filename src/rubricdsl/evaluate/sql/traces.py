"""An indicator's arm columns: one per trace key, the arm of the Select that recorded it last.

A trace key may be written by more than one Select: the judged-within form has a ``held`` Select in every
tier's arm, and only the one of the tier given is evaluated.  The interpreter's frame keeps the last value
written under a key, so the column is the arm of the last Select (in recording order, which
:class:`~.expressions.ExpressionCompiler` keeps) that was reached; a key written once is that Select's arm
where it was reached.  NULL unless the indicator was scored.
"""

from __future__ import annotations

from rubricdsl.evaluate.sql.expressions import TraceColumn


def arm_columns(traces: list[TraceColumn], error_col: str) -> list[tuple[str, str, bool]]:
    """(trace key, SQL of its arm column, whether it is a BOOLEAN) per key, in the order the keys first
    appear.  A key every Select of which has one arm (a checklist item, a one-condition `when`) has two outcomes and is
    written as a BOOLEAN, TRUE when the arm was taken (the item met): a Parquet writer encodes a BOOLEAN
    without the dictionary it builds for an integer column, which made the seed rubric's 32 arm columns a
    fifth of its query's instructions (bench/results.md, sql_instructions).  Any other key is its arm's index."""
    by_path: dict[str, list[TraceColumn]] = {}
    for trace in traces:
        by_path.setdefault(trace.path, []).append(trace)
    columns = []
    for path, written in by_path.items():
        fired = [trace.fired for trace in written if trace.fired is not None]
        boolean = len(fired) == len(written)
        outcomes = fired if boolean else [trace.arm for trace in written]
        if len(written) == 1:
            (trace,) = written
            reached = " AND ".join((f"{error_col} IS NULL", *trace.reached))
            columns.append((path, f"(CASE WHEN {reached} THEN {outcomes[0]} END)", boolean))
            continue
        whens = " ".join(
            f"WHEN {' AND '.join(trace.reached) or 'TRUE'} THEN {outcome}"
            for trace, outcome in reversed(list(zip(written, outcomes, strict=True)))
        )
        columns.append((path, f"(CASE WHEN {error_col} IS NULL THEN (CASE {whens} END) END)", boolean))
    return columns
