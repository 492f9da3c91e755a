"""Chinese quotes inside labels (issue 10, form 9): `"本年度“三公经费”预算数"` and the full-width outer form
`“本年度“三公经费”预算数”` parse to the same label, keep their quotes through the formatter, reach results and
documents as written; a full-width label that ends at an inner quote is E144 with a repair that parses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.format import format_source
from rubricdsl.format.expressions import label
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax.parse import parse_rubric

LABEL = "本年度“三公经费”预算数"


def rubric_with(written: str) -> str:
    return (
        f"rubric q {written} 10\n"
        f"fact budget {written}: money 万元\n"
        "fact spent: money 万元\n"
        f"indicator ctl {written} 10 {{\n"
        f"  standard {written}\n"
        "  score spent / budget: <= 100% -> 10; else 0\n"
        "}\n"
    )


@pytest.mark.parametrize("written", [f'"{LABEL}"', f"“{LABEL}”", "““三公经费”控制率”", "“a“b”c“d”e”"])
def test_a_label_with_inner_quotes_parses_formats_and_scores(written: str) -> None:
    text = rubric_with(written)
    rubric = rubricdsl.loads(text)
    inner = written[1:-1]
    assert rubric.label == inner
    assert rubric.checked.facts["budget"].label == inner
    formatted = format_source(text)
    assert formatted.count(written) == 4  # the author's outer quotes are kept
    assert format_source(formatted) == formatted
    result = rubric.evaluate({"budget": 50, "spent": 45})
    (row,) = result.indicators
    assert (row.label, row.standard, row.score) == (inner, inner, 10)
    assert result.to_dict(numbers="string")["title"] == inner


def test_the_documents_show_the_label_as_written(tmp_path: Path) -> None:
    import zipfile

    import openpyxl

    from rubricdsl.outputs.docx import write_table as write_docx
    from rubricdsl.outputs.html import table_page
    from rubricdsl.outputs.tables import indicator_table
    from rubricdsl.outputs.xlsx import write_table as write_xlsx

    rubric = rubricdsl.loads(rubric_with(f"“{LABEL}”"))
    assert f"{LABEL}" in table_page(indicator_table(rubric))
    write_xlsx(rubric, tmp_path / "t.xlsx")
    cells = [
        cell for row in openpyxl.load_workbook(tmp_path / "t.xlsx").active.iter_rows(values_only=True) for cell in row
    ]
    assert cells.count(LABEL) >= 2  # the title and the indicator (and its standard)
    write_docx(indicator_table(rubric), tmp_path / "t.docx")
    document = zipfile.ZipFile(tmp_path / "t.docx").read("word/document.xml").decode("utf-8")
    assert LABEL in document


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("“本年度“三公经费”预算数", '"本年度“三公经费”预算数"'),  # the outer quote never closed
        ("“评价“等级“结果”””", '"评价“等级“结果””"'),  # two deep
        ("“评价”等级”", '"评价”等级"'),  # an inner ” with no “
    ],
)
def test_a_label_that_ends_at_an_inner_quote_is_e144_with_a_repair(written: str, fixed: str) -> None:
    text = f'rubric r "R" 10\nindicator a {written} 10 {{ formula 1 }}\n'
    with pytest.raises(RubricSyntaxError) as caught:
        parse_rubric(SourceFile("demo.rubric", text))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "E144"
    assert diagnostic.span is not None and text[diagnostic.span.start] == "“"
    assert diagnostic.hint is not None and f"`{fixed}`" in diagnostic.hint.en
    repaired = parse_rubric(SourceFile("demo.rubric", text.replace(written, fixed)))
    assert repaired.children[0].label == fixed[1:-1]


def test_an_old_unbalanced_opening_quote_inside_still_reads_as_before() -> None:
    """`“本年度“三公经费”` (an inner “ never closed) was a valid label before nesting: it still is."""
    text = 'rubric r "R" 10\nindicator a “本年度“三公经费” 10 { formula 1 }\n'
    assert parse_rubric(SourceFile("t", text)).children[0].label == "本年度“三公经费"
    assert format_source(text) == format_source(format_source(text))


PIECES = st.lists(st.sampled_from(["三公", "经费", "“", "”", '"', "（含）", " ", "预算"]), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(pieces=PIECES, quote=st.sampled_from(['"', "“"]))
def test_every_label_the_formatter_prints_reads_back_as_itself(pieces: list[str], quote: str) -> None:
    text = "".join(pieces).strip()
    if not text:
        return
    printed = label(text, quote)
    try:
        parsed = parse_rubric(SourceFile("t", f"rubric r {printed} 1\nindicator a 1 {{ formula 1 }}\n"))
    except RubricSyntaxError:
        # Only a text that holds `"` and an unbalanced `”` has no spelling; no label read from a file is one.
        assert '"' in text and "”" in text
        return
    assert parsed.label == text
    if quote == "“" and printed[0] != "“":
        assert "”" in text  # the author's full-width quotes give way only where they cannot hold the text
