"""The catalogue's families (diagnostics/catalogue/): each code in exactly one, and the whole as it was one dict."""

from __future__ import annotations

from collections import Counter

from rubricdsl.diagnostics import catalogue, messages


def test_every_code_is_in_exactly_one_family() -> None:
    counts = Counter(code for family in catalogue.FAMILIES for code in family.ENTRIES)
    assert [code for code, count in counts.items() if count > 1] == []
    assert set(counts) == set(catalogue.CATALOGUE)


def test_messages_builds_from_the_families() -> None:
    assert messages.CATALOGUE is catalogue.CATALOGUE
    diagnostic = messages.make("S630", None, column="c", found="INTEGER", expected="STRUCT(a BIGINT)[]", detail="d")
    assert diagnostic.name == catalogue.sql.ENTRIES["S630"].name and "`c`" in diagnostic.message.en
