"""JSON output of exact Decimals: the former placeholder encoder against render/json.dumps, in one process.

    python bench/json_encode.py [--rounds 5]

The former ``dumps`` wrote a placeholder string per Decimal and then replaced each one in the whole text:
quadratic in the number of Decimals.  Both encoders are run on the same data, alternating, and their outputs
are checked byte for byte before anything is timed.  Writes the "json_encode" section of bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report

import rubricdsl
from rubricdsl.inputs.files import read_facts_file
from rubricdsl.render.json import dumps


def former_dumps(data: Any, indent: int | None = 2) -> str:
    """render/json.dumps before issue 13 (kept here as the baseline)."""
    placeholders: dict[str, str] = {}

    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            key = f"\x00{len(placeholders)}\x00"
            placeholders[key] = format(value, "f")
            return key
        raise TypeError(f"cannot serialise {type(value).__name__}")

    text = json.dumps(data, ensure_ascii=False, indent=indent, default=default)
    for key, literal in placeholders.items():
        text = text.replace(json.dumps(key), literal, 1)
    return text


def workloads() -> dict[str, Any]:
    root = Path(__file__).resolve().parent.parent / "rubrics"
    rubric = rubricdsl.load(root / "xiangtan-sme-2021.rubric")
    result = rubric.evaluate(read_facts_file(root / "xiangtan-sme-2021.facts.json"))
    return {
        "1,000 Decimals (list of objects)": [{"score": Decimal(i) / 8} for i in range(1_000)],
        "10,000 Decimals (list of objects)": [{"score": Decimal(i) / 8} for i in range(10_000)],
        "seed rubric result (`--format json`)": result.to_dict(numbers="json", lang="zh"),
    }


def best(encode: Callable[[Any], str], data: Any, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        encode(data)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for label, data in workloads().items():
        if dumps(data) != former_dumps(data):
            raise SystemExit(f"outputs differ on {label}")
        rounds = 1 if "10,000" in label else args.rounds  # the former takes seconds there
        old = best(former_dumps, data, rounds)
        new = best(dumps, data, args.rounds)
        rows.append(f"| {label} | {old * 1000:,.2f} ms | {new * 1000:,.2f} ms | {old / new:,.1f}× |")
        print(rows[-1], file=sys.stderr)
    text = "\n".join(
        [
            "## JSON encoding of exact Decimals (`render/json.dumps`)",
            "",
            f"{report.now()}; median of {args.rounds} runs (1 for the former encoder on 10,000 Decimals), "
            "one process; outputs checked byte-identical first.",
            "",
            "| data | former (placeholders) | now (one pass) | ratio former/now |",
            "|---|---:|---:|---:|",
            *rows,
        ]
    )
    report.write_section("json_encode", text)
    print(text)


if __name__ == "__main__":
    main()
