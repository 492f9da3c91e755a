"""Back ends read the IR and nothing else: the interpreter never imports a rule form or the AST."""

from __future__ import annotations

import ast
from pathlib import Path

import rubricdsl.ir.interpret
import rubricdsl.ir.nodes

FORBIDDEN = ("rubricdsl.forms", "rubricdsl.syntax", "rubricdsl.semantics", "rubricdsl.results")


def _imports(module: object) -> set[str]:
    path = Path(str(getattr(module, "__file__", "")))
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_interpreter_and_the_ir_know_no_rule_form() -> None:
    for module in (rubricdsl.ir.interpret, rubricdsl.ir.nodes):
        imported = _imports(module)
        assert imported, module  # the check reads something
        assert not [name for name in imported if name.startswith(FORBIDDEN)], module
