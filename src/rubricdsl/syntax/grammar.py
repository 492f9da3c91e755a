"""Build the lark LALR parser once, from the grammar shipped inside the package.

Lexer callbacks are fixed when lark builds its lexer, so they dispatch to whatever hooks the current parse
installed in a context variable: one shared parser, safe across threads.
"""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Callable
from importlib import resources
from typing import Protocol

from lark import Lark, Token


class LexerHooks(Protocol):
    def on_token(self, token: Token) -> Token: ...


ACTIVE_HOOKS: contextvars.ContextVar[LexerHooks | None] = contextvars.ContextVar("rubricdsl_lexer_hooks", default=None)

HOOKED_TERMINALS = ("COMMENT", "_LPAR", "_RPAR", "_LBRACE", "_RBRACE", "NUMBER", "PERCENT", "MONEY")


def _dispatch(token: Token) -> Token:
    hooks = ACTIVE_HOOKS.get()
    return token if hooks is None else hooks.on_token(token)


@functools.cache
def keywords() -> frozenset[str]:
    """Words the lexer reserves: every literal terminal that also looks like a name (`score`, `是`, …)."""
    name = re.compile(r"[^\W\d]\w*")
    words = {
        t.pattern.value for t in lark_parser().terminals if t.pattern.type == "str" and name.fullmatch(t.pattern.value)
    }
    return frozenset(words)


def grammar_text() -> str:
    return resources.files("rubricdsl").joinpath("grammar/rubric.lark").read_text(encoding="utf-8")


@functools.cache
def lark_parser() -> Lark:
    callbacks: dict[str, Callable[[Token], Token]] = {name: _dispatch for name in HOOKED_TERMINALS}
    # strict=True turns any grammar conflict or terminal collision into a build error, not a surprise.
    return Lark(
        grammar_text(),
        parser="lalr",
        strict=True,
        propagate_positions=True,
        maybe_placeholders=False,
        lexer_callbacks=callbacks,
    )
