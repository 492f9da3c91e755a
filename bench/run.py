"""Throughput, side by side in one process: rubricdsl's evaluation paths, the hand-written ceiling, the peers.

    python bench/run.py [--rounds 7] [--quick] [--no-peers]

Every contender is first checked to give the hand-written function's scores on all 10,000 fact sets (peers
that cannot be exact are reported with how far off they are).  Then rounds alternate: in each round every
contender scores its share of the fact sets, in a rotated order; the table reports the median evaluations per
second over the rounds and the ratio to the hand-written function on the same input style.  Writes the
"throughput" section of bench/results.md.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peers
import report
from workload import FACT_SETS, SEED_RUBRIC, STYLES, fact_sets, hand_scores, hand_scores_plain

import rubricdsl

Score = Callable[[dict[str, Any]], Any]


@dataclass
class Contender:
    name: str
    style: str
    run: Score
    share: int  # fact sets per round: slow contenders time a prefix of the workload
    note: str = ""
    rates: list[float] | None = None


def _scores_only(rubric: rubricdsl.CompiledRubric) -> Score:
    def run(facts: dict[str, Any]) -> Any:
        result = rubric.evaluate(facts)
        return result.total, result.scores()

    return run


def _explained(rubric: rubricdsl.CompiledRubric) -> Score:
    """The full explanation built: every IndicatorResult and SectionResult (their reasons not read)."""

    def run(facts: dict[str, Any]) -> Any:
        result = rubric.evaluate(facts)
        return result.total, result.scores(), result.indicators, result.sections

    return run


def _reasons(rubric: rubricdsl.CompiledRubric) -> Score:
    """The full explanation read: each indicator's reason text and the branch that decided it."""

    def run(facts: dict[str, Any]) -> Any:
        result = rubric.evaluate(facts)
        indicators = result.indicators
        for item in indicators:
            item.reason  # noqa: B018 - formatted on first access: reading it is what is timed
            item.branch  # noqa: B018
        return result.total, result.scores(), indicators, result.sections

    return run


def _closures(rubric: rubricdsl.CompiledRubric) -> Score:
    def run(facts: dict[str, Any]) -> Any:
        result = rubric.evaluate_closures(facts)
        return result.total, result.scores()

    return run


def _as_scores(output: Any) -> dict[str, Any]:
    if isinstance(output, tuple):
        return dict(output[1])
    return dict(output)


def verify(contender: Contender, workloads: dict[str, list[dict[str, Any]]], expected: list[dict[str, Any]]) -> str:
    """'exact' when every score equals the hand-written one; otherwise how many differ and by how much."""
    differing, worst = 0, Decimal(0)
    for facts, want in zip(workloads[contender.style], expected, strict=True):
        got = _as_scores(contender.run(facts))
        if got != want:
            differing += 1
            for ident, value in want.items():
                have = got[ident]
                have = Decimal(repr(have)) if isinstance(have, float) else Decimal(have)
                worst = max(worst, abs(have - value))
    if not differing:
        return "exact on all fact sets"
    return f"differs on {differing} of {len(expected)} fact sets (largest gap {worst:.2E})"


def time_round(contender: Contender, facts: list[dict[str, Any]]) -> float:
    run, chunk = contender.run, facts[: contender.share]
    gc.collect()
    start = time.perf_counter()
    for item in chunk:
        run(item)
    return len(chunk) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="1,000 fact sets, 3 rounds, no write")
    parser.add_argument(
        "--no-peers", action="store_true", help="rubricdsl and the hand-written function only (no write)"
    )
    args = parser.parse_args()
    count = 1_000 if args.quick else FACT_SETS
    rounds = 3 if args.quick else args.rounds
    workloads = {style: fact_sets(count, style) for style in STYLES}
    rubric = rubricdsl.load(SEED_RUBRIC)

    contenders: list[Contender] = []
    for style in STYLES:
        contenders.append(Contender(f"hand-written Decimal function ({style})", style, hand_scores, count))
        contenders.append(
            Contender(f"hand-written, default 28-digit context ({style})", style, hand_scores_plain, count)
        )
    for style in STYLES:
        contenders.append(
            Contender(f"rubricdsl `evaluate` → total + scores() ({style})", style, _scores_only(rubric), count)
        )
    for style in ("decimal", "json"):
        contenders.append(
            Contender(f"rubricdsl `evaluate` + `.indicators` + `.sections` ({style})", style, _explained(rubric), count)
        )
        contenders.append(
            Contender(
                f"rubricdsl `evaluate` + `.indicators` + each `.reason`, `.branch` ({style})",
                style,
                _reasons(rubric),
                count,
            )
        )
    contenders.append(
        Contender("rubricdsl closure back end → total + scores() (decimal)", "decimal", _closures(rubric), count // 5)
    )
    missing: list[str] = []
    for name, (style, build, note) in () if args.no_peers else peers.PEERS.items():
        try:
            contenders.append(
                Contender(name, style, build(), count // 10 if name != "cel-python" else count // 50, note)
            )
        except ImportError:
            missing.append(name)

    expected = [hand_scores(facts) for facts in workloads["decimal"]]
    checks = {}
    for contender in contenders:
        checks[contender.name] = verify(contender, workloads, expected)
        print(f"checked {contender.name}: {checks[contender.name]}", file=sys.stderr)

    for contender in contenders:
        contender.rates = []
    for round_index in range(rounds):
        order = contenders[round_index % len(contenders) :] + contenders[: round_index % len(contenders)]
        for contender in order:
            assert contender.rates is not None
            contender.rates.append(time_round(contender, workloads[contender.style]))
        print(f"round {round_index + 1}/{rounds} done", file=sys.stderr)

    def median_of(name: str) -> float:
        return statistics.median(next(c for c in contenders if c.name == name).rates or [0])

    exact = {style: median_of(f"hand-written Decimal function ({style})") for style in STYLES}
    plain = {style: median_of(f"hand-written, default 28-digit context ({style})") for style in STYLES}
    rows = []
    for contender in contenders:
        rate = statistics.median(contender.rates or [0])
        rows.append(
            f"| {contender.name} | {rate:,.0f} | {rate / exact[contender.style]:.3f} | "
            f"{rate / plain[contender.style]:.3f} | {contender.share:,} "
            f"| {checks[contender.name]}{'; ' + contender.note if contender.note else ''} |"
        )
    lines = [
        "## Throughput: the seed rubric (21 indicators), one process, alternating rounds",
        "",
        f"{report.now()}; {count:,} fact sets; {rounds} rounds, median evaluations/second per contender. "
        "*ratio (exact)* = contender ÷ the hand-written function that gives identical scores (50-digit "
        "divisions), on the same input style; *ratio (28-digit)* = contender ÷ the same function with plain "
        "operators in Python's default context (faster; its pro-rata deductions differ in the last digits). "
        "Slow contenders time a prefix of the workload each round (*sets/round*); every contender is checked "
        "on all fact sets first. Input styles: *decimal* = ints/Decimals/bools; *json* = `json.loads` of the "
        'facts (ints, bools, `"94.9%"`); *json-float* = the share as a JSON number (a float).',
        "",
        "| contender | evals/s | ratio (exact) | ratio (28-digit) | sets/round | scores |",
        "|---|---:|---:|---:|---:|---|",
        *rows,
        "",
        "Versions: " + ", ".join(f"{pkg} {report.version(pkg)}" for pkg in ("rubricdsl", *peers.PACKAGES.values())),
    ]
    if missing:
        lines.append(f"Not installed (run `pip install -r bench/requirements.txt`): {', '.join(missing)}.")
    text = "\n".join(lines)
    print(text)
    if not args.quick and not args.no_peers:
        report.write_section("machine", f"Machine: {report.machine()}.")
        report.write_section("throughput", text)


if __name__ == "__main__":
    main()
