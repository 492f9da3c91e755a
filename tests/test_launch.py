"""``rubric --version`` and ``rubric --help`` answer without loading the command line (typer, lark, pydantic),
and the help they show is typer's own for the same command definitions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import rubricdsl
from rubricdsl import help_cache

HEAVY = ("typer", "click", "rich", "lark", "pydantic", "rubricdsl.cli", "rubricdsl.compiled")


def _rubric(args: list[str], cache: Path, **environment: str) -> tuple[int, str, set[str]]:
    """Run ``python -m rubricdsl ARGS`` in a fresh process; (exit, stdout, every module it imported)."""
    env = {name: value for name, value in os.environ.items() if name != "COLUMNS"}
    env |= {"XDG_CACHE_HOME": str(cache), **environment}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "rubricdsl", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return done.returncode, done.stdout, imported


def _heavy(imported: set[str]) -> set[str]:
    return {name for name in imported if name.split(".")[0] in HEAVY or name.startswith(HEAVY)}


def test_version_loads_nothing_heavy(tmp_path: Path) -> None:
    code, out, imported = _rubric(["--version"], tmp_path)
    assert (code, out) == (0, f"rubric {rubricdsl.__version__}\n")
    assert _heavy(imported) == set()


@pytest.mark.parametrize("args", [["--help"], ["eval", "--help"], ["lint", "--help"]])
def test_help_is_typers_and_is_shown_again_without_loading_typer(tmp_path: Path, args: list[str]) -> None:
    first = _rubric(args, tmp_path)
    assert first[0] == 0 and "Usage: rubric" in first[1]
    assert "typer" in first[2]  # written by typer the first time
    again = _rubric(args, tmp_path)
    assert again[:2] == first[:2]
    assert _heavy(again[2]) == set()
    fresh = _rubric(args, tmp_path / "elsewhere")  # no cache: typer writes it, the same text
    assert fresh[:2] == first[:2]


def test_another_width_is_written_by_typer_again(tmp_path: Path) -> None:
    narrow = _rubric(["--help"], tmp_path, COLUMNS="60")
    wide = _rubric(["--help"], tmp_path, COLUMNS="120")
    assert "typer" in wide[2] and narrow[1] != wide[1]
    assert _rubric(["--help"], tmp_path, COLUMNS="60")[:2] == narrow[:2]


def test_a_usage_error_is_never_kept(tmp_path: Path) -> None:
    code, _, imported = _rubric(["nosuchcommand", "--help"], tmp_path)
    assert code == 2 and "typer" in imported
    assert _rubric(["nosuchcommand", "--help"], tmp_path)[0] == 2


def test_a_changed_module_makes_the_kept_screen_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    module = tmp_path / "defines_help.py"
    module.write_text("HELP = 'one'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("defines_help")
    try:
        help_cache.keep_help(["--help"], "screen one")
        assert help_cache.kept_help(["--help"]) == "screen one"
        assert help_cache.kept_help(["eval", "--help"]) is None  # not kept yet
        module.write_text("HELP = 'two!'\n", encoding="utf-8")
        assert help_cache.kept_help(["--help"]) is None
    finally:
        sys.modules.pop("defines_help", None)


def test_a_broken_cache_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    target = Path(help_cache.cache_file())
    target.parent.mkdir(parents=True)
    for junk in (b"", b"\x00garbage", b"\xe9" * 10):
        target.write_bytes(junk)
        assert help_cache.kept_help(["--help"]) is None
        help_cache.keep_help(["--help"], "screen")  # replaces it
        assert help_cache.kept_help(["--help"]) == "screen"


def test_only_plain_help_requests_are_answered_early() -> None:
    assert help_cache.is_help_request(["--help"]) and help_cache.is_help_request(["eval", "--help"])
    for args in (["--help", "eval"], ["eval", "x.rubric", "--help"], ["--lang", "--help"], []):
        assert not help_cache.is_help_request(args)
