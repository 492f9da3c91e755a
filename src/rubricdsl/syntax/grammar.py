"""Build the lark LALR parser once, from the grammar shipped inside the package.

Lexer callbacks are fixed when lark builds its lexer, so they dispatch to whatever hooks the current parse
installed in a context variable: one shared parser, safe across threads.
"""

from __future__ import annotations

import contextvars
import functools
import os
import re
import sys
from collections.abc import Callable
from importlib import resources
from typing import Protocol

import lark
from lark import Lark, Token


class LexerHooks(Protocol):
    def on_token(self, token: Token) -> Token: ...


ACTIVE_HOOKS: contextvars.ContextVar[LexerHooks | None] = contextvars.ContextVar("rubricdsl_lexer_hooks", default=None)

# Every bracket terminal, of every kind: `[`/`]` appear only in intervals, which may close with the other
# kind (`(0, 5%]`), so the nesting counter counts openers and closers alike, whatever their shape.
OPENING_BRACKETS = ("_LPAR", "_LBRACE", "LSQB")
CLOSING_BRACKETS = ("_RPAR", "_RBRACE", "RSQB")
HOOKED_TERMINALS = ("COMMENT", *OPENING_BRACKETS, *CLOSING_BRACKETS, "NUMBER", "PERCENT", "MONEY")


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


def cache_path() -> str | None:
    """Where the built LALR tables are kept between processes, or None to build them every time.

    Building the tables costs ~0.25 s per process; loading them ~0.01 s.  lark stores them with pickle, so
    they live only in a directory the current user owns (never the shared temp directory, where another
    user could plant a file); lark rebuilds them when the grammar, its options or lark's version change.
    ``RUBRICDSL_NO_CACHE=1`` turns the cache off.
    """
    if os.environ.get("RUBRICDSL_NO_CACHE") == "1":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    directory = os.path.join(base, "rubricdsl")
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        owner = os.stat(directory).st_uid
    except OSError:
        return None
    if hasattr(os, "getuid") and owner != os.getuid():
        return None
    return os.path.join(directory, f"lalr-lark{lark.__version__}-py{sys.version_info[0]}{sys.version_info[1]}.cache")


@functools.cache
def lark_parser() -> Lark:
    callbacks: dict[str, Callable[[Token], Token]] = {name: _dispatch for name in HOOKED_TERMINALS}
    cache = cache_path()
    # strict=True turns any grammar conflict or terminal collision into a build error, not a surprise.
    return Lark(
        grammar_text(),
        parser="lalr",
        strict=True,
        propagate_positions=True,
        maybe_placeholders=False,
        lexer_callbacks=callbacks,
        cache=cache or False,
        cache_grammar=cache is not None,  # hypothesis.extra.lark reads `.grammar`: keep it in the cache too
    )
