"""Start-up time: `rubric --version` and `import rubricdsl`, median of N fresh processes.

    python bench/startup.py [--runs 21]

Also lists the modules that cost the most to import (``python -X importtime``), so a slow start can be
traced to its cause.  Writes the "startup" section of bench/results.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report


def wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
        "`rubric check seed.rubric`": [
            rubric,
            "check",
            str(report.RESULTS.parent.parent / "rubrics" / "xiangtan-sme-2021.rubric"),
        ],
    }
    rows = []
    for label, command in commands.items():
        seconds = wall(command, args.runs)
        rows.append(f"| {label} | {seconds * 1000:.0f} ms |")
        print(rows[-1], file=sys.stderr)
    heavy = heaviest_imports("import rubricdsl.cli")
    text = "\n".join(
        [
            "## Start-up",
            "",
            f"{report.now()}; median wall time of {args.runs} fresh processes each.",
            "",
            "| command | median |",
            "|---|---:|",
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
