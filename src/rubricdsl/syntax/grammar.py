"""The lark LALR parser, loaded from tables generated from the grammar and shipped inside the package.

Building the LALR tables costs ~0.25 s per process, so they are generated once, ahead of time, into
``syntax/parser_tables.json`` (JSON: no pickle, nothing read from a writable place such as a
per-user cache), and loaded from there.  A test keeps that file current with the grammar; if the grammar or
the installed lark does not match it (an unusual lark version, say), the parser is built from the grammar
instead.  Regenerate with ``python -m rubricdsl.syntax.make_tables``.

Lexer callbacks are fixed when lark builds its lexer, so they dispatch to whatever hooks the current parse
installed in a context variable: one shared parser, safe across threads.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import json
import os
import re
from collections.abc import Callable
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Final, Protocol

import lark
from lark import Lark, Token
from lark.grammar import Rule
from lark.lexer import TerminalDef
from lark.load_grammar import Grammar, load_grammar


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


# Words added by issue 10 that the contextual lexer reads as words of the language only where an item, a
# section's points or a not-applicable policy expects them: everywhere a name may stand they lex as a name, so
# facts and derived values written before them (`fact bonus "加分": number`) keep working.
CONTEXTUAL_WORDS: Final = frozenset({"penalty", "bonus", "uncapped", "siblings", "rescale"})


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


def _callbacks() -> dict[str, Callable[[Token], Token]]:
    return {name: _dispatch for name in HOOKED_TERMINALS}


class RubricLark(Lark):
    """A Lark parser whose unanalysed ``grammar`` (which hypothesis.extra.lark reads) is loaded on demand.

    The shipped tables hold what parsing needs; the grammar object is only for test-data generation.
    """

    @cached_property
    def grammar(self) -> Grammar:  # type: ignore[override]
        loaded: Grammar = load_grammar(grammar_text(), "<rubric.lark>", [], False)[0]  # type: ignore[no-untyped-call]
        return loaded


def build_parser() -> Lark:
    """Build the parser from the grammar (strict=True turns any conflict or terminal collision into an error)."""
    return Lark(
        grammar_text(),
        parser="lalr",
        strict=True,
        propagate_positions=True,
        maybe_placeholders=False,
        lexer_callbacks=_callbacks(),
    )


def grammar_sha256() -> str:
    return hashlib.sha256(grammar_text().encode("utf-8")).hexdigest()


def tables_source() -> str:
    """The text of ``syntax/parser_tables.json`` for the current grammar and lark."""
    data, memo = build_parser().memo_serialize([TerminalDef, Rule])
    data["options"] = {key: value for key, value in data["options"].items() if key != "lexer_callbacks"}
    tables = {"grammar_sha256": grammar_sha256(), "lark_version": lark.__version__, "data": data, "memo": memo}
    return json.dumps(_to_json(tables), ensure_ascii=False, separators=(",", ":")) + "\n"


# lark's serialised tables use int keys and tuples, which JSON lacks: such a dict is written as
# {"~": [[key, value], …]} and a tuple as {"(": […]}.
def _to_json(item: Any) -> Any:
    if isinstance(item, dict):
        if all(isinstance(key, str) for key in item) and not {"~", "("} & set(item):
            return {key: _to_json(value) for key, value in item.items()}
        return {"~": [[_to_json(key), _to_json(value)] for key, value in item.items()]}
    if isinstance(item, tuple):
        return {"(": [_to_json(value) for value in item]}
    if isinstance(item, list):
        return [_to_json(value) for value in item]
    return item


def _from_json(item: dict[str, Any]) -> Any:
    if len(item) == 1 and "~" in item:
        return {key: value for key, value in item["~"]}
    if len(item) == 1 and "(" in item:
        return tuple(item["("])
    return item


def tables_path() -> Path:
    return Path(__file__).with_name("parser_tables.json")


def shipped_tables() -> dict[str, Any] | None:
    """The tables shipped in the package, or None in a source tree where they were never generated."""
    try:
        text = resources.files("rubricdsl").joinpath("syntax/parser_tables.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    tables: dict[str, Any] = json.loads(text, object_hook=_from_json)
    return tables


@functools.cache
def fast_parser() -> Lark:
    """The parser the one-pass route drives (syntax/onepass.py): lark-cython's lexer and LALR loop when the
    ``fast`` extra is installed (a sixth less time to parse than one pass on pure lark), else :func:`lark_parser`.

    ``RUBRICDSL_PURE_LARK=1`` keeps to pure lark even where lark-cython is installed.
    """
    compiled = None if os.environ.get("RUBRICDSL_PURE_LARK") == "1" else cython_parser()
    return compiled if compiled is not None else lark_parser()


@functools.cache
def cython_parser() -> Lark | None:
    """The shipped tables loaded with lark-cython's plugins; None without lark-cython or without current tables
    (lark-cython takes the tables as they are: it is never worth building them at run time for it)."""
    try:
        import lark_cython
    except ImportError:
        return None
    tables = shipped_tables()
    if tables is None or tables["lark_version"] != lark.__version__ or tables["grammar_sha256"] != grammar_sha256():
        return None
    loaded: Lark = RubricLark._load_from_dict(  # type: ignore[no-untyped-call]
        tables["data"], tables["memo"], lexer_callbacks=_callbacks(), _plugins=lark_cython.plugins
    )
    return loaded


@functools.cache
def lark_parser() -> Lark:
    tables = shipped_tables()
    if (
        tables is not None
        and tables["lark_version"] == lark.__version__
        and tables["grammar_sha256"] == grammar_sha256()
    ):
        loaded: Lark = RubricLark._load_from_dict(  # type: ignore[no-untyped-call]
            tables["data"], tables["memo"], lexer_callbacks=_callbacks()
        )
        return loaded
    return build_parser()
