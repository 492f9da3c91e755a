"""Labelled bad examples for syntax hints (hints.py, kind 3): each example fails in a known LR state.

As in lark's ``UnexpectedInput.match_examples``, every example is parsed once and the state it fails in
recorded with its label; hints.py labels an error in the same state, with the same kind of token, when the
label's *repair* (the token that was probably left out) lets the parse go on.  Also here: what a failed
parser state would really accept (:func:`acceptable`), which the E100/E102 messages list.
"""

from __future__ import annotations

import functools
from typing import Any, Final

from lark import Token
from lark.exceptions import UnexpectedInput, UnexpectedToken

from rubricdsl.syntax.grammar import lark_parser

_HEAD = 'rubric r "R" 10\nfact a "A": count\nfact p "P": percent\n'
_IND = _HEAD + 'indicator i "I" 10 { '

# label (catalogue code) → (the token the writer probably left out, examples that fail in the labelled way)
EXAMPLES: Final[dict[str, tuple[tuple[str, str] | None, tuple[str, ...]]]] = {
    "E103": (
        ("NUMBER", "0"),
        (
            _IND + "score a: >= 3 -> 10; else }",
            _IND + "score a: >= 3 -> 10; >= 1 -> 5; else }",
            _IND + "score a: >= 3 -> 10; else; }",
            _IND + "score a: >= 3 -> 10; >= 1 -> 5; else; }",
            _IND + "when a > 3 -> 10; else }",
            _IND + "when a > 3 -> 10; a > 1 -> 5; else }",
            _IND + "score a: >= 3 -> 10; else",
        ),
    ),
    "E105": (
        ("_SEMI", ";"),
        (
            _IND + "score a: >= 3 -> 10 else 0 }",
            _IND + "score a: >= 3 -> 10; >= 1 -> 5 else 0 }",
            _IND + "score a: >= 3 -> a else 0 }",
            _IND + "score a: >= 3 -> 10; >= 1 -> a else 0 }",
            _IND + "score p: >= 90% -> 10% else 0 }",
            _IND + "score a: >= 3 -> 10 [1, 3) -> 5; else 0 }",
            _IND + "when a > 3 -> 10 else 0 }",
            _IND + "when a > 3 -> 10; a > 2 -> 7 else 0 }",
            _IND + "when a > 3 -> 10 a > 1 -> 5; else 0 }",
            _IND + "when a > 3 -> 10; a > 2 -> 7 a > 1 -> 5; else 0 }",
            _IND + "checklist: a > 1 -> 5 a > 2 -> 5 }",
            _IND + 'checklist: a > 1 -> 5 "x" a > 2 -> 5 }',
            _IND + "levels a: 优 -> 100% 良 -> 80% }",
            _HEAD + "grades: 优 >= 90 良 >= 80; else 差",
            _HEAD + "grades: 优 >= 90; 良 >= 80 else 差",
        ),
    ),
    "E116": (
        ("NUMBER", "1"),
        (
            _HEAD + 'indicator i "I" { formula 1 }',
            _HEAD + "indicator i { formula 1 }",
            _HEAD + 'section s "S" { }',
            'rubric r "R"\nfact a "A": count\n',
            "rubric r\nfact a: count\n",
        ),
    ),
    "E123": (
        ("ELSE", "else"),
        (
            _IND + "score a: >= 3 -> 10; 0 }",
            _IND + "score a: >= 3 -> 10; >= 1 -> 5; 0 }",
            _IND + "score p: >= 90% -> 10; p }",
            _IND + "score p: >= 90% -> 10; >= 60% -> 6; p }",
        ),
    ),
    "E119": (
        None,
        (_HEAD + 'fact b "B": integer\n', _HEAD + 'fact b "B": 整数\n'),
    ),
    "E124": (
        ("_ARROW", "->"),
        (
            _IND + "score a: >= 3 10; else 0 }",
            _IND + "score a: >= 3 -> 10; >= 1 5; else 0 }",
            _IND + "score p: >= 90% 10; else 0 }",
            _IND + "score a: [1, 3) 10; else 0 }",
            _IND + "when a > 3 10; else 0 }",
            _IND + "when a > 3 a; else 0 }",
            _IND + "when a > 3 -> 10; a > 1 5; else 0 }",
            _IND + "checklist: a > 1 5 }",
        ),
    ),
}


@functools.cache
def example_table() -> dict[tuple[Any, str], tuple[str, ...]]:
    """(LR state, token type) → the labels whose examples fail there, from parsing every example once."""
    table: dict[tuple[Any, str], tuple[str, ...]] = {}
    for label, (_, examples) in EXAMPLES.items():
        for example in examples:
            key = failure_key(example)
            if key is not None and label not in table.get(key, ()):
                table[key] = (*table.get(key, ()), label)
    return table


def failure_key(text: str) -> tuple[Any, str] | None:
    """Where ``text`` fails: the LR state and the type of the token it stops at (None if it parses)."""
    try:
        lark_parser().parse(text)
    except UnexpectedToken as error:
        return (error.state.position if error.state is not None else None, error.token.type)
    except UnexpectedInput:
        return None
    return None


def repair_works(error: UnexpectedToken, missing: Token) -> bool:
    """Would the parse go on if ``missing`` had been written just before the unexpected token?"""
    if error.state is None:
        return False
    # A shallow copy is enough: the failed parse is abandoned, so its subtrees may be shared (and a deep
    # copy of a big file's trees, once per candidate token, would cost more than the parse).
    state = error.state.copy(deepcopy_values=False)
    try:
        state.feed_token(missing)
        # At the end of the file there is nothing left to check: a still-open `{` must not veto the repair.
        if error.token.type != "$END":
            state.feed_token(error.token)
    except UnexpectedInput:
        return False
    return True


def acceptable(error: UnexpectedToken) -> set[str]:
    """The token types that would really have been accepted where ``error`` stopped.

    lark's ``expected`` lists every lookahead of the LALR state, and LALR merges states: after a number it
    offers `fact` or `grades` even inside an indicator.  Feeding each candidate to a copy of the parser
    keeps only those that fit here (lark's ``InteractiveParser.accepts`` does the same with deep copies).
    """
    if error.state is None:
        return set(error.expected)
    accepted = set()
    for name in error.expected:
        state = error.state.copy(deepcopy_values=False)
        try:
            state.feed_token(Token(name, ""), is_end=name == "$END")
        except UnexpectedInput:
            continue
        accepted.add(name)
    return accepted or set(error.expected)
