"""A compiled rubric is shared between threads: many threads scoring a *cold* rubric at once (racing to warm it
up and build its fast path, and to build the explainer) get exactly the results one thread gets.

The documented guarantee (docs/architecture.md, "Thread safety") is that a ``CompiledRubric`` is immutable
once built except for caches that are filled idempotently: two threads that fill the same cache compute equal
values, and either may win.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import rubricdsl

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "rubrics" / "xiangtan-sme-2021.rubric"
SEED_FACTS = ROOT / "rubrics" / "xiangtan-sme-2021.facts.json"
THREADS = 8
PER_THREAD = 60


def _fact_sets() -> list[dict[str, Any]]:
    base = json.loads(SEED_FACTS.read_text(encoding="utf-8"), parse_float=Decimal)
    base = {key: value for key, value in base.items() if not key.startswith("$")}
    sets = []
    for index in range(PER_THREAD):
        facts = dict(base)
        numeric = [key for key, value in base.items() if isinstance(value, (int, Decimal)) and value > 1]
        for position, key in enumerate(numeric):
            # vary the values so bands, deductions and failures differ between fact sets
            facts[key] = base[key] * Decimal(100 - (index * (position + 3)) % 40) / 100
        if index % 7 == 3:
            del facts[numeric[0]]  # an incomplete result: closure path, never the fast path
        sets.append(facts)
    return sets


def _summary(result: rubricdsl.EvaluationResult) -> tuple[Any, ...]:
    rows = tuple((item.id, item.score, item.status, item.branch, item.reason.zh) for item in result.indicators)
    return (result.total, result.grade, result.complete, tuple(result.scores().items()), rows)


def test_cold_rubric_shared_by_many_threads_scores_as_one_thread_does() -> None:
    fact_sets = _fact_sets()
    reference = [_summary(rubricdsl.load(SEED).evaluate(facts)) for facts in fact_sets]
    for _ in range(3):  # a fresh cold rubric each round: the race is at warm-up
        shared = rubricdsl.load(SEED)
        start = threading.Barrier(THREADS)

        def work(offset: int, shared: rubricdsl.CompiledRubric = shared, start: threading.Barrier = start) -> list[Any]:
            start.wait()
            order = fact_sets[offset:] + fact_sets[:offset]
            return [(fact_sets.index(facts), _summary(shared.evaluate(facts))) for facts in order]

        with ThreadPoolExecutor(THREADS) as pool:
            outcomes = list(pool.map(work, range(0, THREADS * 5, 5)))
        assert shared._fast_ready is not None and shared._fast_ready is shared._fast  # the race really ran
        for outcome in outcomes:
            for index, summary in outcome:
                assert summary == reference[index]
