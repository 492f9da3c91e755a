"""What every part of the query generator shares: the chain of stages it adds columns to, and refusals.

The generator (:mod:`.generator`) builds the stages; the final select list (:mod:`.select_list`) reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeVar

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.evaluate.sql.dialects import Dialect
from rubricdsl.evaluate.sql.expressions import Compiled, ExpressionCompiler, UnknownNode, Unsupported
from rubricdsl.evaluate.sql.numbers import Arithmetic, TooWide
from rubricdsl.ir import nodes as ir
from rubricdsl.reading.source import Span

T = TypeVar("T")


class Refusal(Exception):
    """The rubric cannot be scored exactly in SQL; ``diagnostic`` (an S6xx code) says which part and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message.en)
        self.diagnostic = diagnostic


@dataclass(slots=True)
class Stage:
    """A common table expression: every column of the one before, and ``columns`` (``sql AS name``)."""

    name: str
    columns: list[str] = field(default_factory=list)


class Stages:
    """The stages so far, and the generator's shared state."""

    program: ir.Program
    sql: Dialect
    math: Arithmetic
    scale: int
    env: dict[str, Compiled]

    def __init__(self) -> None:
        self.stages: list[Stage] = []

    def _stage(self, name: str) -> Stage:
        stage = Stage(name)
        self.stages.append(stage)
        return stage

    def _refuse(self, code: str, span: Span | None, **args: str) -> NoReturn:
        arguments: dict[str, Any] = dict(args)
        raise Refusal(messages.make(code, span, subject=args.get("where"), **arguments))

    def _guarded(self, where: str, span: Span | None, build: Callable[[], T]) -> T:
        """``build()``, with what it cannot express turned into a refusal naming ``where``."""
        try:
            return build()
        except UnknownNode as unknown:
            self._refuse("S618", span, node=unknown.words.en, node_zh=unknown.words.zh, where=where)
        except Unsupported as unsupported:
            self._refuse("S601", span, node=unsupported.words.en, node_zh=unsupported.words.zh, where=where)
        except TooWide as wide:
            self._refuse("S602", span, where=where, detail=wide.what, detail_zh=wide.what_zh, scale=str(self.scale))

    def _condition(self, condition: ir.Expr) -> Compiled:
        compiled, _ = ExpressionCompiler(self.math, self.env).unit(condition)
        return compiled


def node_words(key: str, **args: object) -> dict[str, str]:
    """The ``node``/``node_zh`` arguments of S601/S618 for a node description of the catalogue."""
    words = messages.sql_words(f"node.{key}", **args)
    return {"node": words.en, "node_zh": words.zh}
