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

The bounds also choose each integer's SQL type, where the dialect has narrower exact integers
(:attr:`~.dialects.Dialect.integer_types`: DuckDB's INTEGER and BIGINT): a value's ``nrank``/``drank`` is the
type its SQL has (0 the narrowest, ``top`` the 127-bit one), and an operation whose result bound does not fit
the wider of its operands' types widens one operand first (an engine computes in the wider operand type).
So the seed rubric's integers are INTEGER and BIGINT, and HUGEINT appears only where a bound needs it —
HUGEINT arithmetic, and above all its division, costs several times a BIGINT's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import partial

from rubricdsl.evaluate.sql.dialects import Dialect
from rubricdsl.ir.nodes import RoundMode

LIMIT = 2**126  # every integer in the query stays below this: half of HUGEINT's range, for the sums


class TooWide(Exception):
    """An integer in the query could reach ``LIMIT``; ``what`` says which operation, in English and Chinese
    (S602's detail)."""

    def __init__(self, what: str, what_zh: str) -> None:
        super().__init__(what)
        self.what = what
        self.what_zh = what_zh


@dataclass(frozen=True, slots=True)
class Num:
    n: str  # SQL: the numerator, an exact integer
    nmax: int  # |n| never exceeds this
    d: str | None  # SQL: the denominator (> 0), or None when it is the static `dmax`
    dmax: int  # the static denominator, or a bound on the dynamic one
    value: Fraction | None = None  # known when the query is generated
    vmax: Fraction | None = None  # a bound on |n / d| tighter than the one nmax and d >= 1 give, when known
    # The SQL type of `n` (and of `d` when it is SQL), as an index into the dialect's integer types, at most
    # the type the SQL really has: an operation widens an operand it is not sure of, so a rank too low costs a
    # cast, and only one too high could overflow.
    nrank: int = 0
    drank: int = 0
    nonneg: bool = False  # proved never negative (a guard to [0, points] is then only the bound's)

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
        bits = widest.bit_length()
        raise TooWide(
            f"an intermediate integer may reach {bits} bits, more than 126",
            f"中间整数可能达到 {bits} 位二进制，超过 126 位",
        )


Sql = tuple[str, int]  # an integer expression and the rank of its SQL type
# Names an expression once: ``bind(sql, level)`` is a column holding ``sql``, computed in the level-th stage
# of those before the expression that reads it (``sql`` may read columns of lower levels only).
Bind = Callable[[str, int], str]


class Arithmetic:
    """The operations on :class:`Num`, written in one dialect."""

    def __init__(self, dialect: Dialect) -> None:
        self.sql = dialect
        self.top = len(dialect.integer_types)

    # ---- integer types ---------------------------------------------------------------------------------
    def rank(self, bound: int) -> int:
        """The narrowest of the dialect's integer types holding every integer of size at most ``bound``."""
        for position, (_, largest) in enumerate(self.sql.integer_types):
            if bound <= largest:
                return position
        return self.top

    def type_name(self, rank: int) -> str:
        return self.sql.integer_types[rank][0] if rank < self.top else self.sql.integer

    def _widened(self, sql: str, rank: int, want: int) -> str:
        return sql if min(rank, self.top) >= want else f"CAST({sql} AS {self.type_name(want)})"

    def _op(self, left: Sql, op: str, right: Sql, bound: int) -> Sql:
        """``left op right`` in a type holding ``bound``: the engine computes in the wider operand's type, so
        where that is too narrow the left operand is widened first."""
        want, have = self.rank(bound), min(max(left[1], right[1]), self.top)
        if have >= want:
            return f"({left[0]} {op} {right[0]})", have
        return f"({self._widened(left[0], left[1], want)} {op} {right[0]})", want

    def lit(self, value: int) -> Sql:
        if self.top == 0:
            return self.sql.int_lit(value), 0
        rank = self.rank(abs(value))
        text = str(abs(value)) if rank == 0 else f"CAST({abs(value)} AS {self.type_name(rank)})"
        return (f"(-{text})" if value < 0 else text), rank

    def integer(self, sql: str, bound: int, *, nonneg: bool = False) -> Num:
        """An integer-valued SQL expression of size at most ``bound``, cast to the narrowest type holding it."""
        rank = self.rank(bound)
        return Num(f"CAST({sql} AS {self.type_name(rank)})", bound, None, 1, nrank=rank, nonneg=nonneg)

    # ---- building --------------------------------------------------------------------------------------
    def const(self, value: Fraction) -> Num:
        n, rank = self.lit(value.numerator)
        return Num(n, abs(value.numerator), None, value.denominator, value, nrank=rank, nonneg=value >= 0)

    def column(self, sql: str, scale: int, bound: int) -> Num:
        """A DECIMAL column of ``scale`` decimals as the integer ``column × 10^scale`` (of size at most
        ``bound``) over ``10^scale``."""
        n, rank = self.sql.scaled_integer(sql, scale, bound)
        return Num(n, bound, None, 10**scale, nrank=min(rank, self.top))

    def den(self, x: Num) -> str:
        return self._den(x)[0]

    def _den(self, x: Num) -> Sql:
        return (x.d, x.drank) if x.d is not None else self.lit(x.dmax)

    def _times_int(self, term: Sql, k: int, bound: int) -> Sql:
        """``term × k``, its product at most ``bound``."""
        return term if k == 1 else self._op(term, "*", self.lit(k), bound)

    def _cross(self, x: Num, y: Num) -> Sql:
        """``x.n × y.d``: the numerator of ``x`` over the common denominator, with no factor of 1 (or a zero
        numerator) spelled out — the query's size is what DuckDB and Spark spend most of their planning on."""
        if x.value == 0:
            return self.lit(0)
        if x.value is not None and x.value.numerator == 1 and y.d is not None:
            return y.d, y.drank  # 1 × d: the constant's numerator is 1 (5% is 1/20)
        bound = x.nmax * y.dmax
        if y.d is None:
            return self._times_int((x.n, x.nrank), y.dmax, bound)
        return self._op((x.n, x.nrank), "*", (y.d, y.drank), bound)

    def _den_product(self, a: Num, b: Num) -> Sql:
        bound = a.dmax * b.dmax
        if a.d is None:
            return self._times_int(self._den(b), a.dmax, bound)
        if b.d is not None:
            return self._op((a.d, a.drank), "*", (b.d, b.drank), bound)
        return self._times_int((a.d, a.drank), b.dmax, bound)

    def _num(
        self, n: Sql, nmax: int, d: Sql | None, dmax: int, vmax: Fraction | None = None, *, nonneg: bool = False
    ) -> Num:
        drank = 0 if d is None else d[1]
        return Num(n[0], nmax, None if d is None else d[0], dmax, vmax=vmax, nrank=n[1], drank=drank, nonneg=nonneg)

    # ---- arithmetic --------------------------------------------------------------------------------------
    def neg(self, x: Num) -> Num:
        if x.value is not None:
            return self.const(-x.value)
        return replace(x, n=f"(-{x.n})", nonneg=False)

    def abs(self, x: Num) -> Num:
        if x.value is not None:
            return self.const(abs(x.value))
        return replace(x, n=f"ABS({x.n})", nonneg=True)

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
            nmax = a.nmax * ka + b.nmax * kb
            _fits(nmax)
            left = self._times_int((a.n, a.nrank), ka, a.nmax * ka)
            right = self._times_int((b.n, b.nrank), kb, b.nmax * kb)
            sum_nonneg = not subtract and a.nonneg and b.nonneg
            return self._num(self._op(left, op, right, nmax), nmax, None, common, nonneg=sum_nonneg)
        nmax = a.nmax * b.dmax + b.nmax * a.dmax
        _fits(nmax, a.dmax * b.dmax)
        n = self._op(self._cross(a, b), op, self._cross(b, a), nmax)
        both = not subtract and a.nonneg and b.nonneg
        return self._num(n, nmax, self._den_product(a, b), a.dmax * b.dmax, a.bound + b.bound, nonneg=both)

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
                nmax = a.nmax * abs(p)
                _fits(nmax, dmax * q)
                return self._num(self._times_int((a.n, a.nrank), p, nmax), nmax, None, dmax * q)
            nmax, dmax = a.nmax * abs(p), a.dmax * q
            _fits(nmax, dmax)
            n, d = self._times_int((a.n, a.nrank), p, nmax), self._times_int((a.d, a.drank), q, dmax)
            return self._num(n, nmax, d, dmax, a.bound * abs(b.value))
        nmax, dmax = a.nmax * b.nmax, a.dmax * b.dmax
        _fits(nmax, dmax)
        n = self._op((a.n, a.nrank), "*", (b.n, b.nrank), nmax)
        if a.d is None and b.d is None:
            return self._num(n, nmax, None, dmax)
        return self._num(n, nmax, self._den_product(a, b), dmax, a.bound * b.bound)

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
        nmax, dmax = a.nmax * b_den, a_den * b.nmax
        _fits(nmax, dmax)
        if b.d is None:
            top = self._times_int((a.n, a.nrank), b_den, nmax)
        else:
            top = self._op((a.n, a.nrank), "*", (b.d, b.drank), nmax)
        size = (f"ABS({b.n})", b.nrank)
        bottom = self._times_int(size, a_den, dmax) if a.d is None else self._op((a.d, a.drank), "*", size, dmax)
        n = f"(CASE WHEN {b.n} < 0 THEN -{top[0]} ELSE {top[0]} END)"
        # |b| >= 1 / b.dmax where it is not zero (a non-zero integer over a denominator of at most b.dmax).
        return self._num((n, top[1]), nmax, bottom, dmax, a.bound * b.dmax)

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
            left = self._times_int((a.n, a.nrank), ka, a.nmax * ka)
            right = self._times_int((b.n, b.nrank), kb, b.nmax * kb)
            return f"({left[0]} {op} {right[0]})"
        _fits(a.nmax * b.dmax, b.nmax * a.dmax)
        return f"({self._cross(a, b)[0]} {op} {self._cross(b, a)[0]})"

    def choose(self, arms: list[tuple[str, Num | None]], otherwise: Num | None) -> Num | None:
        """``CASE WHEN cond THEN value … ELSE otherwise END``; ``None`` is a branch with no value (a failure).
        A CASE has the widest of its branches' types.  A condition decided when the query is made (``TRUE``,
        ``FALSE``: a comparison of constants) is decided here: an arm that never fires is left out, and one that
        always does ends the CASE."""
        arms = [(condition, value) for condition, value in arms if condition != "FALSE"]
        for position, (condition, value) in enumerate(arms):
            if condition == "TRUE":
                arms, otherwise = arms[:position], value
                break
        if not arms:
            return otherwise
        values = [value for _, value in arms if value is not None]
        if otherwise is not None:
            values.append(otherwise)
        if not values:
            return None
        nmax = max(value.nmax for value in values)
        if all(value.d is None for value in values):
            common = math.lcm(*(value.dmax for value in values))
            scaled_max = max(v.nmax * (common // v.dmax) for v in values)
            ranks: list[int] = []

            def scaled(value: Num | None) -> str:
                if value is None:
                    return "NULL"
                k = common // value.dmax
                sql, rank = self._times_int((value.n, value.nrank), k, value.nmax * k)
                ranks.append(rank)
                return sql

            n = self._case([(c, scaled(v)) for c, v in arms], scaled(otherwise))
            nonneg = all(value.nonneg for value in values)  # a branch with no value is never read
            return Num(n, scaled_max, None, common, nrank=min(max(ranks), self.top), nonneg=nonneg)
        n = self._case(
            [(c, "NULL" if v is None else v.n) for c, v in arms], "NULL" if otherwise is None else otherwise.n
        )
        one = self.lit(1)
        dens = [one if v is None else self._den(v) for v in (*(v for _, v in arms), otherwise)]
        d = self._case([(c, den[0]) for (c, _), den in zip(arms, dens, strict=False)], dens[-1][0])
        return Num(
            n,
            nmax,
            d,
            max(value.dmax for value in values),
            vmax=max(value.bound for value in values),
            nrank=min(max(value.nrank for value in values), self.top),
            drank=min(max(rank for _, rank in dens), self.top),
            nonneg=all(value.nonneg for value in values),
        )

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
        _fits(x.nmax + x.dmax)
        want = self.rank(x.nmax + x.dmax)  # (-n + d - 1) below
        n, d = self._widened(x.n, x.nrank, want), self._divisor(x, want)
        quotient = min(x.nmax, math.floor(x.bound) + 1)  # |floor(v)| <= ⌊|v|⌋ + 1
        trunc = partial(self._trunc_div, quotient=quotient, rank=want)
        (up, rank), (down, _) = trunc(n, d), trunc(f"(-{n} + {d} - 1)", d)
        return Num(f"(CASE WHEN {n} >= 0 THEN {up} ELSE -{down} END)", quotient, None, 1, nrank=rank)

    def ceil(self, x: Num) -> Num:
        return self.neg(self.floor(self.neg(x)))

    def round(self, x: Num, places: int, mode: RoundMode, bind: Bind | None = None) -> Num:
        """``x`` quantized to ``places`` decimals, as ``decimal`` rounds: one integer division.

        With ``bind``, the pieces each written several times (the dividend's size, the divisor, the truncated
        quotient) are columns of stages before the expression's own (:data:`Bind`), so the query holds each
        once: the rounded quotient is otherwise a tenth of the seed rubric's query text."""
        unit = 10**places
        if x.value is not None:
            return self.const(Fraction(_round_fraction(x.value * unit, mode), unit))
        if x.d is None and unit % x.dmax == 0:
            k = unit // x.dmax
            return self._num(self._times_int((x.n, x.nrank), k, x.nmax * k), x.nmax * k, None, unit)
        _fits(2 * x.nmax * unit + 2 * x.dmax)
        # Every intermediate of the rounded quotient (2 × the remainder, the quotient + 1) fits this type.
        want = self.rank(2 * x.nmax * unit + 2 * x.dmax)
        scaled = self._times_int((self._widened(x.n, x.nrank, want), want), unit, x.nmax * unit)[0]
        bound = min(x.nmax * unit, math.floor(x.bound * unit) + 1)  # |round(v · unit)| <= ⌊|v| · unit⌋ + 1
        # The sign read off x's numerator: the scaled one has the same (unit > 0), at the cost of a product.
        divisor = self._divisor(x, want)
        quotient, rank = self.rounded_quotient(scaled, divisor, mode, bound, want, bind, sign=x.n)
        return Num(quotient, bound, None, unit, nrank=rank)

    def rounded_quotient(
        self,
        n: str,
        d: str,
        mode: RoundMode,
        quotient: int,
        rank: int,
        bind: Bind | None = None,
        sign: str | None = None,
    ) -> Sql:
        """``n / d`` rounded to an integer in ``mode`` (d > 0, the quotient at most ``quotient``), from the
        truncated quotient and remainder; ``n`` and ``d`` of the type of ``rank``, holding 2·|n| + 2·d;
        ``sign``, when given, an expression of the sign of ``n`` (a positive multiple's factor).
        Returns the SQL and its type's rank."""
        sign = n if sign is None else sign
        size = f"ABS({n})"
        if bind is not None:
            size, d = bind(size, 0), bind(d, 0)
        whole, rank = self._trunc_div(size, d, quotient, rank)
        if bind is not None:
            whole = bind(whole, 1)
        if mode is RoundMode.DOWN:
            return self.sql.signed(sign, whole), rank
        rest = f"({size} - {whole} * {d})"
        if mode is RoundMode.UP:
            up = f"{rest} > 0"
        elif mode is RoundMode.HALF_UP:
            up = f"2 * {rest} >= {d}"
        else:
            narrow = self.rank(quotient)
            odd = self.sql.is_odd(whole, self.type_name(narrow) if narrow < self.top else None)
            up = f"(2 * {rest} > {d} OR (2 * {rest} = {d} AND {odd}))"
        return self.sql.signed(sign, f"({whole} + {self.sql.one_if(up)})"), rank

    def _trunc_div(self, dividend: str, divisor: str, quotient: int, rank: int) -> Sql:
        """``dividend // divisor`` (both >= 0 and of the type of ``rank``, the quotient at most ``quotient``),
        where the dialect can; with the rank of the quotient's type."""
        limit = self.sql.quotient_limit()
        if limit is not None and quotient >= limit:
            digits = len(str(limit)) - 1
            width = len(str(quotient))
            raise TooWide(
                f"an integer quotient of {width} digits, more than {self.sql.name} divides exactly ({digits})",
                f"整数商有 {width} 位，超过 {self.sql.name} 能精确相除的 {digits} 位",
            )
        if rank >= self.top:  # a wide division: the dialect may know a cheaper exact one for a small quotient
            small = self.sql.small_quotient(dividend, divisor, quotient)
            if small is not None:
                return small, self.rank(2**63 - 1)
        return self.sql.trunc_div(dividend, divisor), rank

    def _divisor(self, x: Num, want: int) -> str:
        """The denominator as a divisor, of a type at least ``want``."""
        if x.d is None:
            literal, rank = self.lit(x.dmax)
            return self._widened(literal, rank, want)
        # A dynamic denominator is 0 only where a division failed; NULL there keeps the engine from raising.
        return f"NULLIF({self._widened(x.d, x.drank, want)}, 0)"


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
