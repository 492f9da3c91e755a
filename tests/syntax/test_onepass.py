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
from lark.parsers.lalr_analysis import Shift

from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax import grammar
from rubricdsl.syntax.lower import build_rubric
from rubricdsl.syntax.onepass import HandBack, _drive, _Plan, parse_and_lower, plans
from rubricdsl.syntax.onepass_table import lark_state, parse_table, passes_through
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


def test_a_lowering_method_reads_a_lark_cython_token_as_it_reads_larks() -> None:
    """The one-pass route on lark-cython hands its tokens to the lowering methods unconverted."""
    _cython()  # lark-cython is installed (under CI it must be)
    import lark_cython

    from rubricdsl.syntax.lower import Lowerer

    compiled = lark_cython.Token("PERCENT", "90%", 12, 2, 5, 2, 8, 15)
    built = Token("PERCENT", "90%", 12, 2, 5, 2, 8, 15)
    lowerer = Lowerer("")
    for method in ("percent", "tolerance", "percent_step"):
        lower = lowerer.rule_method(method)
        assert lower is not None
        assert everything(lower(None, compiled)) == everything(lower(None, built))
    share = lowerer.rule_method("level_share")
    assert share is not None
    level = lark_cython.Token("NAME", "优", 0, 1, 1, 1, 2, 1)
    assert everything(share(None, level, compiled)) == everything(
        share(None, Token("NAME", "优", 0, 1, 1, 1, 2, 1), built)
    )


@pytest.mark.parametrize("which", PARSERS)
def test_the_driven_table_is_larks_with_identity_rules_and_shortcuts(which: str) -> None:
    """parse_table is lark's table action for action, in versions of lark's states, except where a
    pass-through reduction starts a chain of them: there it reduces straight to where lark's chain, over
    every state that can lie beneath, ends.  Its rules compare by identity (one object per rule)."""
    parser = PARSERS[which]()
    original, driven = parser.parser.parser._parse_table, parse_table(parser)
    version = lark_state(parser)
    assert driven.start_states == original.start_states and driven.end_states == original.end_states
    assert set(version) == set(driven.states) and all(version[s] == s for s in original.states)
    entered: dict[int, list[tuple[int, str]]] = {}
    for state, actions in driven.states.items():
        for symbol, (action, argument) in actions.items():
            if action is Shift:
                entered.setdefault(argument, []).append((state, symbol))
    copies: dict[int, Any] = {}
    shortcuts = 0
    for state, actions in driven.states.items():
        lark_actions = original.states[version[state]]
        assert actions.keys() == lark_actions.keys()
        if state not in original.states:  # a version: entered by a rule's name only, never lexed in
            assert all(not symbol.isupper() for _, symbol in entered[state])
        for symbol, (action, argument) in actions.items():
            lark_action, lark_argument = lark_actions[symbol]
            assert action is lark_action
            if action is Shift:
                assert version[argument] == lark_argument
                continue
            kind: Any = type(argument)
            assert kind.__hash__ is object.__hash__ and kind.__eq__ is object.__eq__
            if argument.origin == lark_argument.origin:
                assert argument is not lark_argument and copies.setdefault(id(lark_argument), argument) is argument
                assert (argument.expansion, argument.alias, argument.options) == (
                    lark_argument.expansion,
                    lark_argument.alias,
                    lark_argument.options,
                )
                continue
            shortcuts += 1
            assert passes_through(lark_argument) and argument.expansion == lark_argument.expansion
            for below, _ in entered[state]:
                assert _lark_chain_end(original, version[below], lark_argument, symbol) == argument.origin.name
                landed = driven.states[below][argument.origin.name][1]
                assert version[landed] == original.states[version[below]][argument.origin.name][1]
    assert shortcuts > 50
    assert set(map(id, copies.values())) <= set(map(id, plans(parser)))


def _lark_chain_end(table: Any, below: int, rule: Any, lookahead: str) -> str:
    """The name lark's own table ends on after ``rule``'s reduction and the pass-through ones after it."""
    name = rule.origin.name
    while True:
        landed = table.states[below][name][1]
        if landed in table.end_states.values():
            return str(name)
        action, argument = table.states[landed].get(lookahead, (Shift, None))
        if action is Shift or not passes_through(argument):  # (no action at all: lark stops there, with an error)
            return str(name)
        name = argument.origin.name


def test_most_pass_through_reductions_are_skipped() -> None:
    """At 200 synthetic indicators, the driven table makes under half of lark's pass-through reductions."""
    parser = grammar.lark_parser()
    text = synth_rubric(200, seed=200).text

    def pass_throughs(table: Any) -> int:
        count = 0

        def counting(plan: Any) -> Callable[[list[Any]], Any]:
            def call(children: list[Any]) -> Any:
                nonlocal count
                count += plan.passes_through
                return children[0]

            return call

        callbacks = {rule: counting(plan) for rule, plan in _plans_of(table).items() if plan.passes_through}
        full = {**_reference_callbacks(parser, table), **callbacks}
        reset = grammar.ACTIVE_HOOKS.set(_Scanner())
        try:
            _drive(table, full, parser.parser._make_lexer_thread(text), "start")
        finally:
            grammar.ACTIVE_HOOKS.reset(reset)
        return count

    lark_table = parser.parser.parser._parse_table
    driven, lark = pass_throughs(parse_table(parser)), pass_throughs(lark_table)
    assert driven > 0 and driven * 2 < lark, (driven, lark)


def _plans_of(table: Any) -> dict[Any, Any]:
    return {
        rule: _Plan(rule)
        for actions in table.states.values()
        for _, rule in actions.values()
        if not isinstance(rule, int)
    }


def _reference_callbacks(parser: Lark, table: Any) -> dict[Any, Callable[[list[Any]], Any]]:
    """Callbacks that build nothing (the count needs only the reductions)."""
    return {rule: (lambda children: (None, None, None)) for rule in _plans_of(table)}


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
