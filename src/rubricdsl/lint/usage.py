"""Which facts and derived values are read, and by what: lets, rules and vetoes."""

from __future__ import annotations

from rubricdsl.semantics.check import CheckedRubric, free_names, rule_expressions
from rubricdsl.syntax import nodes as n


def all_vetoes(rubric: n.Rubric) -> list[n.Veto]:
    found = list(rubric.vetoes)
    stack: list[n.Section | n.Indicator] = list(rubric.children)
    while stack:
        item = stack.pop()
        if isinstance(item, n.Section):
            found += item.vetoes
            stack += item.children
    return found


def names_read(checked: CheckedRubric, *, by_lets: bool = True) -> set[str]:
    """Every name read by a rule, a veto or an assertion, and (when ``by_lets``) by a derived value."""
    exprs: list[n.Expr] = [veto.condition for veto in all_vetoes(checked.rubric)]
    for assertion in checked.rubric.assertions:  # a fact checked for consistency is read
        exprs += [assertion.left, assertion.right]
    exprs += [cap.condition for cap in checked.rubric.grade_caps]
    for info in checked.indicators:
        exprs += rule_expressions(info.node.rule)
    if by_lets:
        exprs += [let.expr for let in checked.rubric.lets]
    return {name for expr in exprs for name in free_names(expr)}


def literal_comparisons(expr: n.Expr) -> list[tuple[n.Expr, n.Literal]]:
    """Every comparison inside ``expr`` with a literal on one side, as (the other side, the literal)."""
    found: list[tuple[n.Expr, n.Literal]] = []
    stack = [expr]
    while stack:
        item = stack.pop()
        match item:
            case n.Binary(op=op, left=left, right=right) if op in n.COMPARISON:
                if isinstance(right, n.Literal):
                    found.append((left, right))
                if isinstance(left, n.Literal):
                    found.append((right, left))
                stack += [left, right]
            case n.Binary():
                stack += [item.left, item.right]
            case n.Not() | n.Negate():
                stack.append(item.operand)
            case n.Call():
                stack += list(item.args)
            case _:
                pass
    return found
