"""Reading rubric files: UTF-8 with or without BOM and CRLF are read; GB18030, empty and binary files are
refused with a message that says what to do (the decision is documented in docs/diagnostics.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

import rubricdsl
from rubricdsl.diagnostics.errors import RubricError, RubricSyntaxError
from rubricdsl.reading.rubric_file import read_rubric_text
from rubricdsl.render.diagnostics import render_all
from tests.conftest import SEED_FACTS, SEED_RUBRIC, read_json

SEED_TEXT = SEED_RUBRIC.read_text(encoding="utf-8")


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "rubric.rubric"
    path.write_bytes(data)
    return path


def seed_total(path: Path) -> object:
    return rubricdsl.load(path).evaluate(read_json(SEED_FACTS)).total


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: text.encode("utf-8"), id="utf-8"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="utf-8 with BOM"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="CRLF"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"), id="BOM and CRLF"),
    ],
)
def test_the_seed_scores_the_same_however_utf8_is_saved(tmp_path: Path, encode: object) -> None:
    assert callable(encode)
    path = write(tmp_path, encode(SEED_TEXT))
    assert seed_total(path) == seed_total(SEED_RUBRIC)


def test_a_crlf_file_reports_columns_and_lines_without_the_carriage_return(tmp_path: Path) -> None:
    text = 'rubric demo "示例" 10\r\nfact a "A": count\r\nindicator i "I" 10 { score a: >= 3 => 10; else 0 }\r\n'
    with pytest.raises(RubricSyntaxError) as caught:
        rubricdsl.load(write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8")))
    rendered = render_all(caught.value.diagnostics, caught.value.source, "en")
    assert "\r" not in rendered
    assert ":3:36" in rendered


def test_gb18030_is_refused_with_the_iconv_command(tmp_path: Path) -> None:
    path = write(tmp_path, SEED_TEXT.encode("gb18030"))
    with pytest.raises(RubricSyntaxError) as caught:
        read_rubric_text(path)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "E110"
    assert diagnostic.message.en == "the file is not UTF-8 text"
    assert diagnostic.message.zh == "文件不是 UTF-8 编码的文本"
    assert diagnostic.hint is not None
    assert "iconv -f GB18030 -t UTF-8" in diagnostic.hint.en
    assert "iconv -f GB18030 -t UTF-8" in diagnostic.hint.zh


def test_gbk_is_refused_the_same_way(tmp_path: Path) -> None:
    path = write(tmp_path, 'rubric demo "湘潭县中小企业服务体系" 10\n'.encode("gbk"))
    with pytest.raises(RubricSyntaxError) as caught:
        read_rubric_text(path)
    assert [diagnostic.code for diagnostic in caught.value.diagnostics] == ["E110"]


def test_the_refusal_points_at_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    data = b'rubric demo "demo" 10\n# plain ASCII line\nfact a "' + "活动次数".encode("gb18030") + b'": count\n'
    with pytest.raises(RubricSyntaxError) as caught:
        read_rubric_text(write(tmp_path, data))
    rendered = render_all(caught.value.diagnostics, caught.value.source, "en")
    assert " --> " in rendered and ":3:" in rendered


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t", b"\xef\xbb\xbf", b"# only a comment\n"])
def test_an_empty_file_says_how_a_rubric_starts(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(RubricError) as caught:
        rubricdsl.load(write(tmp_path, data))
    codes = [diagnostic.code for diagnostic in caught.value.diagnostics]
    # A file with only a comment is not empty text, so the parser asks for the header instead.
    assert codes == (["E102"] if data.startswith(b"#") else ["E111"])


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4,  # the start of an .xlsx/.docx
        b"\x00\x01\x02\x03" * 100,
        b"%PDF-1.7\n\x00\x00binary",
    ],
)
def test_a_binary_file_is_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(RubricSyntaxError) as caught:
        read_rubric_text(write(tmp_path, data))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "E115"
    assert diagnostic.message.zh == "文件看起来是二进制数据，不是评分规则文件"


def test_random_bytes_without_nul_are_refused_as_not_utf8(tmp_path: Path) -> None:
    data = bytes((index * 7919 + 13) % 255 + 1 for index in range(5000))
    with pytest.raises(RubricSyntaxError) as caught:
        read_rubric_text(write(tmp_path, data))
    assert [diagnostic.code for diagnostic in caught.value.diagnostics] == ["E110"]


@pytest.mark.parametrize("line", [1, 3, 120, 176])
def test_a_nul_byte_is_reported_at_its_line_and_column(tmp_path: Path, line: int) -> None:
    lines = SEED_RUBRIC.read_bytes().split(b"\n")
    column = min(4, len(lines[line - 1])) + 1
    lines[line - 1] = lines[line - 1][: column - 1] + b"\x00" + lines[line - 1][column - 1 :]
    with pytest.raises(RubricSyntaxError) as caught:
        read_rubric_text(write(tmp_path, b"\n".join(lines)))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "E115"
    position = caught.value.source.position(diagnostic.span.start if diagnostic.span else 0)
    assert (position.line, position.column) == (line, column)
    rendered = render_all(caught.value.diagnostics, caught.value.source, "en")
    assert f":{line}:{column}" in rendered
    assert "\x00" not in rendered
