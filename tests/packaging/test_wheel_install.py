"""`pip install .` into a clean virtual environment gives a `rubric` that works from any directory.

This builds the real wheel, installs it (with its dependencies) into a fresh venv and scores the seed
rubric from a directory outside the repository, so a grammar left out of the wheel fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from decimal import Decimal
from pathlib import Path

from tests.conftest import ROOT, SEED_FACTS, SEED_RUBRIC


def test_wheel_carries_the_grammar_and_scores_the_seed_from_anywhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("rubricdsl-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        grammar = archive.read("rubricdsl/grammar/rubric.lark").decode("utf-8")
    assert "rubricdsl/py.typed" in names
    assert grammar == (ROOT / "grammar" / "rubric.lark").read_text(encoding="utf-8")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    pip = env_dir / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True, capture_output=True, text=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    completed = subprocess.run(
        [str(env_dir / "bin" / "rubric"), "eval", str(SEED_RUBRIC), str(SEED_FACTS), "--format", "json"],
        cwd=outside, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout, parse_float=Decimal)
    assert (data["total"], data["grade"], len(data["indicators"])) == (100, "优", 21)
