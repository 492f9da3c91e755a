"""How lark's terminal names read to a person: words, never token names like `_SEMI` or `__ANON_3`."""

from __future__ import annotations

from rubricdsl.diagnostics import Text
from rubricdsl.syntax.grammar import lark_parser

_NAMED: dict[str, tuple[str, str]] = {
    "NAME": ("a name", "名称"),
    "NUMBER": ("a number", "数字"),
    "PERCENT": ("a percent such as `90%`", "百分数（如 `90%`）"),
    "MONEY": ("an amount such as `50万元`", "金额（如 `50万元`）"),
    "STRING": ('a quoted label such as `"预算完成率"`', '带引号的名称（如 `"预算完成率"`）'),
    "CMP": ("a comparison such as `>=`", "比较符号（如 `>=`）"),
    "EQ": ("`=`", "`=`"),
    "MUL_OP": ("`*` or `/`", "`*` 或 `/`"),
    "_ARROW": ("`->`", "`->`"),
    "_COLON": ("`:`", "`:`"),
    "_SEMI": ("`;`", "`;`"),
    "_COMMA": ("`,`", "`,`"),
    "_LPAR": ("`(`", "`(`"),
    "_RPAR": ("`)`", "`)`"),
    "_LBRACE": ("`{`", "`{`"),
    "_RBRACE": ("`}`", "`}`"),
    "$END": ("the end of the file", "文件结尾"),
}


def describe_terminal(name: str) -> tuple[str, str]:
    if name in _NAMED:
        return _NAMED[name]
    for terminal in lark_parser().terminals:
        if terminal.name == name and terminal.pattern.type == "str":
            literal = f"`{terminal.pattern.value}`"
            return literal, literal
    return name.lower(), name.lower()


def describe_expected(names: set[str] | frozenset[str], limit: int = 8) -> Text:
    described = sorted({describe_terminal(name) for name in names})
    if len(described) > limit:
        described = [*described[:limit], ("…", "…")]
    return Text(" or ".join(en for en, _ in described), "、".join(zh for _, zh in described))


def describe_token(type_name: str, value: str) -> Text:
    if type_name == "$END":
        return Text("the end of the file", "文件结尾")
    return Text(f"`{value}`", f"`{value}`")
