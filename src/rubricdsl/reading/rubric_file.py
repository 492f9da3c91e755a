"""Reading rubric files: bytes → text, with a clear refusal for what is not UTF-8 rubric text.

Decision (documented in docs/diagnostics.md): a rubric must be UTF-8, with or without BOM; CRLF line ends are
fine.  A GB18030/GBK file is refused with E110 and the exact command to convert it, because guessing an
encoding silently can change a label or a threshold without anyone noticing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rubricdsl.diagnostics import messages
from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.reading.source import SourceFile, Span

MAX_FILE_BYTES = 20_000_000
_BOM = b"\xef\xbb\xbf"


def decode_rubric_bytes(name: str, data: bytes) -> SourceFile:
    digest = hashlib.sha256(data).hexdigest()
    empty = SourceFile(name, "")
    if len(data) > MAX_FILE_BYTES:
        raise RubricSyntaxError(empty, [messages.make("E112", Span(0, 0), size=len(data), limit=MAX_FILE_BYTES)])
    if b"\x00" in data[:8192]:
        raise RubricSyntaxError(empty, [messages.make("E115", Span(0, 0))])
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        prefix = body[: error.start].decode("utf-8", errors="replace")
        source = SourceFile(name, prefix + "\ufffd")
        raise RubricSyntaxError(source, [messages.make("E110", Span(len(prefix), len(prefix) + 1))]) from None
    return SourceFile(name, text, digest)


def read_rubric_text(path: Path) -> SourceFile:
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    return decode_rubric_bytes(str(path), data)
