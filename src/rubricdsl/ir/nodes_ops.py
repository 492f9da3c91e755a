"""The IR's value operations: constants, names and bindings, arithmetic (with :class:`Div` on its own),
comparisons, logic, extremes, rounding and counts.  Part of :mod:`rubricdsl.ir.nodes`, which states the
semantics every node shares (exact values, evaluation order, traces) and is where back ends import them from."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from rubricdsl.reading.source import NO_SPAN, Span

if TYPE_CHECKING:
    from rubricdsl.ir.nodes import Expr
    from rubricdsl.ir.nodes_flow import Fail

Value = Decimal | bool | str  # and, for a list fact, a tuple of items (see :class:`~rubricdsl.ir.nodes.Over`)


class ArithOp(enum.Enum):
    ADD = "+"
    SUB = "-"
    MUL = "*"


class CmpOp(enum.Enum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="
    NE = "!="


class RoundMode(enum.Enum):
    """The ``decimal`` rounding of :class:`Round`; values are the ``decimal`` module's constants."""

    HALF_UP = "ROUND_HALF_UP"  # 四舍五入: what `round()` and most `rounding` declarations mean
    HALF_EVEN = "ROUND_HALF_EVEN"
    DOWN = "ROUND_DOWN"  # toward zero
    UP = "ROUND_UP"  # away from zero


# ---- values ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Const:
    """A constant: the literal's exact value (``90%`` is ``Decimal("0.9")``), a bool, a level name."""

    value: Value
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Ref:
    """The value of a fact or derived value.  If it has none (absent, invalid, or a derived value that
    failed), the indicator being scored stops: it is *not applicable* when ``name`` is (or failed because
    of) an optional fact that is absent, and failed with ``E301``/``E303`` (or the derived value's own
    failure) otherwise.  In SQL: the column, with NULL meaning absent."""

    name: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Var:
    """The value a :class:`Let` around this node bound to ``key`` in the current frame."""

    key: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Let:
    """Evaluate ``value`` once, record it in the frame under ``key``, then evaluate ``body`` (which reads it
    with :class:`Var`).  A rule's subject is bound once and tested against every band; the values an
    explanation shows (a deduction's units, a share) are bound under the keys it reads."""

    key: str
    value: Expr
    body: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Neg:
    """``-operand``."""

    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Arith:
    """``left op right`` for + − ×, left operand first; exact for realistic amounts (50 digits)."""

    op: ArithOp
    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Div:
    """``dividend / divisor``.  The divisor is evaluated first; if it is zero, ``failure`` is raised (with
    ``None`` the divisor is a non-zero constant the checker proved, and a zero would be an internal ``E308``).
    The quotient is cut to 50 significant digits, ``ROUND_HALF_EVEN``, when its expansion is longer.  A back
    end without exact division compares ``a / b >= t`` as ``a >= t × b`` for ``b > 0`` (and flips for
    ``b < 0``), or carries the pair (a, b) as a rational and divides once, at a declared scale."""

    dividend: Expr
    divisor: Expr
    failure: Fail | None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Cmp:
    """``left op right`` → bool; numbers compare by value (``1.0 == 1``), level names as strings."""

    op: CmpOp
    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Not:
    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class And:
    """``left and right``; ``right`` is not evaluated (and so cannot fail) when ``left`` is false."""

    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Or:
    """``left or right``; ``right`` is not evaluated (and so cannot fail) when ``left`` is true."""

    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Min:
    """The least of ``args`` (all evaluated, in order); of equal least values, the first (so its exponent:
    ``min(2.50, 2.5)`` is ``2.50``).  SQL's LEAST gives the same value."""

    args: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Max:
    """The greatest of ``args``; of equal greatest values, the first (``max(0, x)`` is the constant 0 when x is
    zero: the deduction's floor 扣完为止 is ``Max(0, base − deduction)``)."""

    args: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Abs:
    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Clamp:
    """``low`` if ``value < low``, ``high`` if ``value > high``, else ``value`` itself (bounds are evaluated
    after the value).  A proportional share is ``Clamp(share, 0, 1)``."""

    value: Expr
    low: Expr
    high: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Floor:
    """The greatest integer ≤ operand (``Decimal.to_integral_value(ROUND_FLOOR)``, exponent 0)."""

    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Ceil:
    """The least integer ≥ operand (``Decimal.to_integral_value(ROUND_CEILING)``, exponent 0)."""

    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Round:
    """``operand`` quantized to ``places`` decimals (``quantize(10**-places, mode)``): the result has exactly
    ``places`` decimals (``round(7, 2)`` is ``7.00``).  A quantized value wider than 50 digits is ``E308``."""

    operand: Expr
    places: int
    mode: RoundMode
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sum:
    """``0 + terms[0] + terms[1] + …``, left to right, starting from the exact integer 0 (so the result's
    exponent is at most 0, as the evaluator's running totals are).  ``Sum(())`` is 0."""

    terms: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Count:
    """The number of ``conditions`` that hold, as a Decimal (every condition evaluated, in order)."""

    conditions: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
