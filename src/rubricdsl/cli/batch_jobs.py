"""``rubric eval R many.csv|many.jsonl --jobs N``: the same rows, scored in N worker processes.

The parent reads the file's lines (bytes → text, the cheap part) and cuts them into runs that start and end
where records do (:mod:`rubricdsl.inputs.chunks`); each worker reads its run's records with the readers a single
process uses, scores them and formats their rows with the same :class:`RowWriter`, and sends back the text.  The
parent writes the runs' text in file order, so the output is byte for byte the output of ``--jobs 1``
(tests/cli/test_batch_jobs.py) and still goes through the caller's atomic output.

A worker rebuilds the rubric from its source text and checks the rebuilt rubric's hash against the parent's, so
it scores exactly the rubric the parent compiled, whichever way the processes start (``fork`` where there is
one, else ``spawn``).  At most ``2 × N`` runs are in flight, so memory stays flat for any number of projects.
Workers ignore SIGINT (Ctrl-C in a terminal reaches the whole process group: the parent decides) and are
terminated whenever the parent stops early: Ctrl-C, SIGTERM (unwound as an exit here, as the atomic output
does), an error; a worker whose parent died finds its task pipe closed and exits.
"""

from __future__ import annotations

import io
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from rubricdsl.cli.batch import SHOWN_PROBLEMS, BatchCounts, score_record
from rubricdsl.compiled import CompiledRubric, compile_source
from rubricdsl.inputs.chunks import csv_chunks, line_chunks
from rubricdsl.inputs.records import CsvHeader, Line, read_csv_body, read_csv_header, read_jsonl
from rubricdsl.outputs.atomic import terminate_as_exit
from rubricdsl.outputs.rows import RowWriter
from rubricdsl.reading.source import SourceFile

CHUNK_LINES = 2000  # lines per run: big enough that a run's text costs little to send, small for the window


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker needs to score runs exactly as the parent would (all of it pickles)."""

    source_name: str
    source_text: str
    sha256: str
    kind: str
    lang: str
    excel: bool
    header: CsvHeader | None  # the CSV header the parent read; None for JSON Lines


@dataclass(frozen=True)
class RunResult:
    """One run's rows as text, and what the parent counts."""

    text: str
    counts: BatchCounts


class RubricMismatch(RuntimeError):
    """A worker rebuilt a different rubric from the source it was sent (a bug, never the user's input)."""


_worker: tuple[CompiledRubric, WorkerSetup] | BaseException | None = None


def _start_worker(setup: WorkerSetup) -> None:
    """Rebuild the rubric; a failure is kept and raised by the first run (a Pool whose initializer raises
    restarts the worker for ever instead of reporting it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not inherit the parent's unwinding
    global _worker
    try:
        compiled = compile_source(SourceFile(setup.source_name, setup.source_text))
        if compiled.sha256 != setup.sha256:
            raise RubricMismatch(f"rebuilt rubric hash {compiled.sha256} != {setup.sha256}")
        _worker = (compiled, setup)
    except Exception as error:
        _worker = error


SentLine = tuple[int, str | None, Any]  # a Line as sent: a tuple pickles ~5 times faster than a slotted object


def score_run(sent: list[SentLine]) -> RunResult:
    """Read, score and format one run of lines in a worker started by :func:`_start_worker`."""
    if not isinstance(_worker, tuple):
        raise _worker if _worker is not None else RubricMismatch("worker not started")
    compiled, setup = _worker
    return score_lines(compiled, setup, [Line(*line) for line in sent])


def score_lines(compiled: CompiledRubric, setup: WorkerSetup, lines: list[Line]) -> RunResult:
    declared = frozenset(compiled.schema.specs)
    records = (
        read_csv_body(iter(lines), setup.header, declared)
        if setup.header is not None
        else read_jsonl(iter(lines), declared)
    )
    text = io.StringIO()
    writer = new_writer(compiled, text, setup.kind, setup.lang, setup.excel, header=False)
    counts = BatchCounts()
    for record in records:
        score_record(compiled, record, writer, counts)
    return RunResult(text.getvalue(), counts)


def new_writer(
    compiled: CompiledRubric, out: io.StringIO | Any, kind: str, lang: str, excel: bool, *, header: bool = True
) -> RowWriter:
    indicators = compiled.checked.indicators
    labels = tuple(info.node.label or info.node.id for info in indicators)
    ids = tuple(info.node.id for info in indicators)
    return RowWriter(out, kind, ids, lang, excel=excel, labels=labels, header=header)


def score_in_workers(
    compiled: CompiledRubric,
    lines: Iterator[Line],
    *,
    csv_rename: Callable[[str], str | None] | None,
    headers: list[CsvHeader],
    writer: RowWriter,
    counts: BatchCounts,
    jobs: int,
    settings: tuple[str, str, bool],
    on_start: Callable[[], None] | None = None,
    on_run: Callable[[], None] | None = None,
    chunk_lines: int | None = None,
    start_method: str | None = None,
) -> None:
    """Score ``lines`` (a file's, from its start) in ``jobs`` processes, writing each run's rows in order.

    ``settings`` is the output's (kind, language, excel); ``on_start`` runs once the workers exist (a progress
    bar's thread starts there, after the fork), ``on_run`` after each run is written."""
    declared = frozenset(compiled.schema.specs)
    header: CsvHeader | None = None
    if csv_rename is not None:
        header = read_csv_header(lines, declared, csv_rename)
        if header is None:
            return
        headers.append(header)
    size = chunk_lines or CHUNK_LINES
    runs = csv_chunks(lines, size) if header is not None else line_chunks(lines, size)
    source = compiled.source
    setup = WorkerSetup(source.name, source.text, compiled.sha256, *settings, header)
    context = multiprocessing.get_context(start_method or _start_method())
    with terminate_as_exit():
        pool = context.Pool(jobs, initializer=_start_worker, initargs=(setup,))
        try:
            if on_start is not None:
                on_start()
            _feed(pool, runs, writer, counts, 2 * jobs, on_run)
            pool.close()
        finally:
            pool.terminate()  # every worker, whether it finished or not; no orphan survives the parent
            pool.join()


def _feed(
    pool: Pool,
    runs: Iterator[list[Line]],
    writer: RowWriter,
    counts: BatchCounts,
    window: int,
    on_run: Callable[[], None] | None,
) -> None:
    pending: deque[AsyncResult[RunResult]] = deque()

    def write_oldest() -> None:
        done = pending.popleft().get()
        writer.finish()  # the header, once, before the first row
        writer.out.write(done.text)
        _add(counts, done.counts)
        if on_run is not None:
            on_run()

    for run in runs:
        if len(pending) >= window:
            write_oldest()
        sent = [(line.number, line.text, line.problem) for line in run]
        pending.append(pool.apply_async(score_run, (sent,)))
    while pending:
        write_oldest()


def _add(counts: BatchCounts, run: BatchCounts) -> None:
    counts.records += run.records
    counts.rows += run.rows
    counts.complete += run.complete
    counts.incomplete += run.incomplete
    counts.unreadable += run.unreadable
    room = SHOWN_PROBLEMS - len(counts.shown)
    if room > 0:
        counts.shown.extend(run.shown[:room])


def _start_method() -> str:
    """``fork`` where the platform has it (a worker starts in milliseconds), else ``spawn``."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
