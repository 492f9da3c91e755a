"""Reading rubric files: bytes → text, with a clear refusal for what is not UTF-8 rubric text.

Decision (documented in docs/diagnostics.md): a rubric must be UTF-8, with or without BOM; CRLF line ends are
fine.  A GB18030/GBK file is refused with E110 and the exact command to convert it, because guessing an
encoding silently can change a label or a threshold without anyone noticing.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from rubricdsl.diagnostics import messages
from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.reading.source import SourceFile, Span

MAX_FILE_BYTES = 20_000_000
_BOM = b"\xef\xbb\xbf"
_BINARY_SNIFF_BYTES = 8192
_LINE_REST = re.compile(r"[^\r\n]{0,200}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def decode_rubric_bytes(name: str, data: bytes) -> SourceFile:
    digest = hashlib.sha256(data).hexdigest()
    empty = SourceFile(name, "")
    if len(data) > MAX_FILE_BYTES:
        raise RubricSyntaxError(empty, [messages.make("E112", Span(0, 0), size=len(data), limit=MAX_FILE_BYTES)])
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    nul = body.find(b"\x00")
    if 0 <= nul < _BINARY_SNIFF_BYTES:  # a spreadsheet or an image: say so before any encoding complaint
        raise _refused_at(name, body, nul, "E115")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _refused_at(name, body, error.start, "E110") from None
    if nul >= 0:
        raise _refused_at(name, body, nul, "E115")
    return SourceFile(name, text, digest)


def _refused_at(name: str, body: bytes, offset: int, code: str) -> RubricSyntaxError:
    """``code`` at the first offending byte, with its line and column like any syntax error.

    The source shown is the text up to the end of that line, with the byte and any other control character
    replaced by U+FFFD (only the part before it after E110, whose rest would be mis-decoded), so the caret lands on it and nothing undecodable or invisible reaches the terminal.
    """
    prefix = _CONTROL.sub("\ufffd", body[:offset].decode("utf-8", errors="replace"))
    shown = ""
    if code == "E115":  # the rest of a line of text around a stray NUL; not mis-decoded bytes after E110
        rest = _LINE_REST.match(body[offset + 1 :].decode("utf-8", errors="replace"))
        shown = _CONTROL.sub("\ufffd", rest.group() if rest else "")
    source = SourceFile(name, prefix + "\ufffd" + shown)
    return RubricSyntaxError(source, [messages.make(code, Span(len(prefix), len(prefix) + 1))])


def read_rubric_text(path: Path) -> SourceFile:
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    return decode_rubric_bytes(str(path), data)
