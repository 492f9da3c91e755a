"""`--engine sql -o scores.xlsx` against `-o scores.parquet`, in one process: CPU time and Python memory.

    python bench/sql_xlsx.py [--rows 20000] [--repeat 3]

N clean seed projects (bench/sql.py's generator) are written as Parquet once; then, alternating, the same
scoring (one DuckDB thread) is written as Parquet (DuckDB's COPY) and as the 汇总 workbook (rows streamed from
DuckDB into openpyxl's write-only mode), each timed by the process's CPU time (``time.process_time``: every
thread, DuckDB's included), best of ``--repeat``.  Then the Python heap's peak while the workbook is written
(``tracemalloc``, a separate run, since tracing slows Python) for N/4 and for N rows: flat when no more than a
batch of rows is ever held as Python values.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from sql import SEED, projects  # noqa: E402  (bench/sql.py)

import rubricdsl  # noqa: E402
from rubricdsl.evaluate.sql.build import compile_sql  # noqa: E402
from rubricdsl.evaluate.sql.run import Source, attach, connect, score_to_file  # noqa: E402
from rubricdsl.outputs.xlsx_stream import SummaryStream  # noqa: E402


def score(facts: Path, output: Path, compiled: rubricdsl.CompiledRubric) -> None:
    connection = connect(1)
    attach(connection, Source.parse(str(facts)), "facts")
    sheet = SummaryStream(compiled, "id") if output.suffix == ".xlsx" else None
    score_to_file(connection, compile_sql(compiled), "facts", output, sheet)


def cpu(run: Callable[[], None]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def heap_peak(run: Callable[[], None]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compiled = rubricdsl.load(SEED)
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        for rows in (args.rows // 4, args.rows):
            pq.write_table(projects(rows), folder / f"facts{rows}.parquet")
        facts = folder / f"facts{args.rows}.parquet"
        best = {".parquet": float("inf"), ".xlsx": float("inf")}
        for _ in range(args.repeat):
            for suffix in best:  # alternated, so a change in the machine's load falls on both
                best[suffix] = min(best[suffix], cpu(partial(score, facts, folder / f"out{suffix}", compiled)))
        cells = args.rows * (5 + len(compiled.checked.indicators))
        print(f"{args.rows:,} projects, best CPU of {args.repeat}:")
        print(f"  parquet: {best['.parquet']:.2f} s")
        print(f"  xlsx:    {best['.xlsx']:.2f} s ({best['.xlsx'] / best['.parquet']:.1f}× parquet; "
              f"{best['.xlsx'] / cells * 1e6:.1f} µs a cell of {cells:,})")  # fmt: skip
        for rows in (args.rows // 4, args.rows):
            source = folder / f"facts{rows}.parquet"
            peak = heap_peak(partial(score, source, folder / "mem.xlsx", compiled))
            print(f"  Python heap peak writing {rows:,} rows to xlsx: {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
