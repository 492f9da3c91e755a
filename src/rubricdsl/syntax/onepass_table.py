"""The LALR table the one-pass route (syntax/onepass.py) drives: lark's, with rules that compare by identity
and every chain of pass-through reductions taken in one step.

An expression that is a lone name reduces ``unary → atom``, ``product → unary``, … up to ``expr → or_expr``:
eight reductions by ``?rule``s of one symbol, which pass their child up unchanged (same value, same span),
and at 2,000 indicators over a third of all reductions.  Each pops one state and lands on goto(p, its rule's
name), p being the state beneath, so the chain that follows such a reduction in state q on lookahead t is
fixed by p and t alone.  Where every p that enters q gives the same chain, q's action on t reduces straight
to the chain's end; where they differ (``- x``: the chain from the operand stops at ``neg``), q is copied,
one version for each group of p's that agree, and each p's transition goes to its own version.

The new table takes the same shifts, in versions of the same states, and calls the same callbacks but for
the pass-through ones it skips; it accepts and rejects the same texts.  Only a state entered by a rule's
name (a goto) gets versions: the contextual lexer reads the state only right after a token's shift, so it
only ever sees lark's own states.  The reference route and the syntax hints keep lark's own table; ``tests/syntax/test_onepass.py`` checks that
the routes build the same AST, and that each shortcut lands where lark's chain of reductions does.
"""

from __future__ import annotations

import functools
from typing import Any

from lark import Lark
from lark.grammar import Rule, Terminal
from lark.parsers.lalr_analysis import IntParseTable, Reduce, Shift

_Actions = dict[str, tuple[Any, Any]]


class _IdentityRule(Rule):
    """A grammar rule that hashes and compares as the object it is.

    lark's ``Rule`` hashes and compares in Python, and the LALR loop pays for both at every reduction (the
    callback look-up, and lark-cython compares the rule with an int): about 8% of the parse.  Within one parse
    table every rule is one object, so identity is the same equality there."""

    __slots__ = ()
    __hash__ = object.__hash__
    __eq__ = object.__eq__


def _as_identity_rule(rule: Rule) -> _IdentityRule:
    found: _IdentityRule = object.__new__(_IdentityRule)
    for name in ("origin", "expansion", "alias", "options", "order", "_hash"):
        setattr(found, name, getattr(rule, name))
    return found


def passes_through(rule: Rule) -> bool:
    """`?sum: product`: a ``?rule`` of one symbol, kept and not spliced, whose value is its child's, unchanged
    (position and all: the rule covers exactly its child's text)."""
    if not rule.options.expand1 or rule.alias or len(rule.expansion) != 1:
        return False
    symbol = rule.expansion[0]
    if isinstance(symbol, Terminal):
        return bool(rule.options.keep_all_tokens) or not symbol.filter_out
    return not symbol.name.startswith("_")


def parse_table(parser: Lark) -> IntParseTable:
    """``parser``'s table with identity rules and the pass-through shortcuts (made once per parser)."""
    return _driven(parser)[0]


def lark_state(parser: Lark) -> dict[int, int]:
    """Every state of :func:`parse_table` → the state of lark's table it is a version of."""
    return _driven(parser)[1]


@functools.cache
def _driven(parser: Lark) -> tuple[IntParseTable, dict[int, int]]:
    table = parser.parser.parser._parse_table
    swapped: dict[int, _IdentityRule] = {}

    def identity(argument: Any) -> Any:
        if isinstance(argument, int):  # a shift's argument is a state
            return argument
        found = swapped.get(id(argument))
        if found is None:
            found = swapped[id(argument)] = _as_identity_rule(argument)
        return found

    states: dict[int, _Actions] = {
        state: {symbol: (action, identity(argument)) for symbol, (action, argument) in actions.items()}
        for state, actions in table.states.items()
    }
    built, versions = _with_shortcuts(states, set(table.end_states.values()))
    driven = IntParseTable(built, table.start_states, table.end_states)  # type: ignore[no-untyped-call]
    return driven, versions


def _with_shortcuts(states: dict[int, _Actions], end_states: set[int]) -> tuple[dict[int, _Actions], dict[int, int]]:
    """The states with the shortcuts, and which state of ``states`` each of them is a version of."""
    rules = {id(rule): rule for actions in states.values() for action, rule in actions.values() if action is Reduce}
    passing = {key for key, rule in rules.items() if passes_through(rule)}
    entered_from: dict[int, list[int]] = {}
    accessed_by: dict[int, str] = {}
    for state, actions in states.items():
        for symbol, (action, target) in actions.items():
            if action is Shift:
                entered_from.setdefault(target, []).append(state)
                accessed_by[target] = symbol  # every transition into a state is on the same symbol

    passing_from: dict[int, dict[str, Rule]] = {
        state: {t: rule for t, (action, rule) in actions.items() if action is Reduce and id(rule) in passing}
        for state, actions in states.items()
    }
    reducing_to: dict[int, dict[str, list[str]]] = {}  # state → name a pass-through rule makes → its lookaheads
    for state, passing_here in passing_from.items():
        reducing_to[state] = {}
        for lookahead, rule in passing_here.items():
            reducing_to[state].setdefault(rule.origin.name, []).append(lookahead)
    after: dict[tuple[int, str], dict[str, str]] = {}

    def continued(below: int, name: str) -> dict[str, str]:
        """Where the pass-through reductions lark's table makes over state ``below``, once a reduction has
        made ``name``, end: lookahead → the name the last of them makes (no entry: no such reduction)."""
        key = (below, name)
        found = after.get(key)
        if found is None:
            landed = states[below][name][1]
            found = {}
            if landed not in end_states:
                for reduced, lookaheads in reducing_to[landed].items():
                    deeper = continued(below, reduced)
                    for lookahead in lookaheads:
                        found[lookahead] = deeper.get(lookahead, reduced)
            after[key] = found
        return found

    made: dict[tuple[str, int], Rule] = {}

    def shortcut(rule: Rule, name: str) -> Rule:
        if name == rule.origin.name:
            return rule
        key = (name, id(rule))
        if key not in made:
            origin = next(r.origin for r in rules.values() if r.origin.name == name)
            made[key] = _as_identity_rule(Rule(origin, rule.expansion, rule.order, None, rule.options))
        return made[key]

    # each state's versions: the predecessors grouped by where each pass-through reduction's chain ends
    versions: dict[int, list[tuple[dict[str, str], list[int]]]] = {}
    for state, passing_here in passing_from.items():
        if not passing_here or state not in entered_from:
            continue
        names = {rule.origin.name for rule in passing_here.values()}
        groups: dict[tuple[tuple[str, str], ...], tuple[dict[str, str], list[int]]] = {}
        for below in entered_from[state]:
            ends = {
                lookahead: end
                for name in names
                for lookahead, end in continued(below, name).items()
                if lookahead in passing_here and passing_here[lookahead].origin.name == name
            }
            groups.setdefault(tuple(sorted(ends.items())), (ends, []))[1].append(below)
        grouped = list(groups.values())
        if len(grouped) > 1 and accessed_by[state].isupper():
            # entered by shifting a terminal: the lexer reads this state next (it asks for the state right
            # after a shift), and lark's lexer knows only lark's states, so no versions here; only the
            # shortcuts every predecessor agrees on
            first, *others = (ends for ends, _ in grouped)
            agreed = {t: end for t, end in first.items() if all(other.get(t) == end for other in others)}
            grouped = [(agreed, entered_from[state])]
        versions[state] = grouped

    built = {state: dict(actions) for state, actions in states.items()}
    next_state = max(states) + 1
    copies: dict[int, list[int]] = {state: [state] for state in states}  # every version of each state
    chosen: dict[tuple[int, int], int] = {}  # (state, predecessor) → the version the predecessor enters
    for state, grouped in versions.items():
        for index, (ends, belows) in enumerate(grouped):
            if index == 0:
                version = state
            else:
                version, next_state = next_state, next_state + 1
                built[version] = dict(states[state])
                copies[state].append(version)
            for lookahead, end in ends.items():
                built[version][lookahead] = (Reduce, shortcut(passing_from[state][lookahead], end))
            for below in belows:
                chosen[state, below] = version
    for (state, below), version in chosen.items():
        symbol = accessed_by[state]
        for below_version in copies[below]:
            built[below_version][symbol] = (Shift, version)
    return built, {version: state for state, found in copies.items() for version in found}
