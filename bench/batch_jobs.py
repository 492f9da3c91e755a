"""CSV → CSV through the Python CLI: ``--jobs 2`` against the single-process CLI, ratios in one run.

    python bench/batch_jobs.py [--rows 100000] [--rounds 3] [--baseline-src DIR]

Contenders, in alternating rounds, each a fresh ``python -m rubricdsl eval seed.rubric projects.csv -o out.csv``
(start-up and compiling the rubric included): the single-process CLI of ``--baseline-src`` (a ``src`` folder of
another checkout, e.g. ``git archive <commit> src | tar -x -C DIR``; default: this checkout), this checkout with
``--jobs 1`` and with ``--jobs 2``.  Every output is checked byte-identical to the baseline's before any number is
printed.  Reported: median wall time, rows/s, the ratio to the baseline, and the CPU seconds the run used (its
own and its workers'), which shows how much of the machine a run got: on a loaded machine the ``--jobs 2`` wall
ratio is bounded by the CPU the other processes leave.  Writes the "batch_jobs" section of bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report
from batch_memory import write_csv
from workload import SEED_RUBRIC

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline-src", type=Path, default=ROOT / "src")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "projects.csv"
        write_csv(data, args.rows)
        contenders = {
            "single-process CLI (baseline)": ([], str(args.baseline_src.resolve())),
            "`--jobs 1`": (["--jobs", "1"], str(ROOT / "src")),
            "`--jobs 2`": (["--jobs", "2"], str(ROOT / "src")),
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
        outputs: dict[str, bytes] = {}
        for round_number in range(args.rounds):
            for name, (extra, source) in contenders.items():
                out = Path(scratch) / f"out-{len(outputs)}.csv"
                env = {**os.environ, "PYTHONPATH": source}
                command = [sys.executable, "-m", "rubricdsl", "eval", str(SEED_RUBRIC), str(data), "-o", str(out)]
                times[name].append(timed([*command, *extra], env))
                if round_number == 0:
                    outputs[name] = out.read_bytes()
                out.unlink()
        baseline_output = outputs["single-process CLI (baseline)"]
        for name, output in outputs.items():
            assert output == baseline_output, f"{name} wrote other bytes than the baseline"
    load = os.getloadavg()
    base = statistics.median(wall for wall, _ in times["single-process CLI (baseline)"])
    rows = []
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        rows.append(
            f"| {name} | {wall:.2f} s | {args.rows / wall:,.0f} | {base / wall:.2f}× | {cpu:.2f} s | {cpu / wall:.2f} |"
        )
        print(rows[-1], file=sys.stderr)
    text = "\n".join(
        [
            "## Batch CSV → CSV: `--jobs 2` against the single-process CLI",
            "",
            f"{report.now()}; {args.rows:,} seed projects (`bench/batch_memory.write_csv`: every cell text), "
            f"median of {args.rounds} alternating rounds, each a fresh `python -m rubricdsl eval seed.rubric "
            "projects.csv -o out.csv` (start-up and compilation included); every output byte-identical to the "
            f"baseline's. Baseline: the single-process CLI of `{args.baseline_src}`. *CPU used / wall* is the "
            "cores a run actually got (2.0 would be both): "
            f"**the machine was shared and loaded** (load average {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f} "
            f"on {os.cpu_count()} cores when the run ended), so compare the ratios, not the absolute rates.",
            "",
            "| contender | wall | rows/s | ÷ baseline | CPU used | CPU used / wall |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    print(text)
    report.write_section("batch_jobs", text)


if __name__ == "__main__":
    main()
