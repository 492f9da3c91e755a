"""docs/diagnostics.md lists every code of the catalogue, each with an example and its fix, and the Chinese
it shows is what rubricdsl prints today.  (The English output under each ``rubric-invalid`` example is
checked by tests/docs, which replays every such block in the docs.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import rubricdsl
from rubricdsl.diagnostics import messages

DOC = Path(__file__).resolve().parents[1] / "docs" / "diagnostics.md"
TEXT = DOC.read_text(encoding="utf-8")
SECTIONS = dict(re.findall(r"^### ([EFST]\d{3}) `[a-z0-9-]+`\n(.*?)(?=^### |^## |\Z)", TEXT, flags=re.S | re.M))
INVALID_THEN_CHINESE = re.compile(
    r"```rubric-invalid[^\n]*\n(?P<rubric>.*?)```\n\n```text\n.*?```\n\nIn Chinese[^\n]*\n\n```text\n(?P<zh>.*?)```",
    flags=re.S,
)


def test_every_code_in_the_catalogue_has_a_section() -> None:
    assert sorted(set(messages.CATALOGUE) - set(SECTIONS)) == []


def test_every_section_is_a_code_of_the_catalogue_with_its_name() -> None:
    for code, name in re.findall(r"^### ([EFST]\d{3}) `([a-z0-9-]+)`", TEXT, flags=re.M):
        assert code in messages.CATALOGUE, code
        assert messages.CATALOGUE[code].name == name, code


@pytest.mark.parametrize("code", sorted(messages.CATALOGUE))
def test_every_section_shows_the_chinese_and_a_fix(code: str) -> None:
    section = SECTIONS[code]
    assert "**Fix:**" in section
    assert re.search(r"[\u4e00-\u9fff]", section), f"{code}: the Chinese message is not shown"


def test_the_encoding_decision_is_documented() -> None:
    assert "## Encoding" in TEXT
    assert "iconv -f GB18030 -t UTF-8" in TEXT
    assert "BOM" in TEXT and "CRLF" in TEXT


def test_the_chinese_shown_under_each_example_is_current() -> None:
    checked = 0
    for match in INVALID_THEN_CHINESE.finditer(TEXT):
        with pytest.raises(rubricdsl.RubricError) as caught:
            rubricdsl.loads(match["rubric"], name="demo.rubric")
        shown = match["zh"].rstrip("\n").split("\n")
        expected: list[str] = []
        for diagnostic in caught.value.diagnostics:
            expected.append(f"错误[{diagnostic.code}]: {diagnostic.message.zh}")
            if diagnostic.hint is not None:
                expected.append(f"  = 提示: {diagnostic.hint.zh}")
        assert shown == expected
        checked += 1
    assert checked >= 40
