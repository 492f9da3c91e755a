"""Hypothesis strategies for facts drawn from a compiled rubric's declared fact types."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from hypothesis import strategies as st

from rubricdsl.compiled import CompiledRubric
from rubricdsl.inputs.facts import FactSpec
from rubricdsl.syntax import nodes as n


def _bounded(spec: FactSpec, low: Decimal, high: Decimal) -> tuple[Decimal, Decimal]:
    for bound in spec.bounds:
        if bound.low is not None:
            low = max(low, bound.low.value)
        if bound.high is not None:
            high = min(high, bound.high.value)
    return low, high


def _value(spec: FactSpec) -> st.SearchStrategy[Any]:
    kind = spec.kind
    if kind is n.FactKind.BOOL:
        return st.sampled_from([True, False, "是", "否"])
    if kind is n.FactKind.ENUM:
        return st.sampled_from(spec.level_order)
    if kind is n.FactKind.COUNT:
        low, high = _bounded(spec, Decimal(0), Decimal(400))
        return st.integers(int(low), int(high))
    if kind is n.FactKind.PERCENT:
        low, high = _bounded(spec, Decimal(-1), Decimal(1))
        shares = st.decimals(low, high, places=4)
        return st.one_of(shares, shares.map(lambda share: f"{share * 100}%"))
    if kind is n.FactKind.MONEY:
        low, high = _bounded(spec, Decimal(0), Decimal(10_000_000))
        return st.decimals(low, high, places=2).map(lambda value: value / spec.scale)
    low, high = _bounded(spec, Decimal(-100), Decimal(100))
    return st.decimals(low, high, places=3)


def _kept(spec: FactSpec, value: Any) -> bool:
    return not _excluded(spec, value)


def _excluded(spec: FactSpec, value: Any) -> bool:
    """Open bounds (`> 0`) are drawn as closed: drop the endpoint."""
    if isinstance(value, str):
        return False
    return spec.broken_bound(Decimal(value) * (spec.scale if spec.kind is n.FactKind.MONEY else 1)) is not None


@st.composite
def fact_sets(draw: st.DrawFn, rubric: CompiledRubric) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for name, spec in rubric.schema.specs.items():
        if (spec.optional or spec.has_default) and draw(st.booleans()):
            continue
        value = draw(_value(spec).filter(partial(_kept, spec)))
        facts[name] = value
    ids = sorted(rubric.schema.indicator_ids)
    not_applicable = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
    if not_applicable:
        facts["not_applicable"] = not_applicable
    return facts
