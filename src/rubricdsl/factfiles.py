"""Reading facts files: JSON or YAML into a mapping, with exact numbers and a clean error for bad input."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from rubricdsl import messages
from rubricdsl.diagnostics import Diagnostic

MAX_FACTS_BYTES = 5_000_000


class FactsFileError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message.en)
        self.diagnostic = diagnostic


def _fail(detail: str) -> FactsFileError:
    return FactsFileError(messages.make("F407", None, detail=detail))


def parse_facts_text(text: str, suffix: str) -> Any:
    """Parse facts text; JSON numbers become Decimal so 0.1 stays 0.1."""
    if suffix in (".yaml", ".yml"):
        import yaml

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
            raise _fail(f"invalid YAML{where}: {getattr(error, 'problem', None) or error}") from None
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise _fail(f"invalid JSON (line {error.lineno}, column {error.colno}): {error.msg}") from None
    except RecursionError:
        raise _fail("the JSON is nested too deeply") from None


def _reject_constant(name: str) -> Any:
    raise _fail(f"`{name}` is not a number a fact can have")


def read_facts_file(path: Path) -> Any:
    with path.open("rb") as handle:
        data = handle.read(MAX_FACTS_BYTES + 1)
    if len(data) > MAX_FACTS_BYTES:
        raise _fail(f"the file is larger than {MAX_FACTS_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail("the file is not UTF-8 text; save it as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)") from None
    return parse_facts_text(text, path.suffix.lower())
