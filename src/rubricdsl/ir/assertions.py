"""Checking a program's assertions (``assert``) against one evaluation's values: the interpreter of
:class:`~rubricdsl.ir.nodes.Assertion`, over the same closures as every other node.

An assertion is checked after the derived values, on the facts and derived values the run computed.  Its frame
records ``left`` and ``right``; ``holds`` decides.  A side that cannot be computed (a fact missing or invalid,
a division by zero) leaves the assertion unchecked: the cause is already a fact problem or an error, and an
unchecked assertion is never reported as holding.  Assertions change no score.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.closures import Fn, compile_expr


@dataclass(frozen=True, slots=True)
class Checked:
    """One assertion's outcome: ``held`` True or False, or None when it could not be checked."""

    assertion: ir.Assertion
    left: Any
    right: Any
    held: bool | None


class AssertionChecker:
    def __init__(self, assertions: tuple[ir.Assertion, ...]) -> None:
        self._compiled: list[tuple[ir.Assertion, Fn, Fn, Fn]] = [
            (item, compile_expr(item.left), compile_expr(item.right), compile_expr(item.holds)) for item in assertions
        ]

    def run(self, env: Mapping[str, Any]) -> tuple[Checked, ...]:
        values = dict(env)
        outcomes: list[Checked] = []
        with decimal.localcontext(CONTEXT):
            for item, left, right, holds in self._compiled:
                frame: dict[str, Any] = {}
                try:
                    frame["left"] = left(values, frame)
                    frame["right"] = right(values, frame)
                    held: bool | None = bool(holds(values, frame))
                except (MissingName, EvalFailure, ArithmeticError):
                    held = None
                outcomes.append(Checked(item, frame.get("left"), frame.get("right"), held))
        return tuple(outcomes)
