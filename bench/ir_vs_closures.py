"""The IR interpreter against the closure evaluator, side by side in one process.

    python bench/ir_vs_closures.py [--rounds 7] [--count 10000]

Both score the same pre-converted fact sets (the seed's 10,000 and a 200-indicator synthetic rubric's 2,000),
so the ratio is of the evaluators alone (``Program.run`` against ``Interpreter.run``); a second pair times the
whole ``evaluate`` path up to a result (facts conversion and steps included, explanations not built).  Before
timing, every run record is checked equal.  Rounds alternate the two; the table gives the median rate and the
ratio IR / closures.  Prints the table (Markdown); does not write bench/results.md.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.ir.test_differential import record
from workload import SEED_RUBRIC, fact_sets

import rubricdsl
from rubricdsl.ir.legacy import IREvaluator
from rubricdsl.testing.synth import synth_rubric


def _converted(rubric: rubricdsl.CompiledRubric, facts: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    converted = []
    for item in facts:
        values, not_applicable, problems = rubric.schema.convert(item)
        invalid = frozenset(p.subject for p in problems if p.code != "F401" and p.subject)
        converted.append((values, not_applicable, invalid))
    return converted


def _rate(work: Callable[[], None], count: int) -> float:
    gc.collect()
    start = time.perf_counter()
    work()
    return count / (time.perf_counter() - start)


def compare(name: str, rubric: rubricdsl.CompiledRubric, facts: list[dict[str, Any]], rounds: int) -> list[str]:
    through_ir = IREvaluator(rubric)
    inputs = _converted(rubric, facts)
    for values, not_applicable, invalid in inputs:  # equal before timed
        reference = rubric.program.run(values, not_applicable, invalid)
        found = through_ir.legacy_run(through_ir.interpreter.run(values, not_applicable, invalid))
        assert record(found) == record(reference), name
    program_run, ir_run = rubric.program.run, through_ir.interpreter.run

    def closures() -> None:
        for values, not_applicable, invalid in inputs:
            program_run(values, not_applicable, invalid)

    def interpreted() -> None:
        for values, not_applicable, invalid in inputs:
            ir_run(values, not_applicable, invalid)

    def closures_evaluate() -> None:
        for item in facts:
            rubric.evaluate_closures(item).scores()

    def interpreted_evaluate() -> None:
        for item in facts:
            through_ir.evaluate(item).scores()

    rows = []
    for label, pair in (("run", (closures, interpreted)), ("evaluate", (closures_evaluate, interpreted_evaluate))):
        rates: tuple[list[float], list[float]] = ([], [])
        for round_number in range(rounds):
            order = (0, 1) if round_number % 2 == 0 else (1, 0)
            for which in order:
                rates[which].append(_rate(pair[which], len(facts)))
        closure_rate, ir_rate = statistics.median(rates[0]), statistics.median(rates[1])
        rows.append(f"| {name} | {label} | {closure_rate:,.0f} | {ir_rate:,.0f} | {ir_rate / closure_rate:.2f}× |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    seed = rubricdsl.load(SEED_RUBRIC)
    synth = synth_rubric(200, seed=7, rounding=True)
    rng = random.Random(1)
    synth_facts = [synth.facts(rng) for _ in range(max(1, args.count // 5))]
    rows = [
        "| rubric | what | closures /s | IR /s | IR / closures |",
        "|---|---|---:|---:|---:|",
        *compare(
            f"seed (xiangtan, {len(seed.checked.indicators)} indicators)", seed, fact_sets(args.count), args.rounds
        ),
        *compare("synthetic, 200 indicators", rubricdsl.loads(synth.text), synth_facts, args.rounds),
    ]
    print("\n".join(rows))


if __name__ == "__main__":
    main()
