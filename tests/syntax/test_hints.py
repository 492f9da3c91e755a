"""The pieces behind the curated syntax messages: character tables, bracket scanning, and the parser probes."""

from __future__ import annotations

import pytest

from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax import hints
from rubricdsl.syntax.parse import parse_rubric

HEAD = 'rubric demo "示例" 10\nfact rate "预算完成率": percent\n'


def diagnose(text: str) -> tuple[str, str, int]:
    with pytest.raises(RubricSyntaxError) as caught:
        parse_rubric(SourceFile("demo.rubric", text))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.span is not None
    return diagnostic.code, diagnostic.message.en, diagnostic.span.start


@pytest.mark.parametrize(("char", "ascii"), sorted(hints.FULL_WIDTH.items()))
def test_every_unaccepted_full_width_symbol_names_its_ascii_form(char: str, ascii: str) -> None:
    text = HEAD + f'indicator i "I" 10 {{ score rate: >= 90% -> 10{char} else 0 }}\n'
    code, message, start = diagnose(text)
    assert (code, message) == ("E106", f"full-width `{char}` is not accepted here, write `{ascii}`")
    assert text[start] == char


@pytest.mark.parametrize("arrow", sorted(hints.ARROWS) + sorted(hints.TWO_CHAR_ARROWS - {">>"}))
def test_every_wrong_arrow_is_named(arrow: str) -> None:
    code, message, _ = diagnose(HEAD + f'indicator i "I" 10 {{ score rate: >= 90% {arrow} 10; else 0 }}\n')
    assert (code, message) == ("E104", f"`{arrow}` is not an arrow, write `->`")


@pytest.mark.parametrize("quote", sorted(hints.QUOTES))
def test_every_wrong_quote_mark_is_named(quote: str) -> None:
    code, _, _ = diagnose(HEAD + f"indicator i {quote}预算{quote} 10 {{ score rate: >= 90% -> 10; else 0 }}\n")
    assert code == "E118"


def test_brackets_inside_labels_and_comments_do_not_count() -> None:
    text = '"说明（一）{" # 注释 ( {\n( { "}" （'
    assert [kind for kind, _ in hints.open_brackets(text, len(text))] == ["(", "{", "("]


def test_an_unclosed_full_width_parenthesis_is_found() -> None:
    text = HEAD + 'indicator i "I" 10 { formula min（rate, 1 }\n'
    code, _, start = diagnose(text)
    assert code == "E108" and text[start] == "（"


def test_the_expected_list_leaves_out_what_lalr_merged_in() -> None:
    """Inside an indicator, `fact` or `grades` can never follow a band's value, whatever LALR's table says."""
    code, message, _ = diagnose(HEAD + 'indicator i "I" 10 { formula 10 formula 5 }\n')
    assert code == "E100"
    assert "`fact`" not in message and "`grades`" not in message
    assert "`}`" in message


def test_a_missing_semicolon_is_not_claimed_where_one_would_not_help() -> None:
    """`let` shares the LR state of a band's value; the probe keeps E105 out of it."""
    code, _, _ = diagnose(HEAD + 'let x "x" = 10 else 0\nindicator i "I" 10 { formula 10 }\n')
    assert code != "E105"


def test_a_misspelled_keyword_far_from_any_keyword_gets_no_guess() -> None:
    code, _, _ = diagnose(HEAD + 'zzzzqqq i "I" 10 { formula 10 }\n')
    assert code == "E100"


def test_an_extra_brace_on_a_one_line_block_style_falls_back_to_the_plain_message() -> None:
    text = HEAD + 'indicator i "I" 10 { formula 10 } }\n'
    code, _, start = diagnose(text)
    assert code == "E109" and start == text.rindex("}")


@pytest.mark.parametrize(
    ("band", "fixed", "other"),
    [
        ("0-10% -> 2", "(0, 10%]", "[0, 10%)"),  # from 0: 0 itself is usually a band of its own
        ("80-100% -> 5", "[80%, 100%]", "(80%, 100%]"),  # the top band holds both ends
        ("80%-90% -> 4", "[80%, 90%)", "(80%, 90%]"),
        ("10-15 -> 3", "[10, 15)", "(10, 15]"),
        ("10 - 15 -> 3", "[10, 15)", "(10, 15]"),
        ("80～100% -> 5", "[80%, 100%]", "(80%, 100%]"),
        ("60—80% -> 3", "[60%, 80%)", "(60%, 80%]"),
        ("10-20万元 -> 3", "[10万元, 20万元)", "(10万元, 20万元]"),
    ],
)
@pytest.mark.parametrize("before", ["", ">= 100% -> 10; "])
def test_a_band_written_as_a_range_gets_the_interval_spelling(band: str, fixed: str, other: str, before: str) -> None:
    subject = "money_spent" if "元" in band else "rate"
    head = HEAD + 'fact money_spent "支出": money 元\n'
    text = head + f'indicator i "I" 10 {{ score {subject}: {before}{band}; else 0 }}\n'
    with pytest.raises(RubricSyntaxError) as caught:
        parse_rubric(SourceFile("demo.rubric", text))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "E143"  # not E123 "missing else"
    assert diagnostic.span is not None
    written = band.split(" ->")[0]
    assert text[diagnostic.span.start : diagnostic.span.end] == written
    assert diagnostic.hint is not None
    assert f"`{fixed}`" in diagnostic.hint.en and f"`{other}`" in diagnostic.hint.en
    assert f"`{fixed}`" in diagnostic.hint.zh
    for repaired in (fixed, other):  # both suggestions are rubrics that parse
        parse_rubric(SourceFile("demo.rubric", text.replace(written, repaired)))


def test_a_missing_else_is_still_a_missing_else() -> None:
    code, _, _ = diagnose(HEAD + 'indicator i "I" 10 { score rate: >= 90% -> 10; 0 }\n')
    assert code == "E123"
