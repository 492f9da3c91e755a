"""The LALR tables are cached per user between processes, and a cached parser behaves like a fresh one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = (
    'import rubricdsl; r = rubricdsl.loads(\'# kept\\nrubric t "t" 1  # full\\nindicator i "i" 1 { formula 1 }\');'
    "print([c.text for c in r.checked.rubric.comments]);"
    # hypothesis.extra.lark.from_lark reads the grammar back from the parser, cached or not
    "from rubricdsl.syntax.grammar import lark_parser; print(hasattr(lark_parser(), 'grammar'))"
)


def _run(cache_home: Path, **extra: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "RUBRICDSL_NO_CACHE"}
    env |= {"XDG_CACHE_HOME": str(cache_home), **extra}
    completed = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def test_a_second_process_loads_the_cached_tables_and_still_sees_comments(tmp_path: Path) -> None:
    first = _run(tmp_path)
    (cached,) = (tmp_path / "rubricdsl").glob("lalr-*.cache")
    built = cached.stat().st_mtime_ns
    second = _run(tmp_path)
    assert first == second == "['# kept', '# full']\nTrue"
    assert cached.stat().st_mtime_ns == built  # loaded, not rebuilt
    assert (tmp_path / "rubricdsl").stat().st_mode & 0o077 == 0  # private to the user


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    assert _run(tmp_path, RUBRICDSL_NO_CACHE="1") == "['# kept', '# full']\nTrue"
    assert not (tmp_path / "rubricdsl").exists()
