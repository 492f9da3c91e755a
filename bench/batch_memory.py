"""Peak memory of streaming batch scoring: 10k, 100k and 1M fact sets, through the API and the CLI.

    python bench/batch_memory.py [--sizes 10000 100000 1000000]

Each measurement runs in a fresh process and reports its peak RSS (``ru_maxrss``): ``evaluate_many`` over
fact sets generated on the fly, and ``rubric eval seed.rubric projects.csv -o /dev/null`` over a CSV written
beforehand (cells are text, as a spreadsheet exports them).  Flat means the peak does not grow with N.
Writes the "batch" section of bench/results.md.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report
from workload import SEED_RUBRIC, _fact_set

BENCH = Path(__file__).resolve().parent

API_RUN = """
import random, resource, sys, time
sys.path.insert(0, {bench!r})
import rubricdsl
from workload import SEED_RUBRIC, _fact_set
rubric = rubricdsl.load(SEED_RUBRIC)
rng = random.Random(7)
count = {count}
start = time.perf_counter()
total = 0
for result in rubric.evaluate_many(_fact_set(rng, index) for index in range(count)):
    total += result.total
elapsed = time.perf_counter() - start
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, elapsed)
"""

CHILD_RSS = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, elapsed, done.returncode)
"""


def write_csv(path: Path, count: int) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        header: list[str] | None = None
        for index in range(count):
            facts = _fact_set(rng, index)
            if header is None:
                header = ["id", *facts]
                writer.writerow(header)
            cells = [f"P{index}"]
            for name in header[1:]:
                value = facts[name]
                if isinstance(value, bool):
                    cells.append("true" if value else "false")
                elif name == "satisfaction":
                    cells.append(f"{(value * 100).normalize():f}%")
                else:
                    cells.append(str(value))
            writer.writerow(cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    rubric_cli = Path(sys.executable).with_name("rubric")
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for count in args.sizes:
            api = subprocess.run(
                [sys.executable, "-c", API_RUN.format(bench=str(BENCH), count=count)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            data = Path(scratch) / f"projects-{count}.csv"
            write_csv(data, count)
            cli = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CHILD_RSS,
                    str(rubric_cli),
                    "eval",
                    str(SEED_RUBRIC),
                    str(data),
                    "-o",
                    "/dev/null",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            size_mb = data.stat().st_size / 1e6
            data.unlink()
            api_rss, api_seconds = int(api[0]) / 1024, float(api[1])
            cli_rss, cli_seconds = int(cli[0]) / 1024, float(cli[1])
            rows.append(
                f"| {count:,} | {api_rss:.1f} | {count / api_seconds:,.0f} | {cli_rss:.1f} | "
                f"{count / cli_seconds:,.0f} | {size_mb:.0f} MB | {cli[2]} |"
            )
            print(rows[-1], file=sys.stderr)
    text = "\n".join(
        [
            "## Batch scoring: peak memory is flat in the number of fact sets",
            "",
            f"{report.now()}. Each row is two fresh processes. *API*: `rubric.evaluate_many(generator)` reading "
            "`.total` of each result (fact sets generated on the fly). *CLI*: `rubric eval seed.rubric "
            "projects.csv -o /dev/null` (CSV written beforehand; every cell is text: `true`/`false`, "
            '`"94.9%"`, amounts) — start-up and rubric compilation included in its rate.',
            "",
            "| fact sets | API peak RSS (MB) | API evals/s | CLI peak RSS (MB) | CLI rows/s | CSV size | CLI exit |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    print(text)
    report.write_section("batch", text)


if __name__ == "__main__":
    main()
