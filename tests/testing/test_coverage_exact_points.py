"""`rubric test` coverage attributes a checklist with exact points (10/3) and a rule reading its target:
the replayed rule gives the IR's exact score, so every result is counted."""

from __future__ import annotations

import rubricdsl
from rubricdsl.testing.coverage import RubricCoverage

THIRDS = rubricdsl.loads(
    'rubric r "r" 20\nrounding indicators 2\nfact a: bool\nfact b: bool\nfact c: bool\nfact n: count\n'
    'indicator i "i" 10 { checklist: a -> 10/3; b -> 10/3; c -> 10/3 }\n'
    'indicator t "t" 10 {\n  target >= 500\n  proportional n against target\n}\n'
)


def test_partial_thirds_and_a_target_are_attributed() -> None:
    coverage = RubricCoverage(THIRDS, "r")
    assert coverage.record(THIRDS.evaluate({"a": True, "b": True, "c": False, "n": 450})) == []
    assert sorted(coverage.indicators["i"].covered) == [("item", 0), ("item", 1)]
    assert coverage.indicators["t"].covered == {("partial",)}
    assert coverage.record(THIRDS.evaluate({"a": False, "b": False, "c": True, "n": 500})) == []
    assert coverage.indicators["t"].covered == {("partial",), ("full",)}
