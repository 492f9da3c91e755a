"""Exact rationals in SQL: every number is an integer numerator over a positive integer denominator.

SQL engines have no exact decimal division (DuckDB's DECIMAL / DECIMAL is a DOUBLE), so a number is carried as a
pair: ``n / d`` with both exact integers (HUGEINT, NUMERIC, DECIMAL(38,0)) and ``d > 0``.  A denominator known
when the query is generated (a literal's, a fact column's 10^scale) stays a Python ``int`` and never reaches the
query; only a division by a value read from the data makes it a SQL expression.  Sums, products and quotients
are exact; comparisons cross-multiply (``a/b >= c/d`` is ``a·d >= c·b``, both denominators positive); floor,
ceil and rounding divide integers once.

Every value also carries a bound on ``|n|`` and on ``d``, proved from the facts columns' types
(:mod:`.types`), so no operation can overflow the 127-bit integers at run time: an expression whose bound
reaches 2^126 is refused when the query is generated (:class:`TooWide`), naming the unit that needs it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import partial

from rubricdsl.evaluate.sql.dialects import Dialect
from rubricdsl.ir.nodes import RoundMode

LIMIT = 2**126  # every integer in the query stays below this: half of HUGEINT's range, for the sums


class TooWide(Exception):
    """An integer in the query could reach ``LIMIT``; ``what`` says which operation."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


@dataclass(frozen=True, slots=True)
class Num:
    n: str  # SQL: the numerator, an exact integer
    nmax: int  # |n| never exceeds this
    d: str | None  # SQL: the denominator (> 0), or None when it is the static `dmax`
    dmax: int  # the static denominator, or a bound on the dynamic one
    value: Fraction | None = None  # known when the query is generated
    vmax: Fraction | None = None  # a bound on |n / d| tighter than the one nmax and d >= 1 give, when known

    def __post_init__(self) -> None:
        _fits(self.nmax, self.dmax)

    @property
    def bound(self) -> Fraction:
        """A bound on the value's size: what the integer quotients of floor and rounding stay within."""
        if self.value is not None:
            return abs(self.value)
        found = Fraction(self.nmax, self.dmax) if self.d is None else Fraction(self.nmax)  # a dynamic d is >= 1
        return found if self.vmax is None else min(found, self.vmax)


def _fits(*bounds: int) -> None:
    widest = max(bounds)
    if widest >= LIMIT:
        raise TooWide(f"an intermediate integer may reach {widest.bit_length()} bits, more than 126")


class Arithmetic:
    """The operations on :class:`Num`, written in one dialect."""

    def __init__(self, dialect: Dialect) -> None:
        self.sql = dialect

    # ---- building --------------------------------------------------------------------------------------
    def const(self, value: Fraction) -> Num:
        return Num(self.sql.int_lit(value.numerator), abs(value.numerator), None, value.denominator, value)

    def column(self, sql: str, scale: int, digits: int) -> Num:
        """A DECIMAL(digits + scale, scale) column as the integer ``column × 10^scale`` over ``10^scale``."""
        # Widened before the multiplication: DuckDB keeps DECIMAL(18,4) × 10000 at 18 digits and overflows.
        scaled = sql if scale == 0 else f"(CAST({sql} AS {self.sql.decimal(scale)}) * {10**scale})"
        return Num(self.sql.to_integer(scaled), 10 ** (digits + scale), None, 10**scale)

    def den(self, x: Num) -> str:
        return x.d if x.d is not None else self.sql.int_lit(x.dmax)

    def _times_int(self, sql: str, k: int) -> str:
        return sql if k == 1 else f"({sql} * {self.sql.int_lit(k)})"

    def _cross(self, x: Num, y: Num) -> str:
        """``x.n × y.d``: the numerator of ``x`` over the common denominator, with no factor of 1 (or a zero
        numerator) spelled out — the query's size is what DuckDB and Spark spend most of their planning on."""
        if x.value == 0:
            return self.sql.int_lit(0)
        return self._times_int(x.n, y.dmax) if y.d is None else f"({x.n} * {y.d})"

    def _den_product(self, a: Num, b: Num) -> str:
        if a.d is None:
            return self._times_int(self.den(b), a.dmax)
        return f"({a.d} * {self.den(b)})" if b.d is not None else self._times_int(a.d, b.dmax)

    # ---- arithmetic --------------------------------------------------------------------------------------
    def neg(self, x: Num) -> Num:
        if x.value is not None:
            return self.const(-x.value)
        return Num(f"(-{x.n})", x.nmax, x.d, x.dmax, vmax=x.vmax)

    def abs(self, x: Num) -> Num:
        if x.value is not None:
            return self.const(abs(x.value))
        return Num(f"ABS({x.n})", x.nmax, x.d, x.dmax, vmax=x.vmax)

    def add(self, a: Num, b: Num, *, subtract: bool = False) -> Num:
        if a.value is not None and b.value is not None:
            return self.const(a.value - b.value if subtract else a.value + b.value)
        if b.value == 0:
            return a
        if a.value == 0 and not subtract:
            return b
        op = "-" if subtract else "+"
        if a.d is None and b.d is None:
            common = math.lcm(a.dmax, b.dmax)
            ka, kb = common // a.dmax, common // b.dmax
            n = f"({self._times_int(a.n, ka)} {op} {self._times_int(b.n, kb)})"
            return Num(n, a.nmax * ka + b.nmax * kb, None, common)
        n = f"({self._cross(a, b)} {op} {self._cross(b, a)})"
        d = self._den_product(a, b)
        return Num(n, a.nmax * b.dmax + b.nmax * a.dmax, d, a.dmax * b.dmax, vmax=a.bound + b.bound)

    def mul(self, a: Num, b: Num) -> Num:
        if a.value is not None and b.value is not None:
            return self.const(a.value * b.value)
        if a.value is not None:
            a, b = b, a
        if b.value is not None:
            p, q = b.value.numerator, b.value.denominator
            if p == 0:
                return self.const(Fraction(0))
            if a.d is None:
                shared = math.gcd(p, a.dmax)
                p, dmax = p // shared, a.dmax // shared
                return Num(self._times_int(a.n, p), a.nmax * abs(p), None, dmax * q)
            scaled = a.bound * abs(b.value)
            return Num(self._times_int(a.n, p), a.nmax * abs(p), self._times_int(a.d, q), a.dmax * q, vmax=scaled)
        n = f"({a.n} * {b.n})"
        if a.d is None and b.d is None:
            return Num(n, a.nmax * b.nmax, None, a.dmax * b.dmax)
        d = self._den_product(a, b)
        return Num(n, a.nmax * b.nmax, d, a.dmax * b.dmax, vmax=a.bound * b.bound)

    def div(self, a: Num, b: Num) -> Num:
        """``a / b``; where ``b`` is zero the result's denominator is 0, and the caller's failure fires."""
        if b.value is not None:
            if b.value == 0:
                return self.const(Fraction(0))  # never read: the division's failure fires first
            return self.mul(a, self.const(1 / b.value))
        if a.d is None and b.d is None:
            shared = math.gcd(a.dmax, b.dmax)
            a_den, b_den = a.dmax // shared, b.dmax // shared  # a·b_den / (a_den·b), reduced
        else:
            a_den, b_den = a.dmax, b.dmax
        top = self._times_int(a.n, b_den) if b.d is None else f"({a.n} * {b.d})"
        size = f"ABS({b.n})"
        bottom = self._times_int(size, a_den) if a.d is None else f"({a.d} * {size})"
        n = f"(CASE WHEN {b.n} < 0 THEN -{top} ELSE {top} END)"
        # |b| >= 1 / b.dmax where it is not zero (a non-zero integer over a denominator of at most b.dmax).
        return Num(n, a.nmax * b_den, bottom, a_den * b.nmax, vmax=a.bound * b.dmax)

    # ---- comparisons -----------------------------------------------------------------------------------
    def compare(self, a: Num, op: str, b: Num) -> str:
        """``a op b`` by cross-multiplication (denominators are positive, so no sign flips)."""
        if a.value is not None and b.value is not None:
            held = {
                ">=": a.value >= b.value,
                ">": a.value > b.value,
                "<=": a.value <= b.value,
                "<": a.value < b.value,
                "=": a.value == b.value,
                "<>": a.value != b.value,
            }[op]
            return "TRUE" if held else "FALSE"
        if a.d is None and b.d is None:
            common = math.lcm(a.dmax, b.dmax)
            ka, kb = common // a.dmax, common // b.dmax
            _fits(a.nmax * ka, b.nmax * kb)
            return f"({self._times_int(a.n, ka)} {op} {self._times_int(b.n, kb)})"
        _fits(a.nmax * b.dmax, b.nmax * a.dmax)
        return f"({self._cross(a, b)} {op} {self._cross(b, a)})"

    def choose(self, arms: list[tuple[str, Num | None]], otherwise: Num | None) -> Num | None:
        """``CASE WHEN cond THEN value … ELSE otherwise END``; ``None`` is a branch with no value (a failure)."""
        values = [value for _, value in arms if value is not None]
        if otherwise is not None:
            values.append(otherwise)
        if not values:
            return None
        nmax = max(value.nmax for value in values)
        if all(value.d is None for value in values):
            common = math.lcm(*(value.dmax for value in values))

            def scaled(value: Num | None) -> str:
                return "NULL" if value is None else self._times_int(value.n, common // value.dmax)

            n = self._case([(c, scaled(v)) for c, v in arms], scaled(otherwise))
            return Num(n, max(v.nmax * (common // v.dmax) for v in values), None, common)
        n = self._case(
            [(c, "NULL" if v is None else v.n) for c, v in arms], "NULL" if otherwise is None else otherwise.n
        )
        one = self.sql.int_lit(1)
        d = self._case(
            [(c, one if v is None else self.den(v)) for c, v in arms], one if otherwise is None else self.den(otherwise)
        )
        return Num(n, nmax, d, max(value.dmax for value in values), vmax=max(value.bound for value in values))

    @staticmethod
    def _case(arms: list[tuple[str, str]], otherwise: str) -> str:
        if not arms:
            return otherwise
        whens = " ".join(f"WHEN {condition} THEN {value}" for condition, value in arms)
        return f"(CASE {whens} ELSE {otherwise} END)"

    # ---- integers out of rationals -------------------------------------------------------------------------
    def floor(self, x: Num) -> Num:
        if x.value is not None:
            return self.const(Fraction(math.floor(x.value)))
        if x.d is None and x.dmax == 1:
            return x
        d = self._divisor(x)
        _fits(x.nmax + x.dmax)
        quotient = min(x.nmax, math.floor(x.bound) + 1)  # |floor(v)| <= ⌊|v|⌋ + 1
        trunc = partial(self._trunc_div, quotient=quotient)
        n = f"(CASE WHEN {x.n} >= 0 THEN {trunc(x.n, d)} ELSE -{trunc(f'(-{x.n} + {d} - 1)', d)} END)"
        return Num(n, quotient, None, 1)

    def ceil(self, x: Num) -> Num:
        return self.neg(self.floor(self.neg(x)))

    def round(self, x: Num, places: int, mode: RoundMode) -> Num:
        """``x`` quantized to ``places`` decimals, as ``decimal`` rounds: one integer division."""
        unit = 10**places
        if x.value is not None:
            return self.const(Fraction(_round_fraction(x.value * unit, mode), unit))
        if x.d is None and unit % x.dmax == 0:
            return Num(self._times_int(x.n, unit // x.dmax), x.nmax * (unit // x.dmax), None, unit)
        scaled = self._times_int(x.n, unit)
        _fits(2 * x.nmax * unit + 2 * x.dmax)
        bound = min(x.nmax * unit, math.floor(x.bound * unit) + 1)  # |round(v · unit)| <= ⌊|v| · unit⌋ + 1
        return Num(self.rounded_quotient(scaled, self._divisor(x), mode, bound), bound, None, unit)

    def rounded_quotient(self, n: str, d: str, mode: RoundMode, quotient: int) -> str:
        """``n / d`` rounded to an integer in ``mode`` (d > 0, the quotient at most ``quotient``), from the
        truncated quotient and remainder."""
        size = f"ABS({n})"
        whole = self._trunc_div(size, d, quotient)
        rest = f"({size} - {whole} * {d})"
        if mode is RoundMode.DOWN:
            up = "FALSE"
        elif mode is RoundMode.UP:
            up = f"{rest} > 0"
        elif mode is RoundMode.HALF_UP:
            up = f"2 * {rest} >= {d}"
        else:
            odd = f"({whole} - 2 * {self._trunc_div(whole, '2', quotient)}) = 1"
            up = f"(2 * {rest} > {d} OR (2 * {rest} = {d} AND {odd}))"
        magnitude = f"({whole} + CASE WHEN {up} THEN 1 ELSE 0 END)"
        return f"(CASE WHEN {n} < 0 THEN -{magnitude} ELSE {magnitude} END)"

    def _trunc_div(self, dividend: str, divisor: str, quotient: int) -> str:
        """``dividend // divisor`` (both >= 0, the quotient at most ``quotient``), where the dialect can."""
        limit = self.sql.quotient_limit()
        if limit is not None and quotient >= limit:
            digits = len(str(limit)) - 1
            raise TooWide(
                f"an integer quotient of {len(str(quotient))} digits, more than {self.sql.name} divides exactly ({digits})"
            )
        return self.sql.trunc_div(dividend, divisor)

    def _divisor(self, x: Num) -> str:
        # A dynamic denominator is 0 only where a division failed; NULL there keeps the engine from raising.
        return self.sql.int_lit(x.dmax) if x.d is None else f"NULLIF({x.d}, 0)"


def _round_fraction(value: Fraction, mode: RoundMode) -> int:
    whole, rest = divmod(abs(value.numerator), value.denominator)
    twice = 2 * rest
    if mode is RoundMode.UP:
        whole += rest > 0
    elif mode is RoundMode.HALF_UP:
        whole += twice >= value.denominator
    elif mode is RoundMode.HALF_EVEN:
        whole += twice > value.denominator or (twice == value.denominator and whole % 2 == 1)
    return -whole if value < 0 else whole
