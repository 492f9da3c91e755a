"""The one-pass route (syntax/onepass.py) builds the AST the reference route builds (lark tree with
``propagate_positions`` + the lowering transformer), every field and every span included, and gives the same
diagnostics; with pure lark and with lark-cython (the ``fast`` extra) alike.

The corpus: every shipped rubric, every ``.rubric`` file under tests/ (valid and broken), every ```rubric block
in docs/ (the cookbook's among them) and hypothesis-generated synthetic rubrics.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax import grammar
from rubricdsl.syntax.lower import build_rubric
from rubricdsl.syntax.onepass import HandBack, as_lark_token, parse_and_lower, parse_table, plans
from rubricdsl.syntax.parse import _Scanner, parse_by_tree, parse_rubric
from rubricdsl.testing.synth import synth_rubric
from tests.conftest import ROOT

FILES = sorted(path for folder in ("rubrics", "tests") for path in (ROOT / folder).glob("**/*.rubric"))
_BLOCK = re.compile(r"^```rubric[^\n]*\n(.*?)^```", re.M | re.S)
DOC_BLOCKS = [
    (f"{path.relative_to(ROOT)}#{index}", block)
    for path in sorted((ROOT / "docs").glob("**/*.md"))
    for index, block in enumerate(_BLOCK.findall(path.read_text(encoding="utf-8")))
]


def _cython() -> Lark:
    found = grammar.cython_parser()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("lark-cython must be installed under CI (it is in the dev extra): pip install -e '.[dev]'")
        pytest.skip("lark-cython is not installed (pip install 'rubricdsl[fast]')")
    return found


PARSERS: dict[str, Callable[[], Lark]] = {"pure-lark": grammar.lark_parser, "lark-cython": _cython}


def everything(value: Any) -> Any:
    """Every field of every node, spans and spellings included (node equality leaves those out)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(everything(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, (tuple, list)):
        return tuple(everything(item) for item in value)
    if isinstance(value, Tree):
        return ("tree", value.data, everything(value.children))
    return (type(value).__name__, value)


def _outcome(parse: Any, source: SourceFile) -> Any:
    try:
        return everything(parse(source))
    except RubricSyntaxError as error:
        return ("error", everything(list(error.diagnostics)))


def _one_pass(parser: Lark, source: SourceFile) -> Any:
    """The one-pass route alone, on ``parser`` (no fall-back: None when it hands the text back)."""
    scanner = _Scanner()
    reset = grammar.ACTIVE_HOOKS.set(scanner)
    try:
        start = parse_and_lower(parser, plans(parser), source.text)
    except Exception:  # a syntax error, a limit, a lowering error: the reference route's to report
        return None
    finally:
        grammar.ACTIVE_HOOKS.reset(reset)
    return everything(build_rubric(start, source, tuple(scanner.comments)))


def _reference(source: SourceFile) -> Any:
    try:
        return everything(parse_by_tree(source))
    except RubricSyntaxError:
        return None


def _same_both_routes(parser: Lark, source: SourceFile) -> bool:
    """The one-pass AST equals the reference's when the reference builds one; parse_rubric matches it always."""
    reference = _reference(source)
    if reference is not None:
        assert _one_pass(parser, source) == reference
    assert _outcome(parse_rubric, source) == _outcome(parse_by_tree, source)
    return reference is not None


@pytest.mark.parametrize("which", PARSERS)
def test_every_rubric_file_lowers_the_same(which: str) -> None:
    parser = PARSERS[which]()
    built = [
        _same_both_routes(parser, SourceFile(str(path), path.read_bytes().decode("utf-8", errors="replace")))
        for path in FILES
    ]
    assert len(FILES) > 100 and sum(built) > 60  # most of the corpus parses: ASTs were compared, not just errors


@pytest.mark.parametrize("which", PARSERS)
def test_every_doc_example_lowers_the_same(which: str) -> None:
    parser = PARSERS[which]()
    built = [_same_both_routes(parser, SourceFile(name, text)) for name, text in DOC_BLOCKS]
    assert len(DOC_BLOCKS) > 30 and sum(built) > 30


@pytest.mark.parametrize("which", PARSERS)
@settings(max_examples=20, deadline=None)
@given(indicators=st.integers(1, 80), seed=st.integers(0, 10**6))
def test_synthetic_rubrics_lower_the_same(which: str, indicators: int, seed: int) -> None:
    source = SourceFile("synth.rubric", synth_rubric(indicators, seed=seed).text)
    assert _same_both_routes(PARSERS[which](), source)


@pytest.mark.parametrize("which", PARSERS)
def test_the_comparison_sees_a_moved_span(which: str) -> None:
    text = (ROOT / "rubrics" / "xiangtan-sme-2021.rubric").read_text(encoding="utf-8")
    parser = PARSERS[which]()
    assert "Span" in repr(_one_pass(parser, SourceFile("a", text)))
    assert _one_pass(parser, SourceFile("a", text)) != _one_pass(parser, SourceFile("a", " " + text))


def test_parenthesised_operands_start_at_their_parenthesis() -> None:
    """What lark's positions do and the one-pass route must copy: `(a + b) * c` spans from `(`, `a + b`
    itself from `a`."""
    text = "rubric r 1\nfact a: number\nfact b: number\nfact c: number\nlet x = (a + b) * c\n"
    for parser in (grammar.lark_parser(), *filter(None, [grammar.cython_parser()])):
        rubric = parse_by_tree(SourceFile("r", text))
        product = rubric.lets[0].expr
        assert text[product.span.start : product.span.end] == "(a + b) * c"
        assert text[product.left.span.start : product.left.span.end] == "a + b"  # type: ignore[union-attr]
        assert _one_pass(parser, SourceFile("r", text)) == everything(rubric)


def test_a_converted_token_is_the_token_lark_builds() -> None:
    _cython()  # lark-cython is installed (under CI it must be)
    import lark_cython

    compiled = lark_cython.Token("PERCENT", "90%", 12, 2, 5, 2, 8, 15)
    converted = as_lark_token(compiled)
    built = Token("PERCENT", "90%", 12, 2, 5, 2, 8, 15)
    assert type(converted) is Token and converted == built == "90%"
    assert [getattr(converted, slot) for slot in Token.__slots__] == [getattr(built, slot) for slot in Token.__slots__]


@pytest.mark.parametrize("which", PARSERS)
def test_the_driven_table_is_larks_with_identity_rules(which: str) -> None:
    """parse_table copies lark's table action for action; only each rule object is replaced, by one that
    equals lark's rule field for field and compares by identity (one object per rule of the table)."""
    parser = PARSERS[which]()
    original, driven = parser.parser.parser._parse_table, parse_table(parser)
    assert driven.start_states == original.start_states and driven.end_states == original.end_states
    assert driven.states.keys() == original.states.keys()
    copies: dict[int, Any] = {}
    for state, actions in original.states.items():
        assert driven.states[state].keys() == actions.keys()
        for symbol, (action, argument) in actions.items():
            copied_action, copied = driven.states[state][symbol]
            assert copied_action is action
            if isinstance(argument, int):
                assert copied == argument
                continue
            assert copied is not argument and copies.setdefault(id(argument), copied) is copied
            assert (copied.origin, copied.expansion, copied.alias, copied.options) == (
                argument.origin,
                argument.expansion,
                argument.alias,
                argument.options,
            )
            # hashed and compared as the object, not field by field as lark's Rule is
            kind: Any = type(copied)
            assert kind.__hash__ is object.__hash__ and kind.__eq__ is object.__eq__
    assert set(map(id, plans(parser))) == set(map(id, copies.values()))


def test_a_lowering_error_before_a_syntax_error_reports_the_syntax_error() -> None:
    """The reference lowers only a complete parse: an impossible date early and a syntax error later is E100.
    The one-pass route meets the date first, so it must hand the text back rather than report E270."""
    text = "rubric r 1\nlet d = 2021-02-30\nfact a number\n"
    with pytest.raises(RubricSyntaxError) as raised:
        parse_rubric(SourceFile("r", text))
    assert [d.code for d in raised.value.diagnostics] == [d.code for d in _reference_error(text)]
    assert raised.value.diagnostics[0].code != "E270"


def _reference_error(text: str) -> list[Any]:
    with pytest.raises(RubricSyntaxError) as raised:
        parse_by_tree(SourceFile("r", text))
    return list(raised.value.diagnostics)


@pytest.mark.parametrize("which", PARSERS)
@pytest.mark.parametrize("text", ["rubric r 1\nfact a number\n", "rubric r 1\nfact a: number\nlet x = (a +\n"])
def test_a_syntax_error_is_handed_back_and_reported_as_the_reference_does(which: str, text: str) -> None:
    parser = PARSERS[which]()
    scanner = _Scanner()
    reset = grammar.ACTIVE_HOOKS.set(scanner)
    try:
        with pytest.raises((HandBack, UnexpectedInput)):
            parse_and_lower(parser, plans(parser), text)
    finally:
        grammar.ACTIVE_HOOKS.reset(reset)
    assert _outcome(parse_rubric, SourceFile("r", text)) == _outcome(parse_by_tree, SourceFile("r", text))
    assert _outcome(parse_rubric, SourceFile("r", text))[0] == "error"
