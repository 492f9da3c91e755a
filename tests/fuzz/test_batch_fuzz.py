"""Fuzzing the many-project path (``.jsonl``, ``.csv``) and its outputs with hypothesis.

Generated files hold what real batch files hold when things go wrong: invalid UTF-8 bytes, lone surrogates,
unclosed and stray quotes, bare CRs, CR-only or CRLF line ends, extra cells, duplicated columns, formula-looking
ids, lists inside ``not_applicable``, huge cells, GB18030 bytes.  Each file is built line by line, so the test
knows how many records it wrote (a record is one line: the generators never write a quoted cell that closes on a
later line).  For every file ``rubric eval … -o`` must:

* end with exit 0 or 1 (the rubric is valid), never 3 and never a traceback;
* write exactly one output row per input record, in order, and a summary that counts them;
* leave the input and the rubric byte-identical, and leave no temporary file;
* write CSV that any CSV reader reads back with the same number of rows, and no cell a spreadsheet would run.

These would have found every class of issue 8 §1–3, 6, 14 and 17 (each a crash, a lost row or a truncated file).
The last property injects a fault (ENOSPC, EIO, …) at any write, fsync or rename, or in the writing code itself,
and requires the target to hold either its old content or the whole new content afterwards, and nothing else.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rubricdsl.cli import app
from rubricdsl.outputs import OutputError, atomic_output

RUBRIC = """rubric demo "示例" 10
fact activities "活动次数": count
fact budget "预算": money
fact rate "完成率": percent, optional
indicator events "活动" 6 {
  score activities: >= 12 -> 6; >= 6 -> 3; else 0
}
indicator spending "支出" 4 {
  score budget: > 0 -> 4; else 0
}
"""
COLUMNS = ["activities", "budget", "rate", "not_applicable", "$note", "unknown", "activities"]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
runner = CliRunner()

# Text that breaks readers: quotes, separators, controls, formula starts, full-width forms, a lone surrogate.
HOSTILE = st.sampled_from(
    ['"', ",", ";", "\r", "\t", "=", "+", "-", "@", "\x1b[2J", "\u202e", "\x00", "'", "，", "、", "是", "95%",
     "1,500", "\ud800", "\\", "{", "[", "12", "0.5", "events", "spending", " "]
)  # fmt: skip
BAD_BYTES = st.sampled_from([b"\xff", b"\xc3\x28", b"\xe4\xb8", b"\x80", b"\xfe\xff", b"\xed\xa0\x80"])


def _text(hostile_cr: bool) -> st.SearchStrategy[str]:
    pieces = HOSTILE if hostile_cr else HOSTILE.filter(lambda piece: piece != "\r")
    return st.lists(st.one_of(pieces, st.text(max_size=4)), max_size=6).map("".join)


def _no_breaks(text: str) -> str:
    return text.replace("\n", " ").replace("\r\n", " ")


# ---- JSON Lines -----------------------------------------------------------------------------------------------
VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**45), 10**45)
    | st.decimals(allow_nan=False, allow_infinity=False, places=3)
    | _text(hostile_cr=True),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=6,
)


@st.composite
def jsonl_line(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["facts", "facts", "facts", "garbage", "bad-bytes", "not-an-object"]))
    if kind == "garbage":
        return _no_breaks(draw(_text(hostile_cr=False))).strip().encode("utf-8", "surrogatepass") or b"{"
    if kind == "bad-bytes":
        return b'{"$id": "x' + draw(BAD_BYTES) + b'", "activities": 1}'
    if kind == "not-an-object":
        return json.dumps(draw(st.lists(VALUES, max_size=2) | st.integers()), default=str).encode(
            "utf-8", "surrogatepass"
        )
    facts: dict[str, Any] = {key: draw(VALUES) for key in draw(st.lists(st.sampled_from(COLUMNS), max_size=5))}
    if draw(st.booleans()):
        facts["$id"] = draw(VALUES)
    if draw(st.booleans()):
        facts.update(activities=draw(st.integers(0, 20)), budget=draw(st.integers(0, 9)))
    # ensure_ascii: a lone surrogate becomes the escape `\ud800`, as a program that wrote it would have done
    return json.dumps(facts, default=str, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


# ---- CSV ------------------------------------------------------------------------------------------------------
@st.composite
def csv_cell(draw: st.DrawFn, bare_cr: bool) -> str:
    """One cell of a one-line record: quoted properly, unclosed, with a stray quote, or raw (maybe a bare CR).

    No quote the generator writes can close a cell opened on an earlier line: every quote is followed by a
    character that is neither a quote nor a comma, so each line is exactly one record.
    """
    text = _no_breaks(draw(_text(hostile_cr=bare_cr))).replace('"', "")
    if not bare_cr:
        text = text.replace("\r", " ")
    form = draw(st.sampled_from(["raw", "quoted", "unclosed", "stray", "number"]))
    if form == "number":
        return str(draw(st.integers(-5, 20)))
    body = text.lstrip(",") or "x"
    if form == "quoted":
        return '"' + body + '"'
    if form == "unclosed":
        return '"' + body
    if form == "stray":
        return "a" + '"' + body
    return text


@st.composite
def csv_file(draw: st.DrawFn) -> tuple[bytes, int]:
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    bare_cr = end != "\r"  # in a CR-only file a CR ends the line; elsewhere a stray one is part of it
    header = ["id", *draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6))]
    lines = [",".join(header).encode()]
    for index in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 9)) == 0:
            lines.append(f"B{index},".encode() + draw(BAD_BYTES))
            continue
        width = draw(st.integers(1, len(header) + 2))
        cells = [f"R{index}" + draw(st.sampled_from(["", "=1", "+", "-", "@"]))]
        cells += [draw(csv_cell(bare_cr)) for _ in range(width - 1)]
        lines.append(",".join(cells).encode("utf-8", "surrogatepass"))  # a lone surrogate: bytes that are not UTF-8
    data = end.encode().join(lines) + (end.encode() if draw(st.booleans()) else b"")
    return data, len(lines) - 1


# ---- the property ---------------------------------------------------------------------------------------------
def _run(tmp_path: Path, name: str, data: bytes, kind: str) -> tuple[int, str, str]:
    rubric = tmp_path / "demo.rubric"
    rubric.write_text(RUBRIC, encoding="utf-8")
    facts = tmp_path / name
    facts.write_bytes(data)
    output = tmp_path / f"results.{kind}"
    output.write_text("old\n", encoding="utf-8")
    before = (rubric.read_bytes(), facts.read_bytes())
    result = runner.invoke(app, ["eval", str(rubric), str(facts), "-o", str(output)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    assert (rubric.read_bytes(), facts.read_bytes()) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["demo.rubric", name, output.name])
    assert "Traceback" not in result.stderr
    return result.exit_code, output.read_text(encoding="utf-8"), result.stderr


def _check_csv_output(text: str, records: int) -> None:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == records + 1
    for row in rows[1:]:
        for cell in (row[0], row[3]):  # id and grade: text copied from the data
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert row[1] in ("true", "false") and (row[1] == "true") == (row[5] == "")


@given(
    lines=st.lists(jsonl_line(), max_size=8),
    end=st.sampled_from([b"\n", b"\r\n", b"\r"]),
    kind=st.sampled_from(["csv", "jsonl"]),
)
@FUZZ
def test_jsonl_one_row_per_record(tmp_path_factory: Any, lines: list[bytes], end: bytes, kind: str) -> None:
    tmp_path = tmp_path_factory.mktemp("jsonl")
    lines = [line.replace(b"\r", b" ").replace(b"\n", b" ") for line in lines]
    records = sum(1 for line in lines if line.strip())
    code, out, err = _run(tmp_path, "projects.jsonl", end.join(lines) + end, kind)
    if kind == "csv":
        _check_csv_output(out, records)
    else:
        rows = [json.loads(line) for line in out.splitlines()]
        assert len(rows) == records
        assert all(row["complete"] == (row["problems"] == []) for row in rows)
    if code == 1 and records:
        assert f"{records} record(s) read, {records} row(s) written" in err


@given(case=csv_file(), kind=st.sampled_from(["csv", "jsonl"]))
@FUZZ
def test_csv_one_row_per_record(tmp_path_factory: Any, case: tuple[bytes, int], kind: str) -> None:
    tmp_path = tmp_path_factory.mktemp("csv")
    data, records = case
    code, out, err = _run(tmp_path, "projects.csv", data, kind)
    if kind == "csv":
        _check_csv_output(out, records)
    else:
        assert len(out.splitlines()) == records
    if code == 1 and records:
        assert f"{records} record(s) read, {records} row(s) written" in err


@given(text=st.text(max_size=30), encoding=st.sampled_from(["gb18030", "utf-8", "utf-8-sig"]))
@FUZZ
def test_encodings_one_row_per_record(tmp_path_factory: Any, text: str, encoding: str) -> None:
    tmp_path = tmp_path_factory.mktemp("enc")
    ident = _no_breaks(text).replace("\r", " ").replace('"', "").replace(",", " ") or "x"
    body = f'id,activities,budget\n"{ident}",12,5\n"{ident}2",6,5\n'
    try:
        data = body.encode(encoding)
    except UnicodeEncodeError:
        return  # a lone surrogate has no encoding
    _, out, _ = _run(tmp_path, "projects.csv", data, "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 2
    if encoding != "gb18030" or ident.isascii():
        assert [row["id"] for row in rows] == [ident, ident + "2"]


# ---- outputs: a fault at any point of a write never leaves a partial file -------------------------------------
@given(
    size=st.integers(0, 300_000),
    failing=st.sampled_from(["write", "fsync", "replace", "body"]),
    after=st.integers(0, 5),
    errno_code=st.sampled_from([errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EACCES]),
)
@FUZZ
def test_a_fault_anywhere_in_a_write_keeps_the_old_file(
    tmp_path_factory: Any, size: int, failing: str, after: int, errno_code: int
) -> None:
    tmp_path = tmp_path_factory.mktemp("atomic")
    target = tmp_path / "results.csv"
    target.write_text("old\n", encoding="utf-8")
    calls = [0]
    real = getattr(os, failing, None)

    def flaky(*args: Any) -> Any:
        calls[0] += 1
        if calls[0] > after:
            raise OSError(errno_code, os.strerror(errno_code))
        assert real is not None
        return real(*args)

    new = "行," * (size // 2)
    with pytest.MonkeyPatch.context() as patch:
        if failing != "body":
            patch.setattr(os, failing, flaky)
        try:
            with atomic_output(target) as out:
                for start in range(0, len(new), 10_000):
                    out.write(new[start : start + 10_000])
                    if failing == "body" and start // 10_000 >= after:
                        raise OSError(errno_code, "the scoring failed")
        except (OutputError, OSError):
            pass
    content = target.read_text(encoding="utf-8")
    assert content in ("old\n", new)  # whole old or whole new, never a part
    assert [path.name for path in tmp_path.iterdir()] == ["results.csv"]
