"""The broken-input corpus, checked the way users meet it: ``rubric eval`` on every file in
``tests/cases/broken`` ends with exit 1 or 2 within seconds, prints no traceback, and names the line (a
broken rubric, scored against the seed facts) or the fact (broken facts, scored against the seed rubric).

``expected.json`` says, per file, the exit code, the diagnostic code, and the line or the words (fact
name, Chinese label, value) the output must contain.  A handful run through the installed console script
in a subprocess; the rest through ``rubricdsl.cli.main`` in-process, in both languages.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from rubricdsl.cli import main
from tests.conftest import SEED_FACTS, SEED_RUBRIC

BROKEN = Path(__file__).resolve().parent / "cases" / "broken"
EXPECTED: dict[str, dict[str, dict[str, Any]]] = json.loads((BROKEN / "expected.json").read_text(encoding="utf-8"))
SECONDS = 10  # "within seconds": a generous net, the slowest case takes well under one
CONSOLE_SCRIPT = Path(sys.executable).parent / "rubric"
THROUGH_SUBPROCESS = {"missing-semicolon.rubric", "gb18030.rubric", "percent-as-whole-number.json", "nan.json"}


def command_for(kind: str, name: str, lang: str) -> list[str]:
    path = BROKEN / kind / name
    rubric, facts = (path, SEED_FACTS) if kind == "rubrics" else (SEED_RUBRIC, path)
    return ["eval", str(rubric), str(facts), "--lang", lang]


def run_in_process(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str]:
    start = time.monotonic()
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert time.monotonic() - start < SECONDS
    out, err = capsys.readouterr()
    code = exited.value.code
    assert isinstance(code, int)
    return code, out + err


def assert_names_the_place(kind: str, name: str, lang: str, code: int, output: str) -> None:
    expected = EXPECTED[kind][name]
    assert code == expected["exit"], output[-3000:]
    assert "Traceback" not in output
    head = "错误" if lang == "zh" else "error"
    assert f"{head}[{expected['code']}]" in output, output[-3000:]
    if kind == "rubrics":
        assert f"{BROKEN / kind / name}:{expected['line']}:" in output, output[-3000:]
    for word in expected["names"] if kind == "facts" else ():
        assert word in output, f"{word!r} missing from\n{output[-3000:]}"
    if kind == "facts" and expected["line"] is not None:
        where = f"第 {expected['line']} 行" if lang == "zh" else f"line {expected['line']},"
        assert where in output, output[-3000:]


CASES = [(kind, name) for kind in ("rubrics", "facts") for name in sorted(EXPECTED[kind])]


def test_the_corpus_and_its_expectations_match() -> None:
    for kind in ("rubrics", "facts"):
        on_disk = {path.name for path in (BROKEN / kind).iterdir()}
        assert on_disk == set(EXPECTED[kind])
    assert len(CASES) >= 50


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("kind", "name"), CASES, ids=[f"{kind}/{name}" for kind, name in CASES])
def test_a_broken_file_gets_a_diagnostic_that_says_where(
    capsys: pytest.CaptureFixture[str], kind: str, name: str, lang: str
) -> None:
    code, output = run_in_process(capsys, command_for(kind, name, lang))
    assert_names_the_place(kind, name, lang, code, output)


@pytest.mark.parametrize("name", sorted(THROUGH_SUBPROCESS))
def test_the_installed_command_answers_the_same(name: str) -> None:
    kind = "rubrics" if name.endswith(".rubric") else "facts"
    start = time.monotonic()
    completed = subprocess.run(
        [str(CONSOLE_SCRIPT), *command_for(kind, name, "zh")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert time.monotonic() - start < SECONDS
    assert_names_the_place(kind, name, "zh", completed.returncode, completed.stdout + completed.stderr)
