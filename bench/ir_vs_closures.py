"""The IR interpreter against the closure evaluator, side by side in one process.

    python bench/ir_vs_closures.py [--rounds 7] [--count 10000]

All score the same pre-converted fact sets (the seed's 10,000 and a 200-indicator synthetic rubric's 2,000),
so the ratio is of the evaluators alone: ``Program.run`` (closures over the AST), ``Interpreter.run`` (closures
over the IR) and ``GeneratedInterpreter.run`` (the interpreter with each indicator's body generated from the
IR).  A second row times the whole ``evaluate`` path up to a result (facts conversion and steps included,
explanations not built) for the closures, the IR interpreter and the generated bodies.  Each rubric is timed
on its clean fact sets and on the same sets with one fact dropped (the cases the fast path leaves to
``evaluate_closures``).  Before timing, every run record is checked
equal.  Rounds rotate the contenders; the table gives median rates and ratios to the closures.  Prints the
table (Markdown); does not write bench/results.md.
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
from rubricdsl.ir.codegen import GeneratedInterpreter
from rubricdsl.ir.record import IRScoring
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


def _median_rates(contenders: list[Callable[[], None]], count: int, rounds: int) -> list[float]:
    rates: list[list[float]] = [[] for _ in contenders]
    for round_number in range(rounds):
        for offset in range(len(contenders)):
            which = (round_number + offset) % len(contenders)
            rates[which].append(_rate(contenders[which], count))
    return [statistics.median(found) for found in rates]


def compare(name: str, rubric: rubricdsl.CompiledRubric, facts: list[dict[str, Any]], rounds: int) -> list[str]:
    through_ir = IRScoring(rubric.checked)
    generated = IRScoring(rubric.checked)
    generated.interpreter = GeneratedInterpreter(through_ir.program)
    inputs = _converted(rubric, facts)
    for values, not_applicable, invalid in inputs:  # equal before timed
        reference = record(rubric, rubric.program.run(values, not_applicable, invalid))
        assert record(rubric, through_ir.run(values, not_applicable, invalid)) == reference
        assert record(rubric, generated.run(values, not_applicable, invalid)) == reference

    def over(run: Callable[..., Any]) -> Callable[[], None]:
        def work() -> None:
            for values, not_applicable, invalid in inputs:
                run(values, not_applicable, invalid)

        return work

    def closures_evaluate() -> None:
        for item in facts:
            rubric._evaluate_run(rubric.program.run, item).scores()

    def interpreted_evaluate() -> None:
        for item in facts:
            rubric._evaluate_run(through_ir.run, item).scores()

    def generated_evaluate() -> None:
        for item in facts:
            rubric._evaluate_run(generated.run, item).scores()

    closures, interpreter, codegen = _median_rates(
        [over(rubric.program.run), over(through_ir.interpreter.run), over(generated.run)], len(facts), rounds
    )
    evaluate_closures, evaluate_ir, evaluate_generated = _median_rates(
        [closures_evaluate, interpreted_evaluate, generated_evaluate], len(facts), rounds
    )
    return [
        f"| {name} | run | {closures:,.0f} | {interpreter:,.0f} ({interpreter / closures:.2f}×) "
        f"| {codegen:,.0f} ({codegen / closures:.2f}×) |",
        f"| {name} | evaluate | {evaluate_closures:,.0f} | {evaluate_ir:,.0f} ({evaluate_ir / evaluate_closures:.2f}×) "
        f"| {evaluate_generated:,.0f} ({evaluate_generated / evaluate_closures:.2f}×) |",
    ]


def _one_dropped(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Unclean fact sets: each with one fact left out in turn (F401, and E301 or not applicable where read)."""
    dropped = []
    for position, item in enumerate(facts):
        names = sorted(item)
        left_out = names[position % len(names)] if names else None
        dropped.append({key: value for key, value in item.items() if key != left_out})
    return dropped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    seed = rubricdsl.load(SEED_RUBRIC)
    synth = synth_rubric(200, seed=7, rounding=True)
    rng = random.Random(1)
    synth_facts = [synth.facts(rng) for _ in range(max(1, args.count // 5))]
    synthetic = rubricdsl.loads(synth.text)
    seed_facts = fact_sets(args.count)
    seed_name = f"seed (xiangtan, {len(seed.checked.indicators)} indicators)"
    rows = [
        "| rubric | what | closures /s | IR interpreter /s (× closures) | IR codegen /s (× closures) |",
        "|---|---|---:|---:|---:|",
        *compare(seed_name, seed, seed_facts, args.rounds),
        *compare(f"{seed_name}, one fact dropped", seed, _one_dropped(seed_facts), args.rounds),
        *compare("synthetic, 200 indicators", synthetic, synth_facts, args.rounds),
        *compare("synthetic, 200 indicators, one fact dropped", synthetic, _one_dropped(synth_facts), args.rounds),
    ]
    print("\n".join(rows))


if __name__ == "__main__":
    main()
