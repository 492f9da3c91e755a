"""How parse, check, lint, compile and evaluation grow with the number of indicators.

    python bench/scaling.py [--sizes 500 1000 2000 4000 8000] [--repeat 3]

Synthetic rubrics from :mod:`rubricdsl.testing.synth` (every rule form, nested sections, derived values,
vetoes).  Each phase is timed separately, best of ``--repeat``; the slope is a least-squares fit in seconds
per 1,000 indicators and *linearity* is time(N_max)/time(N_min) ÷ N_max/N_min (1.0 = linear, >1 = worse).
Then, at N=2,000, the front end (parse + check + lint) by each parse route, each against the reference route
(lark's tree with ``propagate_positions`` walked by the lowering transformer) in the same process, wall and
CPU time, with ``python -c pass`` as a yardstick of the machine's speed and the load average from ``uptime``.
Writes the "scaling" section of bench/results.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report

import rubricdsl
from rubricdsl.compiled import WARM_UP_EVALUATIONS, CompiledRubric
from rubricdsl.lint import lint_source
from rubricdsl.lint.config import LintConfig
from rubricdsl.lint.engine import lint_checked
from rubricdsl.reading.source import SourceFile
from rubricdsl.semantics import check
from rubricdsl.syntax import grammar
from rubricdsl.syntax.parse import collector_paused, parse_by_tree, parse_rubric
from rubricdsl.testing.synth import synth_rubric


def best(repeat: int, action: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def best_cpu(repeat: int, action: Callable[[], Any]) -> tuple[float, float]:
    """Best wall and best CPU seconds of ``repeat`` runs (CPU time is what a loaded machine disturbs least)."""
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return min(walls), min(cpus)


def parse_route(route: str) -> None:
    """Make parse_rubric take ``route``: "pure" (one pass on pure lark) or "cython" (one pass on lark-cython)."""
    if route == "pure":
        os.environ["RUBRICDSL_PURE_LARK"] = "1"
    else:
        os.environ.pop("RUBRICDSL_PURE_LARK", None)
    grammar.fast_parser.cache_clear()
    grammar.fast_parser()


def reference_front_end(source: SourceFile) -> None:
    """parse + check + lint with the reference parse route (lint_source's steps, parse_by_tree for parsing)."""
    rubric = parse_by_tree(source)
    with collector_paused():
        lint_checked(check(rubric, source), LintConfig())


def python_pass(runs: int = 7) -> float:
    """Median CPU seconds of a fresh `python -c pass`: the machine's speed, to compare runs on other machines."""
    cpus = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(cpus)


def front_end(size: int, repeat: int) -> list[str]:
    """The front end at ``size`` indicators by each parse route, as markdown lines."""
    synth = synth_rubric(size, seed=size)
    source = SourceFile(f"synth-{size}.rubric", synth.text)
    cython = grammar.cython_parser() is not None
    routes = ["pure", "cython"] if cython else ["pure"]
    rows: list[tuple[str, tuple[float, float]]] = []
    reference = best_cpu(repeat, lambda: parse_by_tree(source))
    rows.append(("parse, reference route (lark tree + `propagate_positions`, then lowered)", reference))
    for route in routes:
        parse_route(route)
        rows.append((f"parse, one pass on {_ROUTE_NAMES[route]}", best_cpu(repeat, lambda: parse_rubric(source))))
    parsed = parse_rubric(source)
    rows.append(("check", best_cpu(repeat, lambda: check(parsed, source))))
    checked = check(parsed, source)

    def lint_only() -> None:
        with collector_paused():
            lint_checked(checked, LintConfig())

    rows.append(("lint (the rules and range analysis, on the checked rubric)", best_cpu(repeat, lint_only)))
    whole_reference = best_cpu(repeat, lambda: reference_front_end(source))
    rows.append(("**parse + check + lint**, reference parse route", whole_reference))
    for route in routes:
        parse_route(route)
        found = best_cpu(repeat, lambda: lint_source(source))
        rows.append((f"**parse + check + lint** (`lint_source`), one pass on {_ROUTE_NAMES[route]}", found))
    parse_route("cython" if cython else "pure")
    load = os.getloadavg()
    lines = [
        "",
        f"### The front end at N={size:,}: parse + check + lint",
        "",
        f"Best of {repeat}, wall and CPU (`time.process_time`) seconds in one process; *÷ reference* divides by "
        "the same measure of the reference route's row above it (parse rows by the reference parse, whole rows by "
        f"the whole reference front end). Load average when measured (`uptime`): {load[0]:.2f}, {load[1]:.2f}, "
        f"{load[2]:.2f} on {os.cpu_count()} cores; a fresh `python -c pass` took {python_pass() * 1e3:.0f} ms "
        f"CPU. lark {report.version('lark')}, lark-cython {report.version('lark-cython')}.",
        "",
        "| step | wall | CPU | CPU ÷ reference |",
        "|---|---:|---:|---:|",
    ]
    for label, (wall, cpu) in rows:
        base = whole_reference if "parse + check + lint" in label else reference if label.startswith("parse") else None
        ratio = f"{cpu / base[1]:.2f}" if base is not None else ""
        lines.append(f"| {label} | {wall:.3f} s | {cpu:.3f} s | {ratio} |")
    return lines


_ROUTE_NAMES = {"pure": "pure lark", "cython": "lark-cython (the `fast` extra)"}


def fit(sizes: list[int], seconds: list[float]) -> tuple[float, float]:
    """Least-squares slope (s per 1,000 indicators) and linearity ratio."""
    xs = [size / 1000 for size in sizes]
    mean_x, mean_y = sum(xs) / len(xs), sum(seconds) / len(seconds)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, seconds, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    linearity = (seconds[-1] / seconds[0]) / (sizes[-1] / sizes[0])
    return slope, linearity


def measure(size: int, repeat: int) -> dict[str, float]:
    synth = synth_rubric(size, seed=size)
    source = SourceFile(f"synth-{size}.rubric", synth.text)
    parsed = parse_rubric(source)
    checked = check(parsed, source)
    compiled = CompiledRubric(checked)
    rng = random.Random(size)
    # No veto fires (the synthetic ones are otherwise 5 % likely each): every fact set takes the fast path.
    fact_sets = [
        {
            name: False if name.endswith("_veto") else value
            for name, value in synth.facts(rng, leave_out_optional=0).items()
        }
        for _ in range(20)
    ]
    for facts in fact_sets[:WARM_UP_EVALUATIONS]:
        compiled.evaluate(facts)  # past the warm-up: the fast path is generated
    found = {
        "parse": best(repeat, lambda: parse_rubric(source)),
        "check": best(repeat, lambda: check(parsed, source)),
        "parse + check": best(repeat, lambda: rubricdsl.loads(synth.text)),
        "generate fast path": best(repeat, lambda: CompiledRubric(checked)._fast),
        "evaluate (per fact set)": best(repeat, lambda: [compiled.evaluate(facts) for facts in fact_sets]) / 20,
        "closure evaluate (per fact set)": best(
            repeat, lambda: [compiled.evaluate_closures(facts) for facts in fact_sets]
        )
        / 20,
    }
    if lint_source is not None:
        found["parse + check + lint"] = best(repeat, lambda: lint_source(source))
    found["lines"] = synth.text.count("\n")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 4000, 8000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--front-end-size", type=int, default=2000)
    parser.add_argument("--front-end-only", action="store_true", help="print the front-end table, write nothing")
    args = parser.parse_args()
    if args.front_end_only:
        sys.setrecursionlimit(10_000)
        print("\n".join(front_end(args.front_end_size, max(args.repeat, 5))))
        return
    sys.setrecursionlimit(10_000)
    load_before = os.getloadavg()
    results = {}
    for size in args.sizes:
        results[size] = measure(size, args.repeat)
        print(size, {key: round(value, 5) for key, value in results[size].items()}, file=sys.stderr)
    phases = [phase for phase in next(iter(results.values())) if phase != "lines"]
    header = "| phase | " + " | ".join(f"N={size:,}" for size in args.sizes) + " | s per 1,000 | linearity |"
    rows = [header, "|---|" + "---:|" * (len(args.sizes) + 2)]
    for phase in phases:
        seconds = [results[size][phase] for size in args.sizes]
        slope, linearity = fit(args.sizes, seconds)
        unit = 1e3 if "per fact set" in phase else 1
        shown = " | ".join(f"{value * unit:.3f}{' ms' if unit != 1 else ' s'}" for value in seconds)
        rows.append(f"| {phase} | {shown} | {slope * unit:.4f}{' ms' if unit != 1 else ' s'} | {linearity:.2f} |")
    lines_row = " | ".join(f"{int(results[size]['lines']):,}" for size in args.sizes)
    rows.append(f"| (rubric lines) | {lines_row} | | |")
    load_after = os.getloadavg()
    notes = [
        "",
        f"Load average (`uptime`, 1/5/15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; after: "
        f"{', '.join(f'{x:.2f}' for x in load_after)}, on {os.cpu_count()} cores (wall times above swing with it).",
    ]
    text = "\n".join(
        [
            "## Scaling: synthetic rubrics of N indicators",
            "",
            f"{report.now()}; best of {args.repeat}; `rubricdsl.testing.synth.synth_rubric(N, seed=N)` (all eight "
            "rule forms, sections nested 4 wide with at most 8 indicators each, derived values, vetoes). "
            "*linearity* = (time at the largest N ÷ time at the smallest) ÷ (largest N ÷ smallest N): 1.00 is "
            "linear. Evaluation is per fact set (20 complete fact sets where no veto fires, after the warm-up that "
            "generates the fast path). *generate fast path* is the one-off code generation + `compile()`, paid "
            "at the third evaluation of a rubric.",
            "",
            *rows,
            *notes,
            *front_end(args.front_end_size, max(args.repeat, 5)),
        ]
    )
    print(text)
    report.write_section("scaling", text)


if __name__ == "__main__":
    main()
