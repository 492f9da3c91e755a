"""No command loses a file: outputs that are inputs are refused, writes are atomic, bad places are exit 2."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rubricdsl.cli import app
from tests.conftest import SEED_FACTS, SEED_RUBRIC

runner = CliRunner()
RUBRIC_CMD = [sys.executable, "-m", "rubricdsl"]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def projects(tmp_path: Path) -> Path:
    facts = json.loads(SEED_FACTS.read_text(encoding="utf-8"))
    del facts["$notes"]
    path = tmp_path / "projects.jsonl"
    path.write_text("".join(json.dumps({**facts, "$id": f"p{i}"}) + "\n" for i in range(3)), encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["same", "hard link", "symlink", "rubric"])
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(projects: Path, how: str) -> None:
    before = {path: path.read_bytes() for path in (projects, SEED_RUBRIC)}
    output = projects
    if how == "hard link":
        output = projects.parent / "results.csv"
        os.link(projects, output)
    elif how == "symlink":
        output = projects.parent / "results.jsonl"
        output.symlink_to(projects)
    elif how == "rubric":
        output = SEED_RUBRIC
    code, _, err = run("eval", str(SEED_RUBRIC), str(projects), "-o", str(output))
    assert code == 2 and "input file" in err
    assert {path: path.read_bytes() for path in before} == before


def test_chinese_message_for_an_output_that_is_an_input(projects: Path) -> None:
    code, _, err = run("eval", str(SEED_RUBRIC), str(projects), "-o", str(projects), "--lang", "zh")
    assert code == 2 and "拒绝写入" in err and "输入文件" in err


def test_output_places_that_cannot_be_written_are_exit_2(projects: Path, tmp_path: Path) -> None:
    cases = {str(tmp_path): "is a directory", str(tmp_path / "no" / "out.csv"): "does not exist"}
    if Path("/dev/full").exists():
        cases["/dev/full"] = "disk is full"
    for output, words in cases.items():
        code, _, err = run("eval", str(SEED_RUBRIC), str(projects), "-o", output)
        assert code == 2 and words in err, (output, err)


def test_a_failed_write_leaves_the_old_results(projects: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = projects.parent / "results.csv"
    results.write_text("yesterday's results\n", encoding="utf-8")

    def no_space(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    code, _, err = run("eval", str(SEED_RUBRIC), str(projects), "-o", str(results))
    monkeypatch.undo()
    assert code == 2 and "disk is full" in err
    assert results.read_text(encoding="utf-8") == "yesterday's results\n"
    assert [path.name for path in projects.parent.iterdir() if path.name.endswith(".tmp")] == []


def test_fmt_writes_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rubric = tmp_path / "r.rubric"
    messy = SEED_RUBRIC.read_text(encoding="utf-8").replace("\n  ", "\n      ", 5)
    rubric.write_text(messy, encoding="utf-8")

    def no_space(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", no_space)
    code, _, err = run("fmt", str(rubric))
    monkeypatch.undo()
    assert code == 2 and "disk is full" in err
    assert rubric.read_text(encoding="utf-8") == messy
    assert sorted(path.name for path in tmp_path.iterdir()) == ["r.rubric"]
    code, _, _ = run("fmt", str(rubric))
    assert code == 0 and rubric.read_text(encoding="utf-8") != messy


def test_sigterm_mid_batch_leaves_the_old_output_and_no_temporary(projects: Path, tmp_path: Path) -> None:
    line = projects.read_text(encoding="utf-8").splitlines()[0] + "\n"
    big = tmp_path / "big.jsonl"
    big.write_text(line * 200_000, encoding="utf-8")
    results = tmp_path / "results.csv"
    results.write_text("yesterday's results\n", encoding="utf-8")
    process = subprocess.Popen(
        [*RUBRIC_CMD, "eval", str(SEED_RUBRIC), str(big), "-o", str(results)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not any(path.name.endswith(".tmp") for path in tmp_path.iterdir()):  # scoring has begun writing
        assert process.poll() is None and time.monotonic() < deadline, "the batch ended before it could be stopped"
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert b"Traceback" not in err
    assert results.read_text(encoding="utf-8") == "yesterday's results\n"
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")] == []


def test_a_closed_stdout_is_a_clean_exit_2() -> None:
    done = subprocess.run(
        [*RUBRIC_CMD, "check", str(SEED_RUBRIC)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    assert done.returncode == 0  # the control: the same command with an open stdout
    closed = subprocess.run(
        [*RUBRIC_CMD, "check", str(SEED_RUBRIC)],
        stderr=subprocess.PIPE,
        check=False,
        preexec_fn=lambda: os.close(1),  # the child starts with stdout closed
    )
    assert closed.returncode == 2 and b"standard output" in closed.stderr and b"Traceback" not in closed.stderr


def test_a_reader_that_stops_early_is_a_quiet_exit(projects: Path, tmp_path: Path) -> None:
    line = projects.read_text(encoding="utf-8").splitlines()[0] + "\n"
    big = tmp_path / "big.jsonl"
    big.write_text(line * 5_000, encoding="utf-8")
    for args in (["eval", str(SEED_RUBRIC), str(big)], ["eval", str(SEED_RUBRIC), str(SEED_FACTS), "--explain"]):
        process = subprocess.Popen([*RUBRIC_CMD, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None
        process.stdout.readline()
        process.stdout.close()  # like `| head -1`
        _, err = process.communicate(timeout=60)
        assert process.returncode in (0, 1), err
        assert b"Traceback" not in err and b"internal error" not in err


def test_a_parent_pyproject_with_a_non_table_tool_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('tool = "x"\n', encoding="utf-8")
    folder = tmp_path / "rubrics"
    folder.mkdir()
    rubric = folder / "r.rubric"
    rubric.write_text(SEED_RUBRIC.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run("lint", str(rubric))
    assert code == 2 and "`tool` must be a table" in err
