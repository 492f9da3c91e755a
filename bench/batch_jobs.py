"""CSV → CSV through the Python CLI: ``--jobs 2`` against the single-process CLI, ratios in one run.

    python bench/batch_jobs.py [--rows 100000] [--rounds 3] [--baseline-commit 32c0b18 | --baseline-src DIR]

Contenders, in alternating rounds, each a fresh ``python -m rubricdsl eval seed.rubric projects.csv -o out.csv``
(start-up and compiling the rubric included): the single-process CLI of the baseline, this checkout with
``--jobs 1`` and with ``--jobs 2``.  The baseline is ``--baseline-commit`` (default 32c0b18, main as issue 13's
batch work started), extracted by ``git archive <commit> src grammar`` into a scratch folder, or the ``src``
folder of another checkout given as ``--baseline-src``.  Every output is checked byte-identical to the
baseline's before any number is printed.  Reported: median wall time, rows/s, the ratio to the baseline, and
the CPU seconds the run used (its own and its workers'), which shows how much of the machine a run got: on a
loaded machine the ``--jobs 2`` wall ratio is bounded by the CPU the other processes leave, so the load average
(``os.getloadavg``) is recorded as the run starts and as it ends, and the table says whether the machine was
quiet.  Writes the "batch_jobs" section of bench/results.md.
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
BASELINE_COMMIT = "32c0b18"


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
    parser.add_argument("--baseline-commit", default=BASELINE_COMMIT, help="a commit of this repository")
    parser.add_argument("--baseline-src", type=Path, help="the src folder of another checkout (instead of a commit)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as scratch:
        if args.baseline_src is None:
            args.baseline_src = report.extract_commit(args.baseline_commit, Path(scratch) / "baseline")
            baseline_name = f"commit {args.baseline_commit} (`git archive {args.baseline_commit} src grammar`)"
        else:
            baseline_name = f"`{args.baseline_src}`"
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
    base_cpu = statistics.median(cpu for _, cpu in times["single-process CLI (baseline)"])
    rows = []
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        rows.append(
            f"| {name} | {wall:.2f} s | {args.rows / wall:,.0f} | {base / wall:.2f}× | {cpu:.2f} s "
            f"| {base_cpu / cpu:.2f}× | {cpu / wall:.2f} |"
        )
        print(rows[-1], file=sys.stderr)
    cores = os.cpu_count() or 1
    # The load at the end counts this benchmark's own processes, so it cannot say whether others competed: the
    # share of a core the single-process baseline got can (1.0 when nothing else ran).
    share = base_cpu / base
    loads = (
        f"load average, as `uptime` gives it, {load_before[0]:.1f} as the run started, {load[0]:.1f}, "
        f"{load[1]:.1f}, {load[2]:.1f} as it ended (this benchmark's own processes included), on {cores} cores"
    )
    machine = (
        f"the machine was otherwise idle (the single-process baseline got {share:.2f} of a core; {loads})"
        if share >= 0.9 and load_before[0] < 1.0
        else f"**the machine was shared** (the single-process baseline got only {share:.2f} of a core; {loads}), "
        "so compare the ratios, not the absolute rates, and expect the `--jobs 2` wall ratio to be low: it needs "
        "both cores"
    )
    text = "\n".join(
        [
            "## Batch CSV → CSV: `--jobs 2` against the single-process CLI",
            "",
            f"{report.now()}; `python bench/batch_jobs.py --rows {args.rows} --rounds {args.rounds}`: "
            f"{args.rows:,} seed projects (`bench/batch_memory.write_csv`: every cell text), median of "
            f"{args.rounds} alternating rounds, each a fresh `python -m rubricdsl eval seed.rubric projects.csv "
            "-o out.csv` (start-up and compilation included); every output byte-identical to the baseline's. "
            f"Baseline: the single-process CLI of {baseline_name}. *CPU used* is the CPU seconds of the run and "
            "its workers (÷ baseline: how much less CPU the same rows took); *CPU used / wall* is the cores a run "
            f"actually got (2.0 would be both): {machine}.",
            "",
            "| contender | wall | rows/s | ÷ baseline (wall) | CPU used | ÷ baseline (CPU) | CPU used / wall |",
            "|---|---:|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    print(text)
    report.write_section("batch_jobs", text)


if __name__ == "__main__":
    main()
