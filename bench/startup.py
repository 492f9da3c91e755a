"""Start-up time: `rubric --version` and `import rubricdsl`, median of N fresh processes.

    python bench/startup.py [--runs 21]

Also lists the modules that cost the most to import (``python -X importtime``), so a slow start can be
traced to its cause.  Writes the "startup" section of bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report


def wall(command: list[str], runs: int) -> tuple[float, float]:
    """Median (wall seconds, CPU seconds) of ``runs`` fresh processes; CPU time (user + system of the child)
    is what a loaded machine disturbs least."""
    times, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), statistics.median(cpus)


def heaviest_imports(code: str, count: int = 12) -> list[tuple[int, str]]:
    """(self microseconds, module) of the slowest imports, by their own time."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True)
    found = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        found.append((int(own), name.strip()))
    return sorted(found, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    rubric = str(Path(sys.executable).with_name("rubric"))
    commands = {
        "`python -c pass` (the interpreter alone)": [sys.executable, "-c", "pass"],
        "`python -c 'import rubricdsl'`": [sys.executable, "-c", "import rubricdsl"],
        "`rubric --version`": [rubric, "--version"],
        "`python -m rubricdsl --version` (no console-script wrapper)": [sys.executable, "-m", "rubricdsl", "--version"],
        "`rubric --help` (help kept from typer's last writing)": [rubric, "--help"],
        "`rubric eval --help` (the same)": [rubric, "eval", "--help"],
        "`rubric check seed.rubric`": [
            rubric,
            "check",
            str(report.RESULTS.parent.parent / "rubrics" / "xiangtan-sme-2021.rubric"),
        ],
    }
    for command in commands.values():  # once each first: the help screens are written and kept
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    interpreter = 0.0
    for label, command in commands.items():
        seconds, cpu = wall(command, args.runs)
        interpreter = interpreter or cpu
        rows.append(f"| {label} | {seconds * 1000:.0f} ms | {cpu * 1000:.0f} ms | {cpu / interpreter:.1f}× |")
        print(rows[-1], file=sys.stderr)
    heavy = heaviest_imports("import rubricdsl.cli")
    text = "\n".join(
        [
            "## Start-up",
            "",
            f"{report.now()}; median wall time of {args.runs} fresh processes each (after one run of each, which"
            " keeps the help screens); *÷ interpreter* is the ratio of CPU time to `python -c pass`'s in the same run."
            f" Load average when it ended: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores.",
            "",
            "| command | median wall | median CPU | ÷ interpreter (CPU) |",
            "|---|---:|---:|---:|",
            *rows,
            "",
            "Slowest imports of `rubric` (its own time, `python -X importtime -c 'import rubricdsl.cli'`): "
            + ", ".join(f"{name} {own / 1000:.1f} ms" for own, name in heavy)
            + ".",
        ]
    )
    print(text)
    report.write_section("startup", text)


if __name__ == "__main__":
    main()
