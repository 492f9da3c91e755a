"""render.safe_text: nothing from a file reaches the terminal as a control sequence; the carets stay aligned."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rubricdsl.diagnostics import Diagnostic, Severity, Text
from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.render.diagnostics import render_text
from rubricdsl.render.safe_text import safe_text

# What a terminal would act on: C0 but \n, DEL, C1, bidi controls, line/paragraph separators, surrogates.
DANGEROUS = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def test_escapes_are_visible_and_ordinary_text_is_untouched() -> None:
    assert safe_text("预算完成率 ≥ 90%") == "预算完成率 ≥ 90%"
    assert safe_text("\x1b]52;c;aGk=\x07") == "\\x1b]52;c;aGk=\\x07"
    assert safe_text("100\u202e") == "100\\u202e"
    assert safe_text("a\nb") == "a\\x0ab" and safe_text("a\nb", keep_newlines=True) == "a\nb"
    assert safe_text("\ud800") == "\\ud800" and safe_text("a\tb") == "a b"


def test_the_caret_stays_under_the_character_after_an_escape() -> None:
    source = SourceFile("r.rubric", 'fact x "\x1b[2J": count\nfact y "a": bogus\n')
    start = source.text.index("bogus")
    diagnostic = Diagnostic("E119", "unknown-fact-type", Severity.ERROR, Text("bad", "坏"), Span(start, start + 5))
    lines = render_text(diagnostic, source, "en").splitlines()
    shown, carets = lines[3], lines[4]
    assert shown[carets.index("^") :].startswith("bogus")
    escaped = SourceFile("r.rubric", 'fact y "\x1b[2J": bogus\n')
    start = escaped.text.index("bogus")
    lines = render_text(
        Diagnostic("E119", "x", Severity.ERROR, Text("b", "b"), Span(start, start + 5)), escaped
    ).splitlines()
    assert "\x1b" not in "\n".join(lines)
    assert lines[3][lines[4].index("^") :].startswith("bogus")


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_no_dangerous_character_survives(text: str) -> None:
    assert DANGEROUS.search(safe_text(text)) is None
    assert DANGEROUS.search(safe_text(text, keep_newlines=True)) is None


@given(message=st.text(max_size=30), source_text=st.text(max_size=60), file_name=st.text(max_size=10))
@settings(max_examples=200, deadline=None)
def test_rendered_diagnostics_carry_no_control_characters(message: str, source_text: str, file_name: str) -> None:
    source = SourceFile(file_name or "f", source_text)
    span = Span(0, len(source_text)) if source_text else None
    diagnostic = Diagnostic(
        "F402", "unknown-fact", Severity.ERROR, Text(message, message), span, Text(message, message)
    )
    for lang in ("en", "zh"):
        rendered = render_text(diagnostic, source if span else None, lang, file_name=file_name or None)
        assert DANGEROUS.search(rendered.replace("\n", "")) is None
