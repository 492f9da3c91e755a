"""outputs.atomic: an output replaces its file whole or not at all, and is never one of the inputs."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rubricdsl.outputs import OutputError, atomic_output, refuse_inputs, write_text_atomically

OLD = "old content, which must survive\n"


@pytest.fixture()
def target(tmp_path: Path) -> Path:
    path = tmp_path / "out.csv"
    path.write_text(OLD, encoding="utf-8")
    path.chmod(0o640)
    return path


def leftovers(directory: Path) -> list[str]:
    return sorted(name.name for name in directory.iterdir() if name.name.endswith(".tmp"))


def test_the_new_content_replaces_the_old_and_keeps_its_permissions(target: Path) -> None:
    write_text_atomically(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(target.parent) == []


def test_a_new_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "fresh.jsonl"
    with atomic_output(path) as out:
        out.write("一行\n")
    assert path.read_text(encoding="utf-8") == "一行\n"


def test_a_symlink_stays_a_link_to_the_new_content(target: Path) -> None:
    link = target.parent / "link.csv"
    link.symlink_to(target)
    write_text_atomically(link, "through the link\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "through the link\n"


def _raise_enospc(*args: object, **kwargs: object) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_full_disk_leaves_the_old_file_and_no_temporary(
    target: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    monkeypatch.setattr(os, failing, _raise_enospc)
    with pytest.raises(OutputError) as caught:
        write_text_atomically(target, "x" * 200_000)  # more than one buffer: os.write runs inside the block
    monkeypatch.undo()
    assert "disk is full" in caught.value.text.en and "磁盘空间不足" in caught.value.text.zh
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(target.parent) == []


def test_a_failure_inside_the_block_leaves_the_old_file(target: Path) -> None:
    with pytest.raises(RuntimeError), atomic_output(target) as out:
        out.write("half of the rows\n")
        raise RuntimeError("the scoring failed")
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(target.parent) == []


def test_a_directory_or_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_text_atomically(tmp_path, "x")
    with pytest.raises(OutputError, match="directory does not exist"):
        write_text_atomically(tmp_path / "missing" / "out.csv", "x")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is a Linux device")
def test_a_device_is_written_directly_and_its_errors_reported() -> None:
    with pytest.raises(OutputError, match="disk is full"):
        write_text_atomically(Path("/dev/full"), "x\n")
    write_text_atomically(Path(os.devnull), "x\n")  # a device is not replaced by a regular file
    assert Path(os.devnull).is_char_device()


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "projects.jsonl"
    source.write_text("{}\n", encoding="utf-8")
    hard = tmp_path / "hard.jsonl"
    os.link(source, hard)
    soft = tmp_path / "soft.csv"
    soft.symlink_to(source)
    for output in (source, tmp_path / "." / "projects.jsonl", hard, soft):
        with pytest.raises(OutputError) as caught:
            refuse_inputs(output, [tmp_path / "rubric", source])
        assert "input file" in caught.value.text.en and "输入文件" in caught.value.text.zh
    refuse_inputs(tmp_path / "other.csv", [source])  # nothing there yet
    (tmp_path / "other.csv").write_text("", encoding="utf-8")
    refuse_inputs(tmp_path / "other.csv", [source])  # a different file


def test_a_name_at_the_length_limit_still_gets_a_temporary(tmp_path: Path) -> None:
    path = tmp_path / ("长" * 80 + ".csv")  # 244 bytes: the temporary name must not be longer than the limit
    write_text_atomically(path, "ok\n")
    assert path.read_text(encoding="utf-8") == "ok\n" and leftovers(tmp_path) == []


# SIGTERM sent by the process to itself at a chosen point (kill() to oneself delivers before it returns, so
# the handler runs at the interpreter's next check): the points where a handler used to leave a `.tmp` behind.
_SIGNALLED = """
import os, signal, sys, tempfile
from pathlib import Path
from rubricdsl.outputs import atomic

path, point = Path(sys.argv[1]), sys.argv[2]
real_mkstemp, real_sink = tempfile.mkstemp, atomic._Sink.__init__

def mkstemp(*args, **kwargs):
    made = real_mkstemp(*args, **kwargs)
    if point == "file-created":  # the file exists; mkstemp has not returned its name yet
        os.kill(os.getpid(), signal.SIGTERM)
    return made

def sink(self, *args):
    if point == "name-returned":  # mkstemp returned; the caller's next line
        os.kill(os.getpid(), signal.SIGTERM)
    real_sink(self, *args)

tempfile.mkstemp, atomic._Sink.__init__ = mkstemp, sink
if sys.argv[3] == "stream":
    with atomic.atomic_output(path) as out:
        out.write("new")
else:
    atomic.save_atomically(path, lambda name: Path(name).write_text("new", encoding="utf-8"))
"""


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signals: Windows has no SIGTERM to send")
@pytest.mark.parametrize(
    ("point", "writer"), [("file-created", "stream"), ("name-returned", "stream"), ("file-created", "save")]
)
def test_a_sigterm_as_the_temporary_is_created_leaves_the_old_file_and_no_temporary(
    target: Path, point: str, writer: str
) -> None:
    source = Path(__file__).resolve().parents[2] / "src"
    environment = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(
        [sys.executable, "-c", _SIGNALLED, str(target), point, writer],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 128 + signal.SIGTERM, done.stderr  # stopped by the signal, as SystemExit
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(target.parent) == []
