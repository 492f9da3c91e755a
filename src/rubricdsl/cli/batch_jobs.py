"""``rubric eval R many.csv|many.jsonl --jobs N``: the same rows, scored in N worker processes.

The parent reads the CSV header, then only cuts the file's bytes into runs of whole lines that start and end
where records do (:func:`rubricdsl.inputs.chunks.byte_runs`: a few C calls per line, no decoding); each worker
decodes its run (:func:`rubricdsl.inputs.lines.chunk_lines`), reads its records with the readers a single
process uses, scores them, formats their rows with the same :class:`RowWriter` and sends back the text.  What
crosses the process boundary is bytes one way and text the other, never rows or results (pickling those cost
as much as scoring them).  The parent writes the runs' text in file order, so the output is byte for byte the
output of ``--jobs 1`` (tests/cli/test_batch_jobs.py) and still goes through the caller's atomic output.  A
file whose lines may end in a lone CR is cut after decoding instead (:func:`~rubricdsl.inputs.chunks.csv_chunks`).

Forked workers (where the platform forks) use the parent's compiled rubric as it is, its fast path generated
before the fork; a spawned one rebuilds the
rubric from its source text and checks the rebuilt rubric's hash against the parent's, so it scores exactly the
rubric the parent compiled.  At most ``2 × N`` runs are in flight, so memory stays flat for any number of projects.
Workers ignore SIGINT (Ctrl-C in a terminal reaches the whole process group: the parent decides) and are
terminated whenever the parent stops early: Ctrl-C, SIGTERM (unwound as an exit here, as the atomic output
does), an error; a worker whose parent died finds its task pipe closed and exits.
"""

from __future__ import annotations

import io
import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from typing import IO, Any

from rubricdsl.cli.batch import SHOWN_PROBLEMS, BatchCounts, score_records
from rubricdsl.cli.batch_cells import cells_places, clean_rows
from rubricdsl.compiled import CompiledRubric, compile_source
from rubricdsl.inputs.chunks import ByteRun, byte_runs, csv_chunks, line_chunks
from rubricdsl.inputs.lines import FileShape, chunk_lines, over_cap, read_lines
from rubricdsl.inputs.records import CsvHeader, Line, read_csv_body, read_csv_header, read_jsonl
from rubricdsl.outputs.atomic import terminate_as_exit
from rubricdsl.outputs.rows import RowWriter, writer_for
from rubricdsl.reading.source import SourceFile

CHUNK_LINES = 2000  # lines per run (lone-CR files): big enough that a run's text costs little to send
CHUNK_BYTES = 1 << 18  # bytes per run: ~1,000 rows of 30 cells; a few runs in flight keep memory flat


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
    encoding: str = "utf-8"  # the file's, for runs sent as bytes


@dataclass(frozen=True)
class RunResult:
    """One run's rows as text, and what the parent counts."""

    text: str
    counts: BatchCounts


class RubricMismatch(RuntimeError):
    """A worker rebuilt a different rubric from the source it was sent (a bug, never the user's input)."""


_worker: tuple[CompiledRubric, WorkerSetup] | BaseException | None = None
_forked_from: CompiledRubric | None = None  # the parent's rubric, set just before it forks its workers


def _start_worker(setup: WorkerSetup) -> None:
    """Take the parent's rubric (forked) or rebuild it (spawned); a failure is kept and raised by the first run
    (a Pool whose initializer raises restarts the worker for ever instead of reporting it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not inherit the parent's unwinding
    global _worker
    try:
        if _forked_from is not None and _forked_from.sha256 == setup.sha256:
            _worker = (_forked_from, setup)  # the very object the parent compiled: no second compilation
            return
        compiled = compile_source(SourceFile(setup.source_name, setup.source_text))
        if compiled.sha256 != setup.sha256:
            raise RubricMismatch(f"rebuilt rubric hash {compiled.sha256} != {setup.sha256}")
        compiled._generate_fast_path()
        _worker = (compiled, setup)
    except Exception as error:
        _worker = error


SentLine = tuple[int, str | None, Any]  # a Line as sent: a tuple pickles ~5 times faster than a slotted object


def score_run(sent: list[SentLine]) -> RunResult:
    """Read, score and format one run of lines in a worker started by :func:`_start_worker`."""
    compiled, setup = _started()
    return score_lines(compiled, setup, iter([Line(*line) for line in sent]))


def score_bytes(run: ByteRun) -> RunResult:
    """Decode, read, score and format one run of whole lines (:func:`byte_runs`) in a worker."""
    compiled, setup = _started()
    first, data = run
    if data is None:  # one line over the cap, never read into memory: reported as read_lines reports it
        return score_lines(compiled, setup, iter([over_cap(first, setup.encoding)]))
    return score_lines(compiled, setup, chunk_lines(data, first, setup.encoding))


def _started() -> tuple[CompiledRubric, WorkerSetup]:
    if not isinstance(_worker, tuple):
        raise _worker if _worker is not None else RubricMismatch("worker not started")
    return _worker


def score_lines(compiled: CompiledRubric, setup: WorkerSetup, lines: Iterator[Line]) -> RunResult:
    declared = frozenset(compiled.schema.specs)
    text = io.StringIO()
    writer = writer_for(compiled, text, setup.kind, setup.lang, excel=setup.excel, header=False)
    counts = BatchCounts()
    if setup.header is not None:
        records = read_csv_body(lines, setup.header, declared, clean_rows(compiled, writer, counts)(setup.header))
    else:
        records = read_jsonl(lines, declared)
    score_records(compiled, records, writer, counts)
    return RunResult(text.getvalue(), counts)


def score_in_workers(
    compiled: CompiledRubric,
    handle: IO[bytes],
    shape: FileShape,
    *,
    csv_rename: Callable[[str], str | None] | None,
    headers: list[CsvHeader],
    writer: RowWriter,
    counts: BatchCounts,
    jobs: int,
    settings: tuple[str, str, bool],
    consumed: list[int] | None = None,
    on_start: Callable[[], None] | None = None,
    on_run: Callable[[], None] | None = None,
    chunk_lines: int | None = None,
    chunk_bytes: int | None = None,
    start_method: str | None = None,
) -> None:
    """Score the file of ``handle`` (at its start; ``shape`` from :func:`survey`) in ``jobs`` processes, writing
    each run's rows in order.

    ``settings`` is the output's (kind, language, excel); ``consumed`` counts the bytes read; ``on_start`` runs
    once the workers exist (a progress bar's thread starts there, after the fork), ``on_run`` after each run is
    written."""
    declared = frozenset(compiled.schema.specs)
    read = [0]  # the number of the last line read before the runs start
    lines = _numbered(read_lines(handle, shape, consumed if consumed is not None else [0]), read)
    header: CsvHeader | None = None
    if csv_rename is not None:
        header = read_csv_header(lines, declared, csv_rename)
        if header is None:
            return
        headers.append(header)
    task: Callable[[Any], RunResult]
    runs: Iterator[Any]
    if shape.cr_lines:  # lines are cut after decoding: a CR may end one
        size = chunk_lines or CHUNK_LINES
        task, runs = score_run, _sent(csv_chunks(lines, size) if header is not None else line_chunks(lines, size))
    else:  # read_lines has read the header's lines and no more: the handle is at the first run's first byte
        size = chunk_bytes or CHUNK_BYTES
        csv = header is not None
        task, runs = score_bytes, byte_runs(handle, read[0] + 1, size, shape.encoding, csv=csv, consumed=consumed)
    source = compiled.source
    setup = WorkerSetup(source.name, source.text, compiled.sha256, *settings, header, shape.encoding)
    method = start_method or _start_method()
    if method == "fork":  # generated here, once: a forked worker then scores its first row on the fast path
        compiled._generate_fast_path()
        places = cells_places(compiled, header) if header is not None else None
        if places is not None:
            compiled._cells_path(places)  # and the header's row function (batch_cells), kept on the rubric
    context = multiprocessing.get_context(method)
    global _forked_from
    with terminate_as_exit():
        _forked_from = compiled if method == "fork" else None
        try:
            pool = context.Pool(jobs, initializer=_start_worker, initargs=(setup,))
        finally:
            _forked_from = None
        try:
            if on_start is not None:
                on_start()
            _feed(pool, task, runs, writer, counts, 2 * jobs, on_run)
            pool.close()
        finally:
            pool.terminate()  # every worker, whether it finished or not; no orphan survives the parent
            pool.join()


def _numbered(lines: Iterator[Line], read: list[int]) -> Iterator[Line]:
    for line in lines:
        read[0] = line.number
        yield line


def _sent(runs: Iterator[list[Line]]) -> Iterator[list[SentLine]]:
    for run in runs:
        yield [(line.number, line.text, line.problem) for line in run]


def _feed(
    pool: Pool,
    task: Callable[[Any], RunResult],
    runs: Iterator[Any],
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
        pending.append(pool.apply_async(task, (run,)))
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
    """``fork`` where the platform has it and this process runs one thread (a worker starts in milliseconds and
    reuses the compiled rubric), else ``forkserver`` or ``spawn``, whose workers rebuild the rubric from its
    source and check its hash.

    A process with other threads (an embedding service, a Spark or database driver's threads) must not fork: a
    lock another thread holds at that instant (the import lock, a logging or stream lock) stays held forever in
    the child, and the worker hangs on its first use."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"
