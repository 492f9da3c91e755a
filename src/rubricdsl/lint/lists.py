"""What the linter knows about list facts: how many items a list can have, the range of an aggregate over it,
every aggregate a rubric writes, and what the rules about empty lists (L131, L132) share: the aggregates of
one function over a list that may be empty, and the fix they suggest."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from rubricdsl.diagnostics import Text
from rubricdsl.lint import intervals as iv
from rubricdsl.lint.describe import snippet
from rubricdsl.lint.intervals import Interval
from rubricdsl.lint.range_results import bounded_range
from rubricdsl.lint.usage import all_vetoes
from rubricdsl.semantics.check import CheckedRubric, rule_expressions
from rubricdsl.syntax import nodes as n

_ZERO = Fraction(0)


def list_size(decl: n.FactDecl) -> Interval:
    """The number of items: a whole number ≥ 0 within the list's declared bounds (``>= 1``)."""
    found = Interval(_ZERO, True, None, False, True)
    for bound in decl.bounds:
        low = None if bound.low is None else iv.exact(bound.low.value)
        high = None if bound.high is None else iv.exact(bound.high.value)
        found = found.intersect(
            Interval(low, bound.low_inclusive and low is not None, high, bound.high_inclusive and high is not None)
        )
    return found


def field_range(field: n.ItemField) -> Interval | None:
    """A field's values, as a scalar fact's (none for yes/no, levels and text)."""
    return bounded_range(field.type.kind, field.bounds)


def aggregate_range(
    checked: CheckedRubric, expr: n.Aggregate, fallback: Callable[[n.Expr], Interval | None]
) -> Interval | None:
    """``count``: [0, the list's size] (its size without ``where``); ``share``: [0, 1]; ``sum``: k values of the
    field for k from 0 to the size; ``all``/``any`` are yes/no (no interval).  ``fallback`` types the scalar
    ``count(x)`` of a name that is no list."""
    decl = checked.facts.get(expr.items.ident)
    if decl is None or decl.type.kind is not n.FactKind.LIST:
        return fallback(n.Call(function=expr.function, args=(expr.items,), span=expr.span))
    size = list_size(decl)
    if expr.function == "count":
        return size if expr.where is None else Interval(_ZERO, True, size.hi, size.hi_closed, True)
    if expr.function == "share":
        return Interval(_ZERO, True, Fraction(1), True)
    if expr.function == "sum" and expr.field is not None:
        field = next((f for f in decl.type.fields if f.name == expr.field.ident), None)
        each = None if field is None else field_range(field)
        if each is None:
            return None
        return iv.mul(Interval(_ZERO, True, size.hi, size.hi_closed, True), each)
    return None


def rubric_aggregates(checked: CheckedRubric) -> Iterator[n.Aggregate]:
    """Every aggregate over a list fact in the rubric: derived values, rules, vetoes, in that order."""
    exprs: list[n.Expr] = [let.expr for let in checked.rubric.lets]
    for info in checked.indicators:
        exprs += rule_expressions(info.node.rule)
    exprs += [veto.condition for veto in all_vetoes(checked.rubric)]
    for expr in exprs:
        stack = [expr]
        while stack:
            item = stack.pop()
            match item:
                case n.Aggregate():
                    decl = checked.facts.get(item.items.ident)
                    if decl is not None and decl.type.kind is n.FactKind.LIST:
                        yield item
                case n.Binary():
                    stack += [item.right, item.left]
                case n.Negate() | n.Not():
                    stack.append(item.operand)
                case n.Call():
                    stack += list(reversed(item.args))
                case _:
                    pass


def fields_read(checked: CheckedRubric, aggregates: Iterable[n.Aggregate] | None = None) -> dict[str, set[str]]:
    """For each list fact, the fields some aggregate reads (in ``where``, summed, or asked ``given``);
    ``aggregates`` are :func:`rubric_aggregates`, when the caller has them already."""
    found: dict[str, set[str]] = {
        name: set() for name, decl in checked.facts.items() if decl.type.kind is n.FactKind.LIST
    }
    for aggregate in rubric_aggregates(checked) if aggregates is None else aggregates:
        read = found[aggregate.items.ident]
        if aggregate.field is not None:
            read.add(aggregate.field.ident)
        stack = [] if aggregate.where is None else [aggregate.where]
        while stack:
            item = stack.pop()
            match item:
                case n.Name():
                    read.add(item.ident)
                case n.Binary():
                    stack += [item.left, item.right]
                case n.Negate() | n.Not():
                    stack.append(item.operand)
                case n.Call():
                    stack += list(item.args)
                case _:
                    pass
    return found


def naming_field(decl: n.FactDecl) -> str | None:
    """The field an explanation names items by: ``name``, else the first text field."""
    texts = [field.name for field in decl.type.fields if field.type.kind is n.FactKind.TEXT]
    return "name" if "name" in texts else (texts[0] if texts else None)


def may_be_empty(checked: CheckedRubric, expr: n.Aggregate) -> bool:
    size = list_size(checked.facts[expr.items.ident])
    return size.contains(0)


@dataclass(frozen=True, slots=True)
class OverMaybeEmpty:
    """An aggregate over a list fact whose declaration allows no items: the aggregate, the list's name and the
    aggregate as the rubric writes it (for the finding's message)."""

    aggregate: n.Aggregate
    name: str
    text: str


def over_lists_that_may_be_empty(
    checked: CheckedRubric, function: str, aggregates: Iterable[n.Aggregate] | None = None
) -> Iterator[OverMaybeEmpty]:
    """Every ``function(L …)`` (``share``, ``all``) the rubric writes over a list ``L`` that may have no items
    (``aggregates`` as for :func:`fields_read`)."""
    for aggregate in rubric_aggregates(checked) if aggregates is None else aggregates:
        if aggregate.function == function and may_be_empty(checked, aggregate):
            yield OverMaybeEmpty(aggregate, aggregate.items.ident, snippet(checked, aggregate))


def declare_non_empty(name: str) -> Text:
    """The fix both empty-list rules suggest: ``, >= 1`` after the list's declaration."""
    return Text(f"declare `{name}` with `, >= 1` after its `}}`", f"请在 `{name}` 声明的右花括号后加 `, >= 1`")
