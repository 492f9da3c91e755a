"""Grammar fuzzing: text drawn from the real grammar (``hypothesis.extra.lark.from_lark``) either parses or
fails with a clean :class:`RubricSyntaxError` whose spans lie inside the text; whatever parses goes on
through check, evaluation with no facts, and both renderers, and only :class:`RubricError` may escape.

``from_lark`` joins tokens without spaces unless it happens to draw whitespace, so most raw draws are
near-misses (``factx``): good for the error paths.  The second strategy puts a space after every token so
that many draws parse and reach the checker and the evaluator.  Both are derandomized (CI sees the same
inputs every run) and bounded in examples, not time.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from rubricdsl.compiled import CompiledRubric
from rubricdsl.diagnostics import Diagnostic
from rubricdsl.diagnostics.errors import RubricError, RubricSyntaxError
from rubricdsl.reading.source import SourceFile
from rubricdsl.render.diagnostics import render_all, to_json
from rubricdsl.semantics import check
from rubricdsl.syntax.grammar import lark_parser
from rubricdsl.syntax.parse import parse_rubric

FUZZ_SETTINGS = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

LARK_NAMES = re.compile(r"\b(_[A-Z]+|__ANON_\d+|[A-Z]{3,}_?[A-Z]*)\b|\$END")

# Short, readable values for the regex terminals, so that names repeat (and resolve) across a draw.
SPACED_TERMINALS = {
    "NAME": st.sampled_from(["a", "b", "rate", "预算", "活动次数", "x_1"]),
    "NUMBER": st.sampled_from(["0", "1", "5", "10", "0.5", "100", "12"]),
    "PERCENT": st.sampled_from(["0%", "60%", "90%", "100%", "95％"]),
    "MONEY": st.sampled_from(["50万元", "0元", "1.5万元"]),
    "STRING": st.sampled_from(['"标题"', '"a"', "“中文引号”", '""']),
    "COMMENT": st.just("# 注释\n"),
    "WS": st.sampled_from([" ", "\n", "\u3000"]),
}


def spaced_explicit() -> dict[str, st.SearchStrategy[str]]:
    explicit: dict[str, st.SearchStrategy[str]] = {}
    for terminal in lark_parser().terminals:
        if terminal.name in SPACED_TERMINALS:
            base = SPACED_TERMINALS[terminal.name]
        elif terminal.pattern.type == "str":
            base = st.just(str(terminal.pattern.value))
        else:
            base = st.from_regex(terminal.pattern.to_regexp(), fullmatch=True)
        explicit[terminal.name] = base.map(lambda text: text + " ")
    return explicit


def assert_clean(diagnostics: tuple[Diagnostic, ...], source: SourceFile) -> None:
    assert diagnostics, "an error must carry at least one diagnostic"
    for diagnostic in diagnostics:
        if diagnostic.span is not None:
            assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(source.text), diagnostic
        for lang in ("en", "zh"):
            text = render_all([diagnostic], source, lang)
            assert diagnostic.code in text
            to_json(diagnostic, source, lang)
        if diagnostic.code.startswith("E1"):
            message = diagnostic.message.en + diagnostic.message.zh
            assert not LARK_NAMES.search(message), f"lark's token names leaked: {message}"


def run_pipeline(text: str) -> None:
    source = SourceFile("fuzz.rubric", text)
    try:
        rubric = parse_rubric(source)
    except RubricSyntaxError as error:
        assert len(error.diagnostics) == 1, "a syntax error is reported once"
        assert_clean(error.diagnostics, error.source)
        return
    try:
        compiled = CompiledRubric(check(rubric, source))
    except RubricError as error:
        assert_clean(error.diagnostics, error.source)
        return
    result = compiled.evaluate({})
    for problem in result.fact_problems:
        assert problem.code.startswith("F4")
    assert_clean(result.errors, compiled.source) if result.errors else None
    for item in result.indicators:
        assert item.score is None or 0 <= item.score <= item.points


RAW_DRAWS = from_lark(lark_parser())
SPACED_DRAWS = from_lark(lark_parser(), explicit=spaced_explicit())


@FUZZ_SETTINGS
@given(RAW_DRAWS)
def test_raw_grammar_draws_parse_or_fail_cleanly(text: str) -> None:
    run_pipeline(text)


@FUZZ_SETTINGS
@given(SPACED_DRAWS)
def test_spaced_grammar_draws_go_through_check_and_evaluation(text: str) -> None:
    run_pipeline(text)


@FUZZ_SETTINGS
@given(st.data())
def test_any_prefix_of_a_grammar_draw_fails_cleanly(data: st.DataObject) -> None:
    """Truncation is the commonest accident (a file saved half-way); every cut point must read well."""
    text = data.draw(SPACED_DRAWS)
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    run_pipeline(text[:cut])
