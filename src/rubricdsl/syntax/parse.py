"""Parse rubric text into the AST, turning every lark failure into one positioned diagnostic.

Limits are checked here, before and during lexing, so that no input can make a later stage recurse or
compute without bound: a size cap, a cap on bracket nesting (tracked by a lexer callback) and a cap on the
length of numeric literals.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Iterator
from typing import Any, Final

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.syntax.grammar import ACTIVE_HOOKS, CLOSING_BRACKETS, OPENING_BRACKETS, fast_parser, lark_parser
from rubricdsl.syntax.hints import acceptable, syntax_hint
from rubricdsl.syntax.lower import MAX_EXPRESSION_DEPTH, LoweringError, build_rubric, lower
from rubricdsl.syntax.nodes import Comment, Rubric
from rubricdsl.syntax.onepass import HandBack, Unsupported, parse_and_lower, plans
from rubricdsl.syntax.words import describe_expected, describe_token

MAX_SOURCE_CHARS: Final = 5_000_000
MAX_NESTING: Final = MAX_EXPRESSION_DEPTH
MAX_NUMBER_DIGITS: Final = 40


class _LimitExceeded(Exception):
    def __init__(self, diagnostic_code: str, token: Token, **args: object) -> None:
        super().__init__(diagnostic_code)
        self.code = diagnostic_code
        self.token = token
        self.args_: dict[str, Any] = dict(args)


class _Scanner:
    """Lexer hooks for one parse: keep comments for the formatter, enforce nesting and literal limits."""

    def __init__(self) -> None:
        self.comments: list[Comment] = []
        self.depth = 0

    def on_token(self, token: Token) -> Token:
        # `.value`, not the token itself: lark-cython's tokens (syntax/grammar.fast_parser) are not strings, and
        # a callback sees them before their end is set (a comment's is its start + its length, as in lark)
        kind = token.type
        if kind == "COMMENT":
            text, start = token.value, token.start_pos or 0
            self.comments.append(Comment(text=text, span=Span(start, start + len(text))))
        elif kind in OPENING_BRACKETS:
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise _LimitExceeded("E113", token, limit=MAX_NESTING)
        elif kind in CLOSING_BRACKETS:
            self.depth -= 1
        elif len(text := token.value) > MAX_NUMBER_DIGITS:  # (no more digits than characters: most stop here)
            digits = sum(ch.isdigit() for ch in text)
            if digits > MAX_NUMBER_DIGITS:
                shown = text[:12] + "…" if len(text) > 12 else text
                raise _LimitExceeded("E114", token, text=shown, digits=digits, limit=MAX_NUMBER_DIGITS)
        return token


def _token_span(token: Token) -> Span:
    start = token.start_pos if token.start_pos is not None else 0
    end = token.end_pos if token.end_pos is not None else start
    return Span(start, end)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building trees.

    Parsing allocates hundreds of thousands of short-lived, acyclic objects; the collector's generational
    scans over them cost a quarter of the parse time and grow faster than the input (measured on synthetic
    rubrics: 2,000 indicators 0.79 s → 0.64 s, 8,000 indicators 3.7 s → 2.5 s).  Reference counting still
    frees everything; the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


collector_paused = _collector_paused  # for later stages that allocate the same way (lint/engine.py)


def parse_rubric(source: SourceFile) -> Rubric:
    """Parse and lower ``source``; raise :class:`RubricSyntaxError` with one diagnostic on failure."""
    _check_size(source)
    scanner = _Scanner()
    with _collector_paused():
        return _parse(source, source.text, scanner)


def _check_size(source: SourceFile) -> None:
    text = source.text
    if len(text) > MAX_SOURCE_CHARS:
        raise RubricSyntaxError(source, [messages.make("E112", Span(0, 0), size=len(text), limit=MAX_SOURCE_CHARS)])
    if not text.strip():
        raise RubricSyntaxError(source, [messages.make("E111", Span(0, 0))])


def _parse(source: SourceFile, text: str, scanner: _Scanner) -> Rubric:
    """The one-pass route when it succeeds; on anything unusual, the reference route and its diagnostics."""
    reset = ACTIVE_HOOKS.set(scanner)
    try:
        parser = fast_parser()
        start = parse_and_lower(parser, _rule_plans(parser), text)
    except (UnexpectedInput, _LimitExceeded, LoweringError, Unsupported, HandBack):
        pass  # parsed again below, by the route whose diagnostics these are
    else:
        return build_rubric(start, source, tuple(scanner.comments))
    finally:
        ACTIVE_HOOKS.reset(reset)
    return _parse_by_tree(source, _Scanner())


@functools.cache
def _rule_plans(parser: Lark) -> dict[Any, Any]:
    return plans(parser)


def parse_by_tree(source: SourceFile) -> Rubric:
    """:func:`parse_rubric` by the reference route: lark's tree with ``propagate_positions``, then the lowering
    transformer over it.  What :func:`parse_rubric` falls back to for its diagnostics; the tests and
    bench/scaling.py compare the two routes."""
    _check_size(source)
    with _collector_paused():
        return _parse_by_tree(source, _Scanner())


def _parse_by_tree(source: SourceFile, scanner: _Scanner) -> Rubric:
    reset = ACTIVE_HOOKS.set(scanner)
    try:
        tree = lark_parser().parse(source.text)
    except _LimitExceeded as limit:
        raise RubricSyntaxError(source, [messages.make(limit.code, _token_span(limit.token), **limit.args_)]) from None
    except UnexpectedInput as error:
        raise RubricSyntaxError(source, [_syntax_diagnostic(source, error)]) from None
    finally:
        ACTIVE_HOOKS.reset(reset)
    try:
        return lower(tree, source, tuple(scanner.comments))
    except VisitError as error:
        if isinstance(error.orig_exc, LoweringError):
            failure = error.orig_exc
            diagnostic = messages.make(failure.code, failure.span, **failure.details)
            raise RubricSyntaxError(source, [diagnostic]) from None
        raise


def _syntax_diagnostic(source: SourceFile, error: UnexpectedInput) -> Diagnostic:
    hint = syntax_hint(source.text, error)
    if hint is not None:
        return messages.make(hint.code, hint.span, **hint.args)
    if isinstance(error, UnexpectedCharacters):
        offset = error.pos_in_stream or 0
        char = source.text[offset] if offset < len(source.text) else ""
        return messages.make("E101", Span(offset, offset + 1), char=char)
    if isinstance(error, UnexpectedEOF) or (isinstance(error, UnexpectedToken) and error.token.type == "$END"):
        end = len(source.text.rstrip())
        expected = describe_expected(acceptable(error) if isinstance(error, UnexpectedToken) else set(error.expected))
        return messages.make("E102", Span(end, end), expected=expected.en, expected_zh=expected.zh)
    assert isinstance(error, UnexpectedToken)
    token = error.token
    expected = describe_expected(acceptable(error))
    found = describe_token(token.type, str(token))
    return messages.make(
        "E100", _token_span(token), found=found.en, found_zh=found.zh, expected=expected.en, expected_zh=expected.zh
    )
