"""The shipped snapshot of Python's Unicode sets is what the running Python computes, and it is the one used."""

from __future__ import annotations

import unicodedata

from rubricdsl.evaluate.sql import unicode_sets as module


def test_the_snapshot_equals_python_s_own_tables() -> None:
    # if this fails after a Python upgrade, regenerate: python -m rubricdsl.evaluate.sql.unicode_sets
    computed = module.compute()
    assert computed.version == unicodedata.unidata_version
    assert module.SNAPSHOT.read_text(encoding="utf-8") == module._as_json(computed)


def test_the_snapshot_is_used_when_its_version_matches() -> None:
    module.unicode_sets.cache_clear()
    try:
        sets = module.unicode_sets()
        assert sets == module.compute()
        assert 0x0660 in sets.digits and 0x3000 in sets.spaces  # ARABIC-INDIC ZERO, IDEOGRAPHIC SPACE
        assert "ſ" in sets.folds["s"]
    finally:
        module.unicode_sets.cache_clear()


def test_a_snapshot_of_another_version_is_not_trusted(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    stale = tmp_path / "unicode_sets.json"
    stale.write_text('{"version": "0.0", "digits": [48], "spaces": [], "folds": {}}', encoding="utf-8")
    monkeypatch.setattr(module, "SNAPSHOT", stale)
    module.unicode_sets.cache_clear()
    try:
        assert module.unicode_sets() == module.compute()
    finally:
        module.unicode_sets.cache_clear()
