"""The semantics of :class:`~rubricdsl.ir.nodes.Assertion` as one IR expression, and an assertion's outcome.

An assertion is checked after the derived values, on the facts and derived values the run computed, in a frame
of its own: its body binds ``left`` then ``right`` (recorded in the frame) and gives ``holds``.  A side that
cannot be computed (a fact missing or invalid, a derived value that failed, a division by zero) leaves the
assertion unchecked: the cause is already a fact problem or an error, and an unchecked assertion is never
reported as holding.  Assertions change no score.  Every back end compiles :func:`body` as it compiles any
expression (the interpreter's closures, the generated Python), and the interval analysis decides it
(:meth:`rubricdsl.ir.ranges.RangeAnalysis.assertion`).

Assertions have no names, so a problem about one names it by its place: ``assert#1`` is the rubric's first
``assert`` in source order (:func:`subject`).  Every back end and renderer uses this one spelling, so the
Python result, a batch row and the SQL ``problems`` column name the same assertion the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rubricdsl.evaluate.failures import EvalFailure, MissingName
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.closures import Env, Fn, Frame


@dataclass(frozen=True, slots=True)
class Checked:
    """One assertion's outcome: ``held`` True or False, or None when it could not be checked."""

    assertion: ir.Assertion
    left: Any
    right: Any
    held: bool | None


def subject(assertion: ir.Assertion) -> str:
    """The subject of the assertion's problems: ``assert#N``, N its place among the rubric's assertions from 1
    (one word, as the SQL ``problems`` list is space-separated; no fact or indicator can be named so)."""
    return f"assert#{assertion.index + 1}"


def body(assertion: ir.Assertion) -> ir.Expr:
    """``Let(left, Let(right, holds))``: both sides bound and recorded, then the test."""
    inner = ir.Let(key="right", value=assertion.right, body=assertion.holds, span=assertion.span)
    return ir.Let(key="left", value=assertion.left, body=inner, span=assertion.span)


def check(assertion: ir.Assertion, compiled: Fn, env: Env) -> Checked:
    """Run one compiled body (in the evaluation context, which the caller holds)."""
    frame: Frame = {}
    held: bool | None
    try:
        held = bool(compiled(env, frame))
    except (MissingName, EvalFailure, ArithmeticError, KeyError):
        held = None
    return Checked(assertion, frame.get("left"), frame.get("right"), held)
