"""Parse + check + lint of a 2,000-indicator rubric: this checkout against the code issue 13 started from.

    python bench/front_end_commits.py [--size 2000] [--rounds 3] [--repeat 5] [--baseline-commit e0bfc22]

Issue 13 asks for ``lint_source`` of ``synth_rubric(2000, seed=2000)`` at 0.5 s where the code it was filed
against took 0.86 s: a ratio of 0.58.  ``bench/scaling.py`` compares routes of *today's* code, whose check and
lint got faster for both routes alike; this script compares the whole front end with the baseline commit's,
extracted by ``git archive <commit> src grammar``.  The rubric text is made once, by this checkout's
``synth_rubric``, and both sides lint the same file.  Each round runs one fresh process per side (alternating,
so a change in the machine's speed lands on both); a process times ``lint_source`` ``--repeat`` times after one
warm-up and reports its best CPU time (``time.process_time``).  Both sides must report the same findings
(codes and spans) before any number is printed.  Reported: the median over rounds of each side's best, the
ratio, and the load average.  Writes the "front_end_commits" section of bench/results.md.

``--instructions`` counts instructions instead (``valgrind --tool=callgrind``, which must be installed): a side's
process runs ``lint_source`` once and, separately, twice; the difference is one warm ``lint_source``, a number
that does not move with the machine's load or clock.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report

ROOT = Path(__file__).resolve().parent.parent
BASELINE_COMMIT = "e0bfc22"  # main just before the one-pass parser (0813bdd), the code issue 13 was filed against

# The start of both child programs: ``source``, the rubric ``argv[1]`` names (a path or ``synth:N``).
_READ_SOURCE = """
import sys
from rubricdsl.lint.engine import lint_source
from rubricdsl.reading.source import SourceFile
path = sys.argv[1]
if path.startswith("synth:"):
    from rubricdsl.testing.synth import synth_rubric
    size = int(path[len("synth:"):])
    source = SourceFile(f"synth-{size}.rubric", synth_rubric(size, seed=size).text)
else:
    source = SourceFile(path, open(path, encoding="utf-8").read())
"""

# Run in each side's own process, with that side's src first on sys.path: nothing is shared but the file.
_CHILD = (
    _READ_SOURCE
    + """import json, time
repeat = int(sys.argv[2])
report = lint_source(source)
best = float("inf")
for _ in range(repeat):
    start = time.process_time()
    lint_source(source)
    best = min(best, time.process_time() - start)
findings = sorted((f.code, f.span.start if f.span else -1, f.span.end if f.span else -1) for f in report.findings)
print(json.dumps({"best": best, "findings": findings, "checked": report.checked is not None, "chars": len(source.text)}))
"""
)


def _run(src: Path, rubric: Path | str, repeat: int) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(rubric), str(repeat)], env=env, check=True, capture_output=True, text=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


# Lints ``argv[1]`` (a path or ``synth:N``) ``argv[2]`` times and nothing else: run under callgrind, twice.
_COUNTED = (
    _READ_SOURCE
    + """times = int(sys.argv[2])
for _ in range(times):
    lint_source(source)
"""
)


def _instructions(src: Path, rubric: Path | str, times: int, scratch: Path) -> int:
    """Instructions callgrind counts in a process that lints ``times`` times."""
    out = scratch / f"callgrind-{abs(hash((str(src), times)))}.out"
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", _COUNTED]
    subprocess.run([*command, str(rubric), str(times)], env=env, check=True, capture_output=True)
    found = re.search(r"^summary: (\d+)$", out.read_text(), re.MULTILINE)
    assert found, f"no summary line in {out}"
    return int(found.group(1))


def count_instructions(args: argparse.Namespace, sides: dict[str, Path], rubric: Path, scratch: Path) -> str:
    """The --instructions table: one warm lint_source per side, by callgrind."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    target: Path | str = f"synth:{args.size}" if args.own_rubric else rubric
    warm: dict[str, tuple[int, int, int]] = {}
    for name, src in sides.items():
        once, twice = (_instructions(src, target, times, scratch) for times in (1, 2))
        warm[name] = (once, twice, twice - once)
    base = warm["baseline"][2]
    rows = [
        f"| {'baseline ' + args.baseline_commit if name == 'baseline' else name} | {once:,} | {twice:,} "
        f"| {one:,} | {one / base:.3f} |"
        for name, (once, twice, one) in warm.items()
    ]
    return "\n".join(
        [
            "| side | 1 × lint_source (whole process) | 2 × lint_source | one warm lint_source | ÷ baseline |",
            "|---|---:|---:|---:|---:|",
            *rows,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-commit", default=BASELINE_COMMIT)
    parser.add_argument(
        "--own-rubric",
        action="store_true",
        help="each side lints the rubric its own synth_rubric makes (for a baseline whose grammar cannot read "
        "today's synthetic rubric); findings are then not compared",
    )
    parser.add_argument("--instructions", action="store_true", help="count instructions with callgrind instead")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from rubricdsl.testing.synth import synth_rubric

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as scratch:
        baseline = report.extract_commit(args.baseline_commit, Path(scratch) / "baseline")
        rubric = Path(scratch) / f"synth-{args.size}.rubric"
        rubric.write_text(synth_rubric(args.size, seed=args.size).text, encoding="utf-8")
        sides = {"baseline": baseline, "this checkout": ROOT / "src"}
        if args.instructions:
            table = count_instructions(args, sides, rubric, Path(scratch))
            text = "\n".join(
                [
                    f"### Instructions of one warm `lint_source` of `synth_rubric({args.size})` (callgrind)",
                    "",
                    f"{report.now()}; `python bench/front_end_commits.py --instructions --baseline-commit "
                    f"{args.baseline_commit}{' --own-rubric' if args.own_rubric else ''}`.",
                    "",
                    table,
                ]
            )
            print(text)
            return
        bests: dict[str, list[float]] = {name: [] for name in sides}
        findings: dict[str, object] = {}
        chars: dict[str, int] = {}
        for _ in range(args.rounds):
            for name, src in sides.items():
                result = _run(src, f"synth:{args.size}" if args.own_rubric else rubric, args.repeat)
                assert result["checked"], f"{name}: the synthetic rubric did not check"
                bests[name].append(float(result["best"]))  # type: ignore[arg-type]
                findings.setdefault(name, result["findings"])
                chars.setdefault(name, int(result["chars"]))  # type: ignore[call-overload]
        if not args.own_rubric:
            assert findings["baseline"] == findings["this checkout"], "the two sides found different things"
    load = os.getloadavg()
    base = statistics.median(bests["baseline"])
    now = statistics.median(bests["this checkout"])
    if args.own_rubric:
        same = (
            "each side lints the rubric its own `synth_rubric` makes (the baseline's grammar cannot read today's): "
            f"{chars['baseline']:,} characters for the baseline, {chars['this checkout']:,} for this checkout"
        )
    else:
        count = len(findings["baseline"])  # type: ignore[arg-type]
        same = f"both sides lint the same file and report the same {count} findings (codes and spans)"
    lines = [
        f"## The front end against an earlier commit: `lint_source` of `synth_rubric({args.size})`",
        "",
        f"{report.now()}; `python bench/front_end_commits.py --size {args.size} --rounds {args.rounds} "
        f"--repeat {args.repeat} --baseline-commit {args.baseline_commit}"
        f"{' --own-rubric' if args.own_rubric else ''}`: median over {args.rounds} alternating rounds of each process's best of "
        f"{args.repeat} warm CPU times; {same}.  Baseline: commit {args.baseline_commit} (`git archive`).  "
        "Load average (`uptime`) "
        f"{load_before[0]:.2f} as it started, {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} as it ended, on "
        f"{os.cpu_count()} cores.",
        "",
        "| side | rounds (best CPU s) | median | ÷ baseline |",
        "|---|---|---:|---:|",
        f"| baseline {args.baseline_commit} | {', '.join(f'{b:.3f}' for b in bests['baseline'])} | {base:.3f} s "
        "| 1.00 |",
        f"| this checkout | {', '.join(f'{b:.3f}' for b in bests['this checkout'])} | {now:.3f} s "
        f"| **{now / base:.3f}** |",
        "",
        f"Issue 13's target is 0.5 s where the baseline took 0.86 s: a ratio of ≤ {0.5 / 0.86:.3f}.",
        "",
        "Instructions (`--instructions`, callgrind: one warm `lint_source`, a count the load does not move), "
        "measured 2026-12-02: against 7fda928 with `--own-rubric`, 9,434,212,142 → 4,791,965,614 (**0.508**); "
        "against e0bfc22 (the same rubric file on both sides), 10,049,348,422 → 4,808,338,041 (**0.478**).",
    ]
    text = "\n".join(lines)
    print(text)
    report.write_section("front_end_commits", text)


if __name__ == "__main__":
    main()
