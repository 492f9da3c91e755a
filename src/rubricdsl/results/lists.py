"""Explaining aggregates over list facts: their values on recorded facts, and the items that decided them.

A reason that reads ``count(funds where paid_on > due)`` says which 专项 were late, by name: each aggregate an
indicator reads (in its rule or in the derived values it reads) is stated as the items its condition held for
(``all``: the items it failed for, which are what kept it from holding), each named by its ``name`` field or
else its first text field, else its position.  The condition is evaluated by the IR's own closures
(:mod:`rubricdsl.ir.closures`) on the facts the evaluation recorded, so the items listed are the ones the score
was computed from.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.closures import ITEM_KEY, compile_expr
from rubricdsl.ir.expressions import ExprLowering
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.dates import day_of
from rubricdsl.syntax.nodes.walk import subexpressions

Env = Mapping[str, Any]
MAX_NAMED = 20  # items named in one reason; the rest are counted


def list_fields(checked: CheckedRubric) -> dict[str, frozenset[str]]:
    return {
        name: frozenset(field.name for field in decl.type.fields)
        for name, decl in checked.facts.items()
        if decl.type.kind is n.FactKind.LIST
    }


def date_fields(checked: CheckedRubric) -> dict[str, frozenset[str]]:
    """Each list fact's date fields, whose day numbers a caller reads as days."""
    return {
        name: frozenset(field.name for field in decl.type.fields if field.type.kind is n.FactKind.DATE)
        for name, decl in checked.facts.items()
        if decl.type.kind is n.FactKind.LIST
    }


def readable_items(items: tuple[Mapping[str, Any], ...], dates: frozenset[str]) -> tuple[dict[str, Any], ...]:
    """A list's items as a caller reads them: each date field the day itself, not its day number."""
    if not dates:
        return tuple(dict(item) for item in items)
    return tuple(
        {
            field: day_of(value) if field in dates and isinstance(value, Decimal) else value
            for field, value in item.items()
        }
        for item in items
    )


def has_aggregate(expr: n.Expr) -> bool:
    return any(isinstance(node, n.Aggregate) for node in subexpressions(expr, items=False))


def aggregates_in(exprs: Iterable[n.Expr]) -> list[n.Aggregate]:
    """Every aggregate over a list in ``exprs``, in written order, each once."""
    found: dict[int, n.Aggregate] = {}
    for expr in exprs:
        for node in subexpressions(expr, items=False):
            if isinstance(node, n.Aggregate):
                found.setdefault(node.span.start, node)
    return [found[start] for start in sorted(found)]


class ListExplainer:
    """Prepared once per rubric: the IR lowering of expressions, and each list's naming field and label."""

    def __init__(self, checked: CheckedRubric) -> None:
        self.checked = checked
        self.lists = list_fields(checked)
        self._lowering = ExprLowering(checked.source, frozenset(checked.facts), lists=self.lists)
        self._naming: dict[str, str | None] = {}
        for name, decl in checked.facts.items():
            if decl.type.kind is n.FactKind.LIST:
                texts = [field.name for field in decl.type.fields if field.type.kind is n.FactKind.TEXT]
                self._naming[name] = "name" if "name" in texts else (texts[0] if texts else None)

    def evaluator(self, expr: n.Expr) -> Callable[[Env], Any]:
        """``expr``'s value on recorded values, by the IR interpreter's closures (in the evaluation context)."""
        compiled = compile_expr(self._lowering.lower(expr))

        def value(env: Env) -> Any:
            with decimal.localcontext(CONTEXT):
                return compiled(dict(env), {})

        return value

    def decided(self, exprs: Iterable[n.Expr]) -> Callable[[Env], Text | None] | None:
        """The sentence naming the items that decided each aggregate in ``exprs``; None when there is none."""
        parts = [self._items_of(found) for found in aggregates_in(exprs) if found.items.ident in self.lists]
        stated = [part for part in parts if part is not None]
        if not stated:
            return None

        def sentence(env: Env) -> Text | None:
            texts = [text for text in (part(env) for part in stated) if text is not None]
            if not texts:
                return None
            return Text("; ".join(text.en for text in texts), "；".join(text.zh for text in texts))

        return sentence

    def _items_of(self, aggregate: n.Aggregate) -> Callable[[Env], Text | None] | None:
        if aggregate.where is None:
            return None  # every item counts alike: its number is the value itself
        name = aggregate.items.ident
        decl = self.checked.facts[name]
        label = decl.label or name
        written = " ".join(self.checked.source.snippet(aggregate.where.span).split())
        condition = compile_expr(self._lower_where(name, aggregate.where))
        wanted = aggregate.function != "all"  # `all` is decided by the items that fail its condition
        naming = self._naming.get(name)

        def stated(env: Env) -> Text | None:
            items = env.get(name)
            if not isinstance(items, tuple):
                return None
            scratch = dict(env)
            chosen: list[str] = []
            with decimal.localcontext(CONTEXT):
                for position, item in enumerate(items):
                    scratch[ITEM_KEY] = (position, item)
                    try:
                        held = bool(condition(scratch, {}))
                    except (EvalFailure, MissingName, ArithmeticError):
                        return None  # the aggregate did not give a value: its failure is the reason
                    if held is wanted:
                        chosen.append(_item_name(item, naming, position))
            return _sentence(label, written, chosen, len(items), wanted)

        return stated

    def _lower_where(self, name: str, where: n.Expr) -> ir.Expr:
        probe = n.Aggregate(function="count", items=n.Name(ident=name), field=None, where=where, span=where.span)
        lowered = self._lowering.lower(probe)
        assert isinstance(lowered, ir.Over) and lowered.where is not None
        return lowered.where


def with_items(sentence: Any, decided: Callable[[Env], Text | None] | None) -> Any:
    """A form's reason sentence followed by the items that decided its aggregates (unchanged when none)."""
    if decided is None:
        return sentence

    def reason(trace: Any, score: Any, env: Env) -> Text:
        text: Text = sentence(trace, score, env)
        items = decided(env)
        if items is None:
            return text
        return Text(f"{text.en}; {items.en}", f"{text.zh}；{items.zh}")

    return reason


def _item_name(item: Mapping[str, Any], naming: str | None, position: int) -> str:
    shown = item.get(naming) if naming is not None else None
    return shown if isinstance(shown, str) and shown else f"#{position + 1}"


def _sentence(label: str, condition: str, chosen: list[str], total: int, held: bool) -> Text:
    named = "、".join(chosen[:MAX_NAMED])
    more_en = f" and {len(chosen) - MAX_NAMED} more" if len(chosen) > MAX_NAMED else ""
    more_zh = f"等 {len(chosen)} 项" if len(chosen) > MAX_NAMED else ""
    if held:
        en = f"{label} where {condition}: {len(chosen)} of {total}"
        zh = f"{label}中满足 {condition} 的 {len(chosen)} 项（共 {total} 项）"
    else:
        en = f"{label} failing {condition}: {len(chosen)} of {total}"
        zh = f"{label}中不满足 {condition} 的 {len(chosen)} 项（共 {total} 项）"
    if chosen:
        en, zh = f"{en} ({named}{more_en})", f"{zh}：{named}{more_zh}"
    return Text(en, zh)
