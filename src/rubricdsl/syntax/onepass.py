"""Parse and lower in one pass: the LALR parser calls the lowering methods as it reduces, with no lark tree between.

lark's own route builds a ``Tree`` for every rule, computes its position with ``propagate_positions`` (a Meta
object per node, filled by scanning children), and then walks the whole tree again to lower it; those two
steps were over half the time of parsing a large rubric.  Here each grammar rule gets one callback that does
what lark's wrapper chain (``PropagatePositions`` ∘ ``ChildFilter`` ∘ ``ExpandSingleChild``) and the lowering
transformer do together, in the same order and with the same positions:

* a node spans from the start of its first child to the end of its last, counting the tokens the tree leaves
  out (``(``, ``}``, keywords) and the children of inlined ``_rules``;
* a ``?rule`` with one child passes that child up, widened to the text the ``?rule`` covered (so the operand
  of ``(a + b) * c`` starts at its parenthesis, while ``a + b`` itself does not);
* ``!rules`` keep every token, ``_rules`` (lark's own, for ``*`` and ``+``) are spliced into their parent.

Anything unusual (a syntax error, a limit, a lowering error) is handed back to the caller, which parses again
by the reference route (lark tree + :class:`~rubricdsl.syntax.lower.Lowerer`), so that every diagnostic is the
one the reference gives: it reports a syntax error anywhere before any lowering error, the first pass not.
``tests/syntax/test_onepass.py`` checks that both routes build the same AST, every span included.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from lark import Lark, Tree
from lark.grammar import Rule, Terminal
from lark.parsers.lalr_analysis import Shift
from lark.parsers.lalr_parser import _Parser

from rubricdsl.reading.source import Span
from rubricdsl.syntax.lower import Lowerer
from rubricdsl.syntax.onepass_table import parse_table, passes_through

_NO_SPAN = Span(0, 0)  # what lowering reads for a rule that covered no text (lark's empty Meta)


class Unsupported(Exception):
    """The grammar has a shape this pass does not reproduce (a rule with no method that builds a tree)."""


class HandBack(Exception):
    """The text is not one this pass lowers (a token no parse action expects): the reference route reports it."""


# A reduced rule on the parser's stack is a plain tuple (value, start, end), the text it covers (start None: it
# covers none, as only a lark tree's Meta may be empty); everything else on the stack is a token, which is never
# a tuple (lark's are strings, lark-cython's their own class).  Tuples, not a class: there is one per reduction.


def _start_of(item: Any) -> int | None:
    start: int | None = item[1] if type(item) is tuple else item.start_pos
    return start


def _end_of(item: Any) -> int | None:
    end: int | None = item[2] if type(item) is tuple else item.end_pos
    return end


def _first_start(children: Sequence[Any]) -> int | None:
    for child in children:
        start = _start_of(child)
        if start is not None:
            return start
    return None


def _last_end(children: Sequence[Any]) -> int | None:
    for child in reversed(children):
        end = _end_of(child)
        if end is not None:
            return end
    return None


class _Plan:
    """What one grammar rule's callback does, worked out once per rule."""

    __slots__ = ("expand_single", "kept", "method_name", "passes_through", "size", "splice", "spliced")

    def __init__(self, rule: Rule) -> None:
        keep_all = rule.options.keep_all_tokens
        self.size = len(rule.expansion)
        self.kept: list[tuple[int, bool]] = [
            (index, not symbol.is_term and symbol.name.startswith("_"))
            for index, symbol in enumerate(rule.expansion)
            if keep_all or not (isinstance(symbol, Terminal) and symbol.filter_out)
        ]
        self.spliced = any(expand for _, expand in self.kept)
        self.splice = rule.origin.name.startswith("_")  # lark's helper rules, never user rules
        self.expand_single = bool(rule.options.expand1) and not rule.alias
        self.method_name = rule.alias or rule.options.template_source or rule.origin.name
        # `?sum: product`: one child, kept and not spliced, so passed up unchanged, position and all (the
        # chain from `expr` down to `atom` is most of the reductions; onepass_table.py skips most of them)
        self.passes_through = passes_through(rule)


def plans(parser: Lark) -> dict[Rule, _Plan]:
    """A plan for every rule the parse table reduces by, keyed by the rules of :func:`parse_table` (the
    parser's callback look-up matches them by identity)."""
    rules: dict[Rule, None] = {}
    for actions in parse_table(parser).states.values():
        for _action, argument in actions.values():
            if not isinstance(argument, int):  # a reduction by this rule (a shift's argument is a state)
                rules.setdefault(argument)
    return {rule: _Plan(rule) for rule in rules}


# a pass-through rule's callback: its one child, unchanged; a C callable, so the LALR loop (lark-cython's
# compiled one above all) calls no Python function for it
_pass_through = operator.itemgetter(0)


def _callback(plan: _Plan, method: Callable[..., Any] | None) -> Callable[[list[Any]], Any]:
    if plan.passes_through:
        return _pass_through
    spliced, expand_single, name = plan.spliced, plan.expand_single, plan.method_name
    kept = [(index, expand) for index, expand in plan.kept]
    indices = [index for index, _ in kept]

    def kept_items(children: list[Any]) -> list[Any]:
        if not spliced:
            return [children[index] for index in indices]
        items: list[Any] = []
        for index, expand in kept:
            child = children[index]
            if expand:
                items += child[0]
            else:
                items.append(child)
        return items

    def span_of(children: list[Any]) -> tuple[int | None, int | None]:
        # the first child's start and the last child's end (lark's _pp_get_meta), inline: once per reduction
        first = children[0]
        start = first[1] if type(first) is tuple else first.start_pos
        if start is None:
            start = _first_start(children)
        last = children[-1]
        end = last[2] if type(last) is tuple else last.end_pos
        if end is None:
            end = _last_end(children)
        return start, end

    def reduce(children: list[Any]) -> Any:
        start, end = span_of(children)
        items = kept_items(children)
        if expand_single and len(items) == 1:
            only = items[0]
            if type(only) is not tuple:
                return only  # a token passed up keeps its own position (lark widens only trees)
            return (only[0], start, end)
        if method is None:
            raise Unsupported(name)
        where = _NO_SPAN if start is None else Span(start, start if end is None else end)
        values = [item[0] if type(item) is tuple else item for item in items]
        return (method(where, *values), start, end)

    def reduce_one(children: list[Any]) -> Any:
        # `reduce` for a rule of one symbol, kept and not spliced, that is no ?rule (`name: NAME`, `label:
        # STRING`): over half the reductions that build something, so without reduce's general steps
        only = children[0]
        if type(only) is tuple:
            value, start, end = only
        else:
            start, end = only.start_pos, only.end_pos
            value = only
        where = _NO_SPAN if start is None else Span(start, start if end is None else end)
        return (method(where, value), start, end)  # type: ignore[misc]

    def reduce_building(children: list[Any]) -> Any:
        # `reduce` for a rule that always builds (no ?rule) and splices nothing in: every other reduction that
        # builds something, so its steps inline, in one pass over the kept children
        first = children[0]
        start = first[1] if type(first) is tuple else first.start_pos
        if start is None:
            start = _first_start(children)
        last = children[-1]
        end = last[2] if type(last) is tuple else last.end_pos
        if end is None:
            end = _last_end(children)
        where = _NO_SPAN if start is None else Span(start, start if end is None else end)
        values = [item[0] if type(item := children[index]) is tuple else item for index in indices]
        return (method(where, *values), start, end)  # type: ignore[misc]

    def splice(children: list[Any]) -> Any:
        start, end = span_of(children)
        return (kept_items(children), start, end)

    if plan.splice:
        return splice
    if method is not None and not expand_single and kept == [(0, False)] and plan.size == 1:
        return reduce_one
    if method is not None and not expand_single and not spliced and plan.size > 0:
        return reduce_building
    return reduce


def parse_and_lower(parser: Lark, rule_plans: dict[Rule, _Plan], text: str) -> Tree[Any]:
    """The lowered ``start`` of ``text`` (a lark Tree of top-level items, as the reference route's)."""
    lowerer = Lowerer(text)
    frontend = parser.parser
    lalr = frontend.parser
    parser_class = type(lalr.parser)
    # lark-cython's tokens are not lark's (nor a str): the lowering methods take either (lower_parts.TOKENS)
    callbacks: dict[Any, Callable[[list[Any]], Any]] = {
        rule: _callback(plan, None if plan.splice else lowerer.rule_method(plan.method_name))
        for rule, plan in rule_plans.items()
    }
    stream = frontend._make_lexer_thread(text)
    table = parse_table(parser)
    if parser_class is _Parser:  # pure lark: its LALR loop, without what only its error reports and hooks need
        result = _drive(table, callbacks, stream, "start")
    else:
        result = parser_class(table, callbacks).parse(stream, "start")
    start: Tree[Any] = result[0]
    return start


class _Position:
    """What lark's contextual lexer reads of the parser: the LALR state it is in (which terminals may come)."""

    __slots__ = ("states",)

    def __init__(self, states: list[Any]) -> None:
        self.states = states

    @property
    def position(self) -> Any:
        return self.states[-1]


def _drive(table: Any, callbacks: dict[Any, Callable[[list[Any]], Any]], stream: Any, start: str) -> Any:
    """lark's LALR loop (``lalr_parser_state.ParserState.feed_token``) for a complete text.

    The same shifts and reductions in the same order; it leaves out what serves lark's error reports and
    interactive parsing (the parser state object, the end-state assertion at every step, terminal callbacks,
    which this parse has none of).  A token no action expects is a syntax error: ``HandBack``, and the reference
    route parses again to report it."""
    states = table.states
    end_state = table.end_states[start]
    state_stack: list[Any] = [table.start_states[start]]
    value_stack: list[Any] = []
    position = _Position(state_stack)
    try:
        for token in stream.lex(position):
            kind = token.type
            while True:
                action, argument = states[state_stack[-1]][kind]
                if action is Shift:
                    state_stack.append(argument)
                    value_stack.append(token)
                    break
                _reduce(states, callbacks, state_stack, value_stack, argument)
        while True:
            action, argument = states[state_stack[-1]]["$END"]
            if action is Shift:  # never: the end is not shifted
                raise HandBack("$END")
            _reduce(states, callbacks, state_stack, value_stack, argument)
            if state_stack[-1] == end_state:
                return value_stack[-1]
    except KeyError as missing:
        raise HandBack(str(missing)) from None


def _reduce(
    states: Any,
    callbacks: dict[Any, Callable[[list[Any]], Any]],
    state_stack: list[Any],
    value_stack: list[Any],
    rule: Rule,
) -> None:
    size = len(rule.expansion)
    if size:
        children = value_stack[-size:]
        del state_stack[-size:]
        del value_stack[-size:]
    else:
        children = []
    value_stack.append(callbacks[rule](children))
    state_stack.append(states[state_stack[-1]][rule.origin.name][1])
