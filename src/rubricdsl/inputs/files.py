"""Reading facts files: JSON or YAML into a mapping, with exact numbers and a clean error for bad input.

Only what makes the file unreadable is an error here (F407: not UTF-8, not JSON/YAML, too big, nested too
deeply; F413: a key given twice, which JSON and PyYAML would silently settle by taking the last value).
YAML is read by the YAML 1.2 core schema (:mod:`rubricdsl.inputs.yaml12`): YAML 1.1 read `012` as 10,
`1:30` as 90 and `1_000` as 1000.  Everything about the values — NaN, a percent written as 95, a list where a number belongs — is
left to :mod:`rubricdsl.inputs.facts`, which names the fact and lists every problem at once.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.reading.source import line_number

MAX_FACTS_BYTES = 5_000_000


class FactsFileError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message.en)
        self.diagnostic = diagnostic


def _fail(detail: str, detail_zh: str) -> FactsFileError:
    return FactsFileError(messages.make("F407", None, detail=detail, detail_zh=detail_zh))


def _where(line: int, column: int) -> tuple[str, str]:
    return f"line {line}, column {column}", f"第 {line} 行第 {column} 列"


def parse_facts_text(text: str, suffix: str) -> Any:
    """Parse facts text; JSON numbers become Decimal so 0.1 stays 0.1."""
    if not text.strip():
        raise _fail("the file is empty", "文件为空")
    if suffix in (".yaml", ".yml"):
        return _parse_yaml(text)
    try:
        # NaN and Infinity are read (as floats) so that the fact they belong to is named in the problem.
        return json.loads(text, parse_float=Decimal, parse_constant=float, object_pairs_hook=_unique_keys(text))
    except _DuplicateKey as duplicate:
        raise duplicate_key_error(duplicate.key, *duplicate.lines) from None
    except json.JSONDecodeError as error:
        line, column = _trailing_comma(error) or (error.lineno, error.colno)
        en, zh = _where(line, column)
        what_en, what_zh = _json_problem(error)
        raise _fail(f"invalid JSON at {en}: {what_en}", f"JSON 格式有误（{zh}）：{what_zh}") from None
    except RecursionError:
        raise _fail("the JSON is nested too deeply", "JSON 嵌套层数过多") from None
    except ValueError:
        # Python refuses to turn an integer of more than 4300 digits into an int.
        raise _fail("a number in the file is too long", "文件中有位数过多的数字") from None


# json's messages, in words a policy writer reads (the keys are the start of `JSONDecodeError.msg`).
_JSON_PROBLEMS: dict[str, tuple[str, str]] = {
    "Expecting value": ("a value is missing or misspelled", "此处缺少值，或值的写法有误"),
    "Expecting ',' delimiter": ("a `,` is missing", "缺少逗号 `,`"),
    "Expecting ':' delimiter": ("a `:` is missing", "缺少冒号 `:`"),
    "Expecting property name enclosed in double quotes": (
        "a name must be in double quotes (and no `,` before `}`)",
        "名称必须用英文双引号括起来（`}` 前也不能有多余的逗号）",
    ),
    "Unterminated string": ('a string is not closed with `"`', "字符串缺少结尾的双引号"),
    "Invalid control character": ("a string contains a line break", "字符串中含有换行等控制字符"),
    "Invalid \\escape": ("a `\\` in a string starts no valid escape", "字符串中的 `\\` 不是有效的转义"),
    "Extra data": ("there is more text after the facts", "事实内容之后还有多余的文字"),
}
_FULL_WIDTH_IN_JSON = "“”：，｛｝［］"


def _trailing_comma(error: json.JSONDecodeError) -> tuple[int, int] | None:
    """`"a": 1,\n}`: json stops at the `}`, but the mistake is the comma on the line before."""
    if not error.msg.startswith("Expecting property name") and not error.msg.startswith("Expecting value"):
        return None
    if error.pos >= len(error.doc) or error.doc[error.pos] not in "}]":
        return None
    before = error.doc[: error.pos].rstrip()
    if not before.endswith(","):
        return None
    comma = len(before) - 1
    line = before.count("\n") + 1
    return line, comma - before.rfind("\n")


def _json_problem(error: json.JSONDecodeError) -> tuple[str, str]:
    if _trailing_comma(error) is not None:
        closer = error.doc[error.pos]
        return f"a `,` before `{closer}` is one too many", f"`{closer}` 前多了一个逗号 `,`"
    en, zh = next(
        (words for start, words in _JSON_PROBLEMS.items() if error.msg.startswith(start)), (error.msg, error.msg)
    )
    char = error.doc[error.pos] if error.pos < len(error.doc) else ""
    if char and char in _FULL_WIDTH_IN_JSON:
        en += f"; `{char}` is full-width, type it in English mode"
        zh += f"；`{char}` 是全角符号，请切换到英文输入法输入"
    return en, zh


class _DuplicateKey(Exception):
    def __init__(self, key: str, lines: tuple[int | None, int | None]) -> None:
        super().__init__(key)
        self.key = key
        self.lines = lines


def duplicate_key_error(key: str, first: int | None, second: int | None) -> FactsFileError:
    if first and second and first != second:
        where_en, where_zh = f"lines {first} and {second}", f"第 {first} 行和第 {second} 行"
    elif first:
        where_en, where_zh = f"both on line {first}", f"都在第 {first} 行"
    else:
        where_en, where_zh = "spelled differently", "写法不同"
    return FactsFileError(messages.make("F413", None, subject=key, name=key, lines=where_en, lines_zh=where_zh))


def _unique_keys(text: str) -> Any:
    """An ``object_pairs_hook`` that refuses a key given twice in one object, naming both lines.

    json gives the hook no positions, so the lines are found afterwards: the n-th and m-th places where the
    key is written as a key (`"key":`).  A key spelled with escapes is still refused, only without lines.
    """

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise _DuplicateKey(key, _key_lines(text, key))
            result[key] = value
        return result

    return hook


def _key_lines(text: str, key: str) -> tuple[int | None, int | None]:
    written = re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:"
    places = [match.start() for match in re.finditer(written, text)]
    if len(places) < 2:
        return None, None
    return line_number(text, places[0]), line_number(text, places[1])


def _parse_yaml(text: str) -> Any:
    import yaml

    from rubricdsl.inputs.yaml12 import DuplicateYamlKey, Yaml12Loader

    try:
        return yaml.load(text, Loader=Yaml12Loader)  # a SafeLoader subclass: no Python objects
    except DuplicateYamlKey as duplicate:
        raise duplicate_key_error(duplicate.key, duplicate.first_line, duplicate.second_line) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = str(getattr(error, "problem", None) or error)
        # PyYAML says where it gave up and, separately, where the construct it was reading began (an
        # unclosed `[` two lines up): both lines are shown, since the mistake is usually at the start.
        context = getattr(error, "context", None)
        context_mark = getattr(error, "context_mark", None)
        started_en = started_zh = ""
        if context and context_mark is not None and mark is not None and context_mark.line != mark.line:
            started_en = f" ({context} started at line {context_mark.line + 1})"
            started_zh = f"（相关内容从第 {context_mark.line + 1} 行开始）"
        if mark is None:
            raise _fail(f"invalid YAML: {problem}", f"YAML 格式有误：{problem}") from None
        en, zh = _where(mark.line + 1, mark.column + 1)
        raise _fail(
            f"invalid YAML at {en}: {problem}{started_en}", f"YAML 格式有误（{zh}）：{problem}{started_zh}"
        ) from None
    except RecursionError:
        raise _fail("the YAML is nested too deeply", "YAML 嵌套层数过多") from None
    except ValueError:
        raise _fail("a number in the file is too long", "文件中有位数过多的数字") from None


def read_facts_file(path: Path) -> Any:
    with path.open("rb") as handle:
        data = handle.read(MAX_FACTS_BYTES + 1)
    if len(data) > MAX_FACTS_BYTES:
        raise _fail(f"the file is larger than {MAX_FACTS_BYTES} bytes", f"文件超过 {MAX_FACTS_BYTES} 字节的上限")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(
            "the file is not UTF-8 text; convert it, e.g. `iconv -f GB18030 -t UTF-8 in.json > out.json`",
            "文件不是 UTF-8 编码；请先转换，例如 `iconv -f GB18030 -t UTF-8 原文件 > 新文件`",
        ) from None
    return parse_facts_text(text, path.suffix.lower())
