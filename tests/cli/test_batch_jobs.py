"""``rubric eval R many --jobs N``: the same bytes, exit code and messages as one process; no partial file and
no worker left behind when stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app, batch_jobs
from rubricdsl.cli.batch import BatchCounts
from rubricdsl.cli.batch_jobs import RubricMismatch, WorkerSetup, score_in_workers
from rubricdsl.inputs.records import MAX_RECORD_BYTES, survey
from rubricdsl.outputs.rows import RowWriter

runner = CliRunner()

RUBRIC = """rubric demo "示例" 10
fact activities "活动次数": count
fact budget "预算": money, > 0
fact open "公开": bool
indicator events "活动" 6 {
  score activities: >= 12 -> 6; >= 6 -> 3; else 0
}
indicator spending "支出" 2 {
  score budget: > 100元 -> 2; else 1
}
indicator published "公开" 2 {
  when open -> 2; else 0
}
"""


@pytest.fixture()
def rubric(tmp_path: Path) -> Path:
    path = tmp_path / "demo.rubric"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, bytes, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout_bytes, result.stderr


def _csv_with_every_kind_of_row(path: Path) -> Path:
    rows = [b"id,activities,budget,open"]
    for index in range(60):
        kind = index % 10
        if kind == 0:
            rows.append(b"P%d,12,500,true" % index)
        elif kind == 1:
            rows.append(b"P%d,x,500,true" % index)  # a fact problem: incomplete row
        elif kind == 2:
            rows.append(b"P%d,7,-5,\xff\xfe" % index)  # bytes that are not UTF-8 (F420)
        elif kind == 3:
            rows.append(b"P%d,7,5,%s" % (index, b"y" * (MAX_RECORD_BYTES + 5)))  # over the cap (F421)
        elif kind == 4:
            rows.append(b'P%d,"1\n2",5,false' % index)  # a quoted cell across lines
        elif kind == 5:
            rows.append(b'P%d,"6,5,true' % index)  # a quote that never closes (F422)
        elif kind == 6:
            rows.append(b"")  # a blank line
        elif kind == 7:
            rows.append(b"P%d,6,5,true,extra" % index)  # a cell beyond the header (F423)
        else:
            rows.append(b"P%d,%d,%d,false" % (index, index % 13, index * 7))
    path.write_bytes(b"\n".join(rows) + b"\n")
    return path


@pytest.mark.parametrize("output_kind", ["csv", "jsonl"])
def test_jobs_give_the_same_bytes_exit_and_messages_as_one_process(
    rubric: Path, tmp_path: Path, output_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = _csv_with_every_kind_of_row(tmp_path / "projects.csv")
    monkeypatch.setattr(batch_jobs, "CHUNK_LINES", 3)  # many runs, so many cuts between workers
    monkeypatch.setattr(batch_jobs, "CHUNK_BYTES", 40)
    alone = run("eval", str(rubric), str(facts), "-f", output_kind)
    for jobs in ("2", "3"):
        assert run("eval", str(rubric), str(facts), "-f", output_kind, "--jobs", jobs) == alone
    code, out, err = alone
    assert code == 1 and out.count(b"\n") > 50
    for expected in ("F420", "F421", "F422", "F423"):
        assert expected.encode() in out
    assert "rubric:" in err  # the summary of rows that are not final scores


def test_jobs_over_jsonl_and_into_a_file_are_the_same(
    rubric: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        '{"$id": "a", "activities": 12, "budget": 500, "open": true}',
        "{not json",
        "[1, 2]",
        '{"id": "b", "activities": 3, "budget": 0, "open": 1}',
        "",
        '{"activities": 6, "budget": "500", "open": "是", "extra": 1}',
    ] * 7
    facts = tmp_path / "projects.jsonl"
    facts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(batch_jobs, "CHUNK_LINES", 2)
    monkeypatch.setattr(batch_jobs, "CHUNK_BYTES", 30)
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"out{jobs}.csv"
        code, out, err = run("eval", str(rubric), str(facts), "-o", str(target), "--jobs", jobs, "--excel")
        outputs.append((code, out, err.replace(str(target), "OUT"), target.read_bytes()))
    assert outputs[0] == outputs[1]
    assert outputs[0][3].startswith("\ufeff项目".encode())


def test_a_header_only_file_and_an_empty_file_give_what_one_process_gives(rubric: Path, tmp_path: Path) -> None:
    for name, text in (("header.csv", "id,activities\n"), ("empty.csv", ""), ("empty.jsonl", "")):
        facts = tmp_path / name
        facts.write_text(text, encoding="utf-8")
        assert run("eval", str(rubric), str(facts), "--jobs", "2") == run("eval", str(rubric), str(facts))


def test_workers_rebuild_the_rubric_when_started_fresh(rubric: Path, tmp_path: Path) -> None:
    """``spawn`` (no fork: macOS, Windows): the workers rebuild the rubric from its source and score the same."""
    facts = _csv_with_every_kind_of_row(tmp_path / "projects.csv")
    compiled = rubricdsl.load(rubric)
    texts = []
    for method, jobs in (("fork", 1), ("spawn", 2)):
        import io

        out = io.StringIO()
        writer = RowWriter(out, "csv", ("events", "spending", "published"), "en")
        counts = BatchCounts()
        with facts.open("rb") as handle:
            score_in_workers(
                compiled,
                handle,
                survey(handle),
                csv_rename=lambda name: None,
                headers=[],
                writer=writer,
                counts=counts,
                jobs=jobs,
                settings=("csv", "en", False),
                chunk_lines=4,
                chunk_bytes=50,
                start_method=method,
            )
        texts.append((out.getvalue(), counts.records, counts.complete, counts.unreadable))
    assert texts[0] == texts[1] and texts[0][1] == 54


def test_a_worker_that_rebuilds_another_rubric_refuses_to_score(rubric: Path) -> None:
    compiled = rubricdsl.load(rubric)
    source = compiled.source
    previous = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        batch_jobs._start_worker(WorkerSetup(source.name, source.text, "0" * 64, "csv", "en", False, None))
        with pytest.raises(RubricMismatch):
            batch_jobs.score_run([])
        batch_jobs._start_worker(WorkerSetup(source.name, source.text, compiled.sha256, "csv", "en", False, None))
        assert batch_jobs.score_run([]).text == ""
    finally:
        signal.signal(signal.SIGINT, previous[0])
        signal.signal(signal.SIGTERM, previous[1])
        batch_jobs._worker = None


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found.update(int(child) for child in text.split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc (Linux)")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_stopping_a_run_leaves_no_partial_file_and_no_worker(rubric: Path, tmp_path: Path, stop: int) -> None:
    facts = tmp_path / "many.csv"
    row = b"P,12,500,true\n"
    facts.write_bytes(b"id,activities,budget,open\n" + row * 400_000)
    target = tmp_path / "out.csv"
    target.write_text("old content\n", encoding="utf-8")
    command = [sys.executable, "-m", "rubricdsl", "eval", str(rubric), str(facts), "-o", str(target), "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.05)
        workers = _children(process.pid)
    assert len(workers) >= 2, "the workers did not start"
    time.sleep(0.5)
    assert process.poll() is None, "the run ended before it could be stopped: make the input bigger"
    os.kill(process.pid, stop)
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert b"Traceback" not in err
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["demo.rubric", "many.csv", "out.csv"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # lone-CR line ends: cut after decoding (csv_chunks), not as bytes
        ("cr.csv", b"id,activities,budget,open\r" + b"".join(b"P%d,%d,50%d,true\r" % (i, i, i) for i in range(40))),
        # GB18030, as WPS saves on Chinese Windows: the workers decode as the parent surveyed
        (
            "gbk.csv",
            b"id,activities,budget,open\n" + b"".join(f"项目{i},{i},50{i},是\n".encode("gb18030") for i in range(40)),
        ),
        # JSON Lines with a BOM on line 1 and no line end on the last
        (
            "bom.jsonl",
            b"\xef\xbb\xbf"
            + b"\n".join(b'{"$id": "J%d", "activities": %d, "budget": 7, "open": false}' % (i, i) for i in range(40)),
        ),
    ],
)
def test_jobs_read_every_kind_of_file_as_one_process(
    rubric: Path, tmp_path: Path, name: str, data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = tmp_path / name
    facts.write_bytes(data)
    monkeypatch.setattr(batch_jobs, "CHUNK_LINES", 3)
    monkeypatch.setattr(batch_jobs, "CHUNK_BYTES", 64)
    alone = run("eval", str(rubric), str(facts), "-f", "csv")
    assert alone[0] == 0 and alone[1].count(b"\r\n") == 41, alone
    assert run("eval", str(rubric), str(facts), "-f", "csv", "--jobs", "2") == alone


def test_a_process_with_other_threads_starts_fresh_workers_and_scores_the_same(rubric: Path, tmp_path: Path) -> None:
    """Forking beside another thread can copy a lock that thread holds into the child, held forever (a worker hung so
    in this suite, forked after the Spark tests had started py4j's threads): with a second thread alive the
    workers are started fresh and rebuild the rubric, and score what one process scores."""
    facts = _csv_with_every_kind_of_row(tmp_path / "projects.csv")
    alone = run("eval", str(rubric), str(facts))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert batch_jobs._start_method() in ("forkserver", "spawn")
        assert run("eval", str(rubric), str(facts), "--jobs", "2") == alone
    finally:
        stop.set()
        other.join()
    if threading.active_count() == 1:  # no thread left by an earlier test
        assert batch_jobs._start_method() == "fork"
