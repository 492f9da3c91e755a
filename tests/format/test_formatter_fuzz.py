"""Grammar-generated rubrics: whatever parses formats to a stable, equivalent text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis.extra.lark import from_lark

from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.format import format_source
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax.grammar import lark_parser
from rubricdsl.syntax.parse import parse_rubric


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(from_lark(lark_parser(), start="start"))
def test_generated_rubrics_format_stably(text: str) -> None:
    try:
        original = parse_rubric(SourceFile("fuzz", text))
    except RubricSyntaxError:
        return  # from_lark may omit whitespace between tokens; a clean syntax error is fine here
    formatted = format_source(text)  # raises FormatError if meaning, comments or stability would break
    assert parse_rubric(SourceFile("fuzz", formatted)) == original
    assert format_source(formatted) == formatted
