"""Golden tests: what a policy writer sees for each syntax message, in English and Chinese.

Each ``tests/cases/syntax/<CODE>-<slug>.rubric`` is compiled from its bytes (so encoding cases run the real
reader) and must fail with exactly ``<CODE>``; the rendered text is compared with ``<name>.en.txt`` and
``<name>.zh.txt``.  After a deliberate wording change, regenerate with ``UPDATE_GOLDEN=1 pytest tests/syntax``
and review the diff: the snapshot is exactly what users read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rubricdsl.compiled import compile_source
from rubricdsl.diagnostics import messages
from rubricdsl.diagnostics.errors import RubricError
from rubricdsl.reading.rubric_file import decode_rubric_bytes
from rubricdsl.render.diagnostics import render_all
from rubricdsl.syntax import hints

CASES = Path(__file__).resolve().parents[1] / "cases" / "syntax"
CASE_FILES = sorted(CASES.glob("*.rubric"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

# Codes a small file cannot show: E112 needs more than 5 million characters (tests/test_limits.py has it).
NOT_IN_GOLDEN = {"E112", "E141"}  # E141 is `rubric fmt`'s, tested in tests/format


def _render(path: Path) -> tuple[str, dict[str, str]]:
    try:
        compile_source(decode_rubric_bytes(path.name, path.read_bytes()))
    except RubricError as error:
        codes = {diagnostic.code for diagnostic in error.diagnostics}
        assert len(codes) == 1, f"{path.name}: one mistake should give one code, got {sorted(codes)}"
        rendered = {lang: render_all(error.diagnostics, error.source, lang) + "\n" for lang in ("en", "zh")}
        return codes.pop(), rendered
    raise AssertionError(f"{path.name} compiled, but it is a broken example")


@pytest.mark.parametrize("path", CASE_FILES, ids=[path.stem for path in CASE_FILES])
def test_the_rendered_diagnostic_matches_the_golden_text(path: Path) -> None:
    code, rendered = _render(path)
    assert code == path.stem.split("-")[0]
    for lang, text in rendered.items():
        golden = path.with_suffix(f".{lang}.txt")
        if UPDATE:
            golden.write_text(text, encoding="utf-8")
        assert golden.is_file(), f"no golden text {golden.name}; run with UPDATE_GOLDEN=1 and review it"
        assert text == golden.read_text(encoding="utf-8")


def test_every_syntax_code_has_a_golden_case() -> None:
    syntax_codes = {code for code in messages.CATALOGUE if code.startswith("E1")} - NOT_IN_GOLDEN
    covered = {path.stem.split("-")[0] for path in CASE_FILES}
    assert syntax_codes - covered == set()


def test_no_golden_text_is_left_without_its_case() -> None:
    stems = {path.stem for path in CASE_FILES}
    orphans = [path.name for path in CASES.glob("*.txt") if path.name.rsplit(".", 2)[0] not in stems]
    assert orphans == []


@pytest.mark.parametrize("label", sorted(hints.EXAMPLES))
def test_every_curated_example_still_gives_its_own_message(label: str) -> None:
    """A grammar change that moves an example to another parser state must show up here, not in the field."""
    from rubricdsl.reading.source import SourceFile
    from rubricdsl.syntax.parse import parse_rubric

    for example in hints.EXAMPLES[label][1]:
        with pytest.raises(RubricError) as caught:
            parse_rubric(SourceFile("example.rubric", example))
        assert [diagnostic.code for diagnostic in caught.value.diagnostics] == [label], example


def test_no_message_names_a_lark_token() -> None:
    """Every golden text is free of lark's internal names (`_SEMI`, `__ANON_0`, `$END`, `RBRACE`)."""
    for golden in CASES.glob("*.txt"):
        text = golden.read_text(encoding="utf-8")
        for internal in ("_SEMI", "_RBRACE", "_LPAR", "__ANON", "$END", "NAME", "NUMBER", "Token("):
            assert internal not in text, f"{golden.name} shows {internal}"
