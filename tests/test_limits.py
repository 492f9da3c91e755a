"""Hostile sizes: every one ends in a clean diagnostic or a bounded, successful run — never a RecursionError,
a MemoryError, a traceback or a hang.  Runs go through the real command (``rubricdsl.cli.main``); the
wall-clock bound is only a safety net against a hang, far above the normal time."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from rubricdsl.cli import main
from tests.conftest import SEED_FACTS, SEED_RUBRIC

SAFETY_NET_SECONDS = 20
SEED_TEXT = SEED_RUBRIC.read_text(encoding="utf-8")
HEADER = 'rubric limits "极限输入" 10\nfact events "活动次数": count\n'


@contextmanager
def bounded() -> Iterator[None]:
    start = time.monotonic()
    yield
    assert time.monotonic() - start < SAFETY_NET_SECONDS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with bounded(), pytest.raises(SystemExit) as exited:
        main([*args, "--lang", "en"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "internal error" not in err
    code = exited.value.code
    assert isinstance(code, int)
    return code, out, err


def rubric_file(tmp_path: Path, data: bytes | str, name: str = "limits.rubric") -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def check_fails_with(capsys: pytest.CaptureFixture[str], path: str, code: str) -> str:
    exit_code, _, err = run(capsys, "check", path)
    assert exit_code == 2
    assert err.startswith(f"error[{code}]")
    return err


def test_an_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    check_fails_with(capsys, rubric_file(tmp_path, b""), "E111")


def test_a_binary_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    check_fails_with(capsys, rubric_file(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 1000), "E115")


def test_a_20_megabyte_file_is_refused_before_it_is_parsed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    padding = ("# " + "很长的注释" * 20 + "\n") * (20 * 1024 * 1024 // 64)
    path = rubric_file(tmp_path, SEED_TEXT + padding)
    assert Path(path).stat().st_size > 20 * 1024 * 1024
    err = check_fails_with(capsys, path, "E112")
    assert "the input is too large" in err


def test_a_file_over_five_million_characters_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = rubric_file(tmp_path, SEED_TEXT + ("#" + "x" * 99 + "\n") * 51_000)
    check_fails_with(capsys, path, "E112")


def test_a_big_file_under_the_limits_scores(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = rubric_file(tmp_path, SEED_TEXT + ("# 说明" + "x" * 94 + "\n") * 45_000)
    exit_code, out, _ = run(capsys, "eval", path, str(SEED_FACTS), "--format", "json")
    assert exit_code == 0
    _, seed_out, _ = run(capsys, "eval", str(SEED_RUBRIC), str(SEED_FACTS), "--format", "json")
    assert json.loads(out)["total"] == json.loads(seed_out)["total"]


def test_a_line_of_one_megabyte_scores(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    long_comment = "# " + "评" * 1_000_000 + "\n"
    long_label = 'meta note "' + "说明" * 500_000 + '"\n'
    text = SEED_TEXT.replace("meta year 2021\n", "meta year 2021\n" + long_comment + long_label)
    exit_code, _, _ = run(capsys, "eval", rubric_file(tmp_path, text), str(SEED_FACTS))
    assert exit_code == 0


def test_an_error_at_the_end_of_a_one_megabyte_line_is_shown_in_a_window(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = HEADER + "let total = " + " + ".join(["events"] * 150_000) + " +\n"
    err = check_fails_with(capsys, rubric_file(tmp_path, text), "E102")
    assert len(err) < 2_000


def test_a_long_line_with_a_syntax_error_at_its_end(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = HEADER + 'indicator i "' + "很" * 1_000_000 + '" 10 { score events: >= 3 => 10; else 0 }\n'
    err = check_fails_with(capsys, rubric_file(tmp_path, text), "E104")
    assert ":3:1000040" in err  # columns count characters, not bytes or cells
    assert len(err) < 2_000


@pytest.mark.parametrize(
    "expression",
    [
        pytest.param("(" * 5000 + "events" + ")" * 5000, id="5000 nested parentheses"),
        pytest.param("(" * 5000 + "events", id="5000 unclosed parentheses"),
        pytest.param("not " * 5000 + "events > 1", id="5000 nots"),
        pytest.param("- " * 5000 + "events", id="5000 minus signs"),
        pytest.param("min(" * 5000 + "events" + ", 1)" * 5000, id="5000 nested calls"),
    ],
)
def test_deep_nesting_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path, expression: str) -> None:
    text = HEADER + f"let deep = {expression}\n" + 'indicator i "I" 10 { formula 10 }\n'
    err = check_fails_with(capsys, rubric_file(tmp_path, text), "E113")
    assert "nested too deeply (limit 200)" in err


def test_5000_nested_sections_are_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = HEADER + 'section s "S" 10 {\n' * 5000 + 'indicator i "I" 10 { formula 10 }\n' + "}\n" * 5000
    check_fails_with(capsys, rubric_file(tmp_path, text), "E113")


def test_a_100000_digit_number_in_a_rubric(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = HEADER + 'indicator i "I" 10 { score events: >= 1' + "0" * 100_000 + " -> 10; else 0 }\n"
    err = check_fails_with(capsys, rubric_file(tmp_path, text), "E114")
    assert "(100001 digits, limit 40)" in err


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param('{"activities": 1' + "0" * 100_000 + "}", "F407", id="JSON integer"),
        pytest.param('{"activities": 1' + "0" * 100_000 + ".5}", "F411", id="JSON decimal"),
        pytest.param('{"budget_spent": "1' + "0" * 100_000 + '"}', "F403", id="string"),
        pytest.param('{"budget_spent": 1e999999999}', "F411", id="huge exponent"),
    ],
)
def test_a_100000_digit_number_in_the_facts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, facts: str, expected: str
) -> None:
    path = tmp_path / "facts.json"
    path.write_text(facts, encoding="utf-8")
    exit_code, _, err = run(capsys, "eval", str(SEED_RUBRIC), str(path))
    assert exit_code == 1
    assert f"[{expected}]" in err


def test_a_rule_with_20000_bands_scores(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bands = "; ".join(f">= {value} -> 10" for value in range(20_000, 0, -1))
    text = HEADER + f'indicator i "I" 10 {{ score events: {bands}; else 0 }}\n'
    facts = tmp_path / "facts.json"
    facts.write_text('{"events": 7}', encoding="utf-8")
    exit_code, _, _ = run(capsys, "eval", rubric_file(tmp_path, text), str(facts))
    assert exit_code == 0
