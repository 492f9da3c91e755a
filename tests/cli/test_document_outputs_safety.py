"""The document writers (table, report, template, import) keep the promises every output keeps: never over an
input (exit 2, the input byte-identical), and a failed save leaves the old file whole with no temporary behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rubricdsl.cli import main
from rubricdsl.outputs import OutputError
from rubricdsl.outputs.atomic import save_atomically

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "rubrics" / "xiangtan-sme-2021.rubric"
SEED_FACTS = ROOT / "rubrics" / "xiangtan-sme-2021.facts.json"


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    shutil.copy(SEED, tmp_path / "seed.rubric")
    shutil.copy(SEED_FACTS, tmp_path / "seed.facts.json")
    return tmp_path


def _exit_code(args: list[str]) -> int:
    with pytest.raises(SystemExit) as raised:
        main(args)
    return int(raised.value.code or 0)


@pytest.mark.parametrize(
    ("args", "target"),
    [
        (["table", "seed.rubric", "--format", "md", "-o", "seed.rubric"], "seed.rubric"),
        (["report", "seed.rubric", "seed.facts.json", "--format", "html", "-o", "seed.facts.json"], "seed.facts.json"),
        (["report", "seed.rubric", "seed.facts.json", "--format", "html", "-o", "link.html"], "seed.facts.json"),
        (["template", "seed.rubric", "-o", "seed.rubric"], "seed.rubric"),
    ],
)
def test_a_document_is_never_written_over_an_input(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], target: str
) -> None:
    monkeypatch.chdir(workdir)
    (workdir / "link.html").symlink_to(workdir / "seed.facts.json")
    before = (workdir / target).read_bytes()
    assert _exit_code(args) == 2
    assert (workdir / target).read_bytes() == before
    assert "input" in capsys.readouterr().err


def test_a_failed_save_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "table.xlsx"
    target.write_bytes(b"old workbook")

    def save(name: str) -> None:
        Path(name).write_bytes(b"half a work")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError):
        save_atomically(target, save)
    assert target.read_bytes() == b"old workbook"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["table.xlsx"]


def test_a_save_replaces_the_file_whole_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "table.md"
    target.write_text("old")
    target.chmod(0o640)
    save_atomically(target, lambda name: Path(name).write_text("new"))
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(path.name for path in tmp_path.iterdir()) == ["table.md"]
