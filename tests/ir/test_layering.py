"""Back ends read the IR and nothing else: none imports a rule form, the AST, the checker or the explainer."""

from __future__ import annotations

import ast
from pathlib import Path

import rubricdsl.evaluate.sql.columns
import rubricdsl.evaluate.sql.dialects
import rubricdsl.evaluate.sql.expressions
import rubricdsl.evaluate.sql.facts
import rubricdsl.evaluate.sql.generator
import rubricdsl.evaluate.sql.numbers
import rubricdsl.evaluate.sql.proofs
import rubricdsl.evaluate.sql.query
import rubricdsl.evaluate.sql.run
import rubricdsl.evaluate.sql.select_list
import rubricdsl.evaluate.sql.stages
import rubricdsl.evaluate.sql.types
import rubricdsl.ir.closures
import rubricdsl.ir.codegen
import rubricdsl.ir.interpret
import rubricdsl.ir.nodes
import rubricdsl.ir.nodes_flow
import rubricdsl.ir.nodes_ops
import rubricdsl.ir.nodes_program
import rubricdsl.ir.ranges
import rubricdsl.ir.section_ranges

FORBIDDEN = ("rubricdsl.forms", "rubricdsl.syntax", "rubricdsl.semantics", "rubricdsl.results", "rubricdsl.ir.lower")


def _imports(module: object) -> set[str]:
    path = Path(str(getattr(module, "__file__", "")))
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_ir_and_its_back_ends_know_no_rule_form() -> None:
    for module in (
        rubricdsl.ir.nodes,
        rubricdsl.ir.nodes_ops,
        rubricdsl.ir.nodes_flow,
        rubricdsl.ir.nodes_program,
        rubricdsl.ir.closures,
        rubricdsl.ir.interpret,
        rubricdsl.ir.codegen,
        rubricdsl.ir.ranges,
        rubricdsl.ir.section_ranges,
        rubricdsl.evaluate.sql.columns,
        rubricdsl.evaluate.sql.dialects,
        rubricdsl.evaluate.sql.expressions,
        rubricdsl.evaluate.sql.facts,
        rubricdsl.evaluate.sql.generator,
        rubricdsl.evaluate.sql.numbers,
        rubricdsl.evaluate.sql.proofs,
        rubricdsl.evaluate.sql.query,
        rubricdsl.evaluate.sql.run,
        rubricdsl.evaluate.sql.select_list,
        rubricdsl.evaluate.sql.stages,
        rubricdsl.evaluate.sql.types,
    ):
        imported = _imports(module)
        assert imported, module  # the check reads something
        assert not [name for name in imported if name.startswith(FORBIDDEN)], module
