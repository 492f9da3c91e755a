"""docs/diagnostics.md lists every code of the catalogue, each with an example and its fix, and the Chinese
it shows is what rubricdsl prints today.  A code no longer raised is retired, never reused: it leaves the
catalogue and is listed under "Retired codes" with what replaced it.  (The English output under each ``rubric-invalid`` example is
checked by tests/docs, which replays every such block in the docs.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import rubricdsl
from rubricdsl.diagnostics import messages

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "diagnostics.md"
TEXT = DOC.read_text(encoding="utf-8")
LIVE, _, RETIRED_PART = TEXT.partition("\n## Retired codes\n")
# | `S609` | `sql-penalty-bonus` | what old versions printed | why it retired, and what replaced it |
RETIRED = {
    code: (name, printed, replaced)
    for code, name, printed, replaced in re.findall(
        r"^\| `([EFSTW]\d{3})` \| `([a-z0-9-]+)` \| (.*?) \| (.*?) \|$", RETIRED_PART, flags=re.M
    )
}
SECTIONS = dict(re.findall(r"^### ([EFST]\d{3}) `[a-z0-9-]+`\n(.*?)(?=^### |^## |\Z)", LIVE, flags=re.S | re.M))
INVALID_THEN_CHINESE = re.compile(
    r"```rubric-invalid[^\n]*\n(?P<rubric>.*?)```\n\n```text\n.*?```\n\nIn Chinese[^\n]*\n\n```text\n(?P<zh>.*?)```",
    flags=re.S,
)


def test_every_code_in_the_catalogue_has_a_section() -> None:
    assert sorted(set(messages.CATALOGUE) - set(SECTIONS)) == []


def test_every_section_is_a_code_of_the_catalogue_with_its_name() -> None:
    for code, name in re.findall(r"^### ([EFST]\d{3}) `([a-z0-9-]+)`", LIVE, flags=re.M):
        assert code in messages.CATALOGUE, code
        assert messages.CATALOGUE[code].name == name, code


@pytest.mark.parametrize("code", sorted(messages.CATALOGUE))
def test_every_section_shows_the_chinese_and_a_fix(code: str) -> None:
    section = SECTIONS[code]
    assert "**Fix:**" in section
    assert re.search(r"[\u4e00-\u9fff]", section), f"{code}: the Chinese message is not shown"


def test_retired_codes_are_listed_with_what_replaced_them() -> None:
    assert RETIRED_PART, "docs/diagnostics.md has no 'Retired codes' part"
    assert {"S609", "S610", "S615", "S616", "S617"} <= set(RETIRED)  # published, then no longer raised
    for code, (_, printed, replaced) in RETIRED.items():
        assert re.search(r"[\u4e00-\u9fff]", printed) and printed.count("``") == 4, code  # both languages, verbatim
        assert len(replaced.split()) >= 8, f"{code}: say why it retired and what replaced it"


def test_a_retired_code_is_never_re_added_to_the_catalogue_nor_its_name_reused() -> None:
    assert sorted(set(RETIRED) & set(messages.CATALOGUE)) == []
    names = {entry.name for entry in messages.CATALOGUE.values()}
    assert sorted(name for name, _, _ in RETIRED.values() if name in names) == []
    assert not re.search(r"^### ", RETIRED_PART, flags=re.M)  # a retired code has no live section


def test_a_retired_code_is_never_raised() -> None:
    # messages.make looks a code up in the catalogue (a KeyError for a retired one); and nothing in the sources
    # names one as a string, so no code path builds or compares it either
    quoted = re.compile(r"[\"']([EFSTW]\d{3})[\"':]")
    for path in sorted((ROOT / "src" / "rubricdsl").rglob("*.py")):
        found = set(quoted.findall(path.read_text(encoding="utf-8"))) & set(RETIRED)
        assert not found, f"{path.relative_to(ROOT)} names the retired {sorted(found)}"
    for code in RETIRED:
        with pytest.raises(KeyError):
            messages.make(code, None)


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
