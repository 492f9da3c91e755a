"""Mutation fuzzing of the shipped rubrics and facts through the real command.

Each case takes a shipped rubric or facts file, damages it the way files get damaged — cut short, a piece
deleted, a token or stray bytes inserted, two pieces swapped — and runs ``rubric eval``.  Every run must end
with exit 0, 1 or 2; a failing run must print a diagnostic; none may print a traceback or reach the guard
(exit 3).  Seeded and deterministic, bounded by a fixed number of cases (a few seconds in all).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from rubricdsl.cli import main
from tests.conftest import RUBRICS

PAIRS = [
    (RUBRICS / "xiangtan-sme-2021.rubric", RUBRICS / "xiangtan-sme-2021.facts.json"),
    (RUBRICS / "self-evaluation.rubric", RUBRICS / "self-evaluation.facts.yaml"),
]
CASES_PER_FILE = 300

# What people and tools actually drop into these files.
RUBRIC_TOKENS = [
    "{", "}", "(", ")", "（", "）", ";", "；", ":", "：", ",", "，", "->", "=>", "→", "%", "％", "\"", "“", "”",
    "'", "else", "score", "when", "indicator", "section", "fact", "let", "not", "and", "=", "==", ">=", "≥",
    "-", "－", "｛", "。", "0", "100", "99.5", "1" + "0" * 60, "万元", "#", "\n", "\r\n", "\t", "\u3000",
    "\ufeff", "\x00", "__import__('os')", "\\", "分", "是", "否", "true", "[", "]", "1e999",
    # issue 8: CR-only line ends, half-open intervals, huge round places, a NUL mid-file, 40-digit numbers
    "\r", "(0, 5%]", "[0, 1)", "round(1, 99999999999)", "9" * 40, "0.000000000000000000000000000000000000001",
]  # fmt: skip
FACT_TOKENS = [
    "{", "}", "[", "]", ",", ":", "：", "\"", "“", "NaN", "Infinity", "-1", "95", "0.95", "\"95%\"", "true",
    "\"是\"", "\"yes\"", "null", "[]", "{}", "1e999999999", "9" * 5000, "\n", "#", "- ", "&a", "*a", "!!python/object",
    "\"not_applicable\": [\"budget_completion\"]", "\\u0000", "\x00",
    # issue 8: huge exponents, ambiguous commas, YAML 1.1 forms, a key given twice, spreadsheet spellings
    "0E-100000000", "0E-999999999999999999", "\"1,5\"", "012", "1:30", "0x1F", "1_000", "yes",
    "\"events\": 1, \"events\": 2, ", "events: 1\nevents: 2\n", "\"TRUE\"", "\"√\"", "\"50万\"", "\r",
]  # fmt: skip

Mutation = Callable[[random.Random, bytes, list[str]], bytes]


def _point(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def truncate(rng: random.Random, data: bytes, tokens: list[str]) -> bytes:
    return data[: _point(rng, data)]


def delete_span(rng: random.Random, data: bytes, tokens: list[str]) -> bytes:
    start = _point(rng, data)
    return data[:start] + data[start + rng.randint(1, 40) :]


def insert_token(rng: random.Random, data: bytes, tokens: list[str]) -> bytes:
    at = _point(rng, data)
    return data[:at] + rng.choice(tokens).encode("utf-8") + data[at:]


def insert_bytes(rng: random.Random, data: bytes, tokens: list[str]) -> bytes:
    at = _point(rng, data)
    noise = bytes(rng.randrange(256) for _ in range(rng.randint(1, 6)))
    return data[:at] + noise + data[at:]


def swap_pieces(rng: random.Random, data: bytes, tokens: list[str]) -> bytes:
    width = rng.randint(1, 30)
    first, second = sorted((_point(rng, data), _point(rng, data)))
    if second - first < width or second + width > len(data):
        return data[:first] + data[second:]
    a, b = data[first : first + width], data[second : second + width]
    return data[:first] + b + data[first + width : second] + a + data[second + width :]


def swap_lines(rng: random.Random, data: bytes, tokens: list[str]) -> bytes:
    lines = data.split(b"\n")
    if len(lines) > 2:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


MUTATIONS: list[Mutation] = [truncate, delete_span, insert_token, insert_token, insert_bytes, swap_pieces, swap_lines]


def mutate(seed: int, data: bytes, tokens: list[str]) -> bytes:
    rng = random.Random(seed)
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(MUTATIONS)(rng, data, tokens)
    return data


def run_eval(capsys: pytest.CaptureFixture[str], rubric: Path, facts: Path, lang: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(["eval", str(rubric), str(facts), "--lang", lang])
    out, err = capsys.readouterr()
    code = exited.value.code
    assert isinstance(code, int)
    return code, out + err


def assert_clean_run(code: int, output: str, what: str) -> None:
    assert code in (0, 1, 2), f"{what}: exit {code}\n{output[-2000:]}"
    assert "Traceback" not in output, what
    assert "internal error" not in output and "内部错误" not in output, what
    if code != 0:
        assert "error[" in output or "错误[" in output, f"{what}: exit {code} without a diagnostic\n{output[-2000:]}"


@pytest.mark.parametrize(("rubric", "facts"), PAIRS, ids=[pair[0].stem for pair in PAIRS])
def test_damaged_rubrics_end_in_a_diagnostic(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rubric: Path, facts: Path
) -> None:
    original = rubric.read_bytes()
    damaged = tmp_path / rubric.name
    for seed in range(CASES_PER_FILE):
        damaged.write_bytes(mutate(seed, original, RUBRIC_TOKENS))
        code, output = run_eval(capsys, damaged, facts, "zh" if seed % 2 else "en")
        assert_clean_run(code, output, f"{rubric.name} seed {seed}")


@pytest.mark.parametrize(("rubric", "facts"), PAIRS, ids=[pair[1].name for pair in PAIRS])
def test_damaged_facts_end_in_a_diagnostic(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rubric: Path, facts: Path
) -> None:
    original = facts.read_bytes()
    damaged = tmp_path / facts.name
    for seed in range(CASES_PER_FILE):
        damaged.write_bytes(mutate(seed, original, FACT_TOKENS))
        code, output = run_eval(capsys, rubric, damaged, "zh" if seed % 2 else "en")
        assert_clean_run(code, output, f"{facts.name} seed {seed}")
        assert code != 2, "a damaged facts file never makes the rubric invalid"


def test_the_mutations_do_damage() -> None:
    """Guard against a fuzzer that silently stopped mutating: most seeds must change the file."""
    original = PAIRS[0][0].read_bytes()
    changed = sum(mutate(seed, original, RUBRIC_TOKENS) != original for seed in range(CASES_PER_FILE))
    assert changed >= CASES_PER_FILE * 0.9
