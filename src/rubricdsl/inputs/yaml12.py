"""A YAML 1.2 (core schema) reading of facts files on top of PyYAML's safe loader.

PyYAML implements YAML 1.1, whose implicit types misread what people type in a facts file: `012` is octal
(10), `1:30` is sexagesimal (90), `1_000` is 1000, `yes`/`no`/`on`/`off` are booleans and `2021-06-30` is
a date.  The 1.2 core schema reads `012` as 12 and leaves the rest as text (so do `0x1F` and `0o17`,
which the core schema would read as numbers), which the fact's type then
reads or refuses with a message naming the fact.  Floats are read as exact ``Decimal`` (as JSON numbers
are), and a key given twice in one mapping is refused (PyYAML would keep the last one silently).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_REPLACED = {_BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP}

# The YAML 1.2 core schema, https://yaml.org/spec/1.2.2/#1032-tag-resolution
_CORE: list[tuple[str, re.Pattern[str], str]] = [
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    # The core schema's 0o17 and 0x1F are left out: no figure in a report is written in octal or hex, so
    # they stay text, and a numeric fact refuses them (F403) instead of reading 0x1F as 31.
    (_INT, re.compile(r"^[-+]?[0-9]+$"), "-+0123456789"),
    (
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+.0123456789",
    ),
]


class DuplicateYamlKey(yaml.YAMLError):
    def __init__(self, key: str, first_line: int, second_line: int) -> None:
        super().__init__(key)
        self.key = key
        self.first_line = first_line
        self.second_line = second_line


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit types, exact floats and unique keys."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML reads it from the class
        first: [(tag, pattern) for tag, pattern in resolvers if tag not in _REPLACED]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode):
                continue  # a list or mapping as a key: PyYAML's own error follows
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise DuplicateYamlKey(str(key), seen[key], line)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: ScalarNode) -> int:
        return int(str(self.construct_scalar(node)))  # `012` is 12, as in YAML 1.2

    def construct_yaml_float(self, node: ScalarNode) -> Any:
        text = str(self.construct_scalar(node))
        lowered = text.lower()
        if lowered.endswith((".inf", ".nan")):
            return float(lowered.replace(".", ""))  # NaN/Infinity: the fact they belong to is named (F410)
        return Decimal(text)

    def construct_yaml_bool(self, node: ScalarNode) -> bool:
        return str(self.construct_scalar(node)).lower() == "true"


for _tag, _pattern, _first in _CORE:
    Yaml12Loader.add_implicit_resolver(_tag, _pattern, [*_first, *([""] if _tag == _NULL else [])])
Yaml12Loader.add_constructor(_INT, Yaml12Loader.construct_yaml_int)
Yaml12Loader.add_constructor(_FLOAT, Yaml12Loader.construct_yaml_float)
Yaml12Loader.add_constructor(_BOOL, Yaml12Loader.construct_yaml_bool)
