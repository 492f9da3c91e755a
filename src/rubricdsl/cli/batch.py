"""``rubric eval RUBRIC many.jsonl|many.csv``: score one project per line or row, streaming.

Input is read and results are written one record at a time, so memory stays flat for any number of
projects.  Reading (:mod:`rubricdsl.inputs.records`) gives exactly one record per record of the file, a bad one
with its problems; writing (:mod:`rubricdsl.outputs.rows`) gives exactly one row per record.  On a terminal, a
progress bar runs on stderr; at the end, if any row is not a final score, a summary counts them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rubricdsl.cli.batch_cells import clean_rows
from rubricdsl.compiled import CompiledRubric
from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.diagnostics.messages import cli_text
from rubricdsl.inputs.chunks import file_lines
from rubricdsl.inputs.records import CsvHeader, Record, read_csv, read_jsonl, survey
from rubricdsl.outputs.rows import RowWriter, writer_for
from rubricdsl.results.model import EvaluationResult

BATCH_SUFFIXES = (".jsonl", ".csv")
SHOWN_PROBLEMS = 20  # unreadable records whose problems are printed in full; the rest are counted
_PROGRESS_EVERY = 0.1  # seconds between progress-bar updates


def output_format(requested: str | None, facts: Path, output: Path | None) -> str:
    """``csv`` or ``jsonl``: as asked; else the output file's suffix; else the same as the input."""
    if requested in ("csv", "jsonl"):
        return requested
    if requested == "json":
        return "jsonl"
    if output is not None and output.suffix.lower() in BATCH_SUFFIXES:
        return output.suffix.lower()[1:]
    return facts.suffix.lower()[1:]


@dataclass
class BatchCounts:
    """What a run read and wrote; ``rows == records`` always (one row per record)."""

    records: int = 0
    rows: int = 0
    complete: int = 0
    incomplete: int = 0
    unreadable: int = 0
    shown: list[Diagnostic] = field(default_factory=list)  # the first SHOWN_PROBLEMS problems of bad records

    def summary(self) -> Text:
        return cli_text(
            "batch-summary",
            records=self.records,
            rows=self.rows,
            complete=self.complete,
            incomplete=self.incomplete,
            bad=self.unreadable,
        )


def run_batch(
    compiled: CompiledRubric,
    facts_path: Path,
    kind: str,
    out: IO[str],
    *,
    progress: bool,
    lang: str = "en",
    notices: list[Text] | None = None,
    excel: bool = False,
    jobs: int = 1,
) -> BatchCounts:
    """Score every record of ``facts_path`` onto ``out``.  Raises BatchFileError if the file is unreadable as a
    whole (its encoding); file-level notices (a duplicated CSV column) are appended to ``notices``."""
    declared = frozenset(compiled.schema.specs)
    size = facts_path.stat().st_size
    consumed = [0]
    counts = BatchCounts()
    headers: list[CsvHeader] = []
    with facts_path.open("rb") as handle:
        shape = survey(handle)
        lines = file_lines(handle, shape, consumed)
        is_csv = facts_path.suffix.lower() == ".csv"
        writer = writer_for(compiled, out, kind, lang, excel=excel)
        bars: list[_Progress] = []  # the bar, once started (after the workers: a thread must not be forked)

        def start_bar() -> None:
            if progress:
                bars.append(_Progress(size))

        def update_bar() -> None:
            for bar in bars:
                bar.update(consumed[0], counts.records)

        try:
            if jobs > 1:
                from rubricdsl.cli.batch_jobs import score_in_workers

                score_in_workers(
                    compiled,
                    handle,
                    shape,
                    csv_rename=header_names(compiled) if is_csv else None,
                    headers=headers,
                    writer=writer,
                    counts=counts,
                    jobs=jobs,
                    settings=(kind, lang, excel),
                    consumed=consumed,
                    on_start=start_bar,
                    on_run=update_bar,
                )
            else:
                start_bar()
                # Without a bar, the common row is scored and written inside the reader (batch_cells).
                clean = None if progress else clean_rows(compiled, writer, counts)
                records = (
                    read_csv(lines, declared, headers, rename=header_names(compiled), clean_for=clean)
                    if is_csv
                    else read_jsonl(lines, declared)
                )
                for record in records:
                    if headers and notices is not None:
                        notices.extend(_header_notices(headers.pop(), facts_path))
                    score_record(compiled, record, writer, counts)
                    if bars:
                        update_bar()
                    if compiled._fast_ready is not None:
                        break  # warmed up: the rest in the loop of the clean case
                if bars:
                    for record in records:
                        score_records(compiled, (record,), writer, counts)
                        update_bar()
                else:
                    score_records(compiled, records, writer, counts)
            writer.finish()
        finally:
            for bar in bars:
                bar.close()
    if headers and notices is not None:
        notices.extend(_header_notices(headers.pop(), facts_path))
    if shape.encoding != "utf-8" and notices is not None:
        notices.append(cli_text("batch-gb18030", file=str(facts_path)))
    return counts


def score_records(compiled: CompiledRubric, records: Iterable[Record], writer: RowWriter, counts: BatchCounts) -> None:
    """:func:`score_record` for each record, the clean case in a loop of its own once the rubric has its fast
    path: the generated function's result goes straight to :meth:`RowWriter.clean_row`.  A record it does not
    take is scored as :func:`score_record` scores it, on the closures (which is what ``evaluate`` does next)."""
    fast = compiled._fast_ready
    if fast is None:
        for record in records:
            score_record(compiled, record, writer, counts)
        return
    clean_row = writer.clean_row
    clean = 0
    try:
        for record in records:
            facts = record.facts
            if facts.__class__ is dict and not record.problems:
                try:
                    result = fast(facts)
                except (RecursionError, MemoryError):  # the interpreter's limits: evaluate gives the fast path up
                    score_record(compiled, record, writer, counts)
                    fast = compiled._fast_ready or fast
                    continue
                if result is not None:
                    clean_row(record.ident, result)
                    clean += 1
                    continue
                score_record(compiled, record, writer, counts, compiled.evaluate_closures)
            else:
                score_record(compiled, record, writer, counts)
    finally:
        counts.records += clean
        counts.rows += clean
        counts.complete += clean


def score_record(
    compiled: CompiledRubric,
    record: Record,
    writer: RowWriter,
    counts: BatchCounts,
    evaluate: Callable[[Mapping[str, Any]], EvaluationResult] | None = None,
) -> None:
    """Score one record onto ``writer`` (one row, always) and count it; ``evaluate`` is ``compiled.evaluate``
    unless given (the closures, for a record the fast path already declined)."""
    counts.records += 1
    result: EvaluationResult | None = None
    problems: list[Diagnostic] = list(record.problems)
    complete = False
    if problems:
        counts.unreadable += 1
        if len(counts.shown) < SHOWN_PROBLEMS:
            counts.shown.extend(problems[: SHOWN_PROBLEMS - len(counts.shown)])
    elif not isinstance(record.facts, dict):
        problems = compiled.validate_facts(record.facts)
        counts.incomplete += 1
    else:
        result = (evaluate or compiled.evaluate)(record.facts)
        problems = [*result.fact_problems, *result.errors]
        complete = not problems or result.complete  # no problem at all: complete, by the property's own rule
        if complete:
            counts.complete += 1
        else:
            counts.incomplete += 1
    writer.row(record.ident, result, problems, complete)
    counts.rows += 1


def header_names(compiled: CompiledRubric) -> Callable[[str], str | None]:
    """A CSV header may name a fact by its Chinese label (or ``label（id）``, as the template writes it); 项目名称 and
    the other id headers name the project's id.  The SQL engine names a CSV file's columns with this too."""
    from rubricdsl.inputs.sheet_headers import ID_HEADERS, header_to_fact, normalise

    def fact_of(header: str) -> str | None:
        if normalise(header) in ID_HEADERS:
            return "$id"
        return header_to_fact(header, compiled.schema)

    return fact_of


def _header_notices(header: CsvHeader, path: Path) -> list[Text]:
    return [
        cli_text("csv-duplicate-column", file=str(path), name=name, columns=", ".join(str(p + 1) for p in places))
        for name, places in header.duplicates.items()
    ]


class _Progress:
    """A rich progress bar by bytes read, redrawn at most ten times a second."""

    def __init__(self, size: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self.task = self.progress.add_task("scoring", total=max(size, 1))
        self.progress.start()
        self.last = 0.0

    def update(self, consumed: int, count: int) -> None:
        now = time.monotonic()
        if now - self.last >= _PROGRESS_EVERY:
            self.last = now
            self.progress.update(self.task, completed=consumed, description=f"scored {count:,}")

    def close(self) -> None:
        self.progress.stop()
