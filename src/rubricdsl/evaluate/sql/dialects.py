"""What the dialects spell differently: the exact integer type, integer division, casts and quoting.

Every number in the generated query is an integer numerator over a positive integer denominator (see
:mod:`.generator`), so a dialect needs only exact integers of at least 127 bits, truncating integer division
and a way to turn a scaled integer into a DECIMAL without dividing.  Nothing here is trusted untested:
tests/evaluate/sql runs each dialect against its real engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    integer: str  # an exact integer type holding at least ±2^126
    decimal_template: str  # DECIMAL(38,{scale})
    cte: str = "AS"  # how a stage of the query is introduced
    # Narrower exact integer types, narrowest first, with the largest value each holds: the generator uses
    # one where its bounds prove a value fits (see numbers.py). Only where overflow raises, never wraps.
    integer_types: tuple[tuple[str, int], ...] = ()
    # The rounded quotients of the scores out written with their repeated pieces as columns of stages before
    # the select (see .select_list): DuckDB plans in time growing with the text.  Not PostgreSQL, which
    # materialises every stage (a copy of every row's columns), nor, untested there, Spark.
    binds_quotients: bool = False

    def quote(self, ident: str) -> str:
        return '"' + ident.replace('"', '""') + '"'

    def text(self, value: str) -> str:
        return "'" + value.replace("'", "''") + "'"

    def int_lit(self, value: int) -> str:
        literal = f"CAST({abs(value)} AS {self.integer})"
        return f"(-{literal})" if value < 0 else literal

    def to_integer(self, sql: str) -> str:
        return f"CAST({sql} AS {self.integer})"

    def scaled_integer(self, sql: str, scale: int, bound: int) -> tuple[str, int]:
        """A DECIMAL value of ``scale`` decimals as the exact integer ``value × 10^scale`` (of size at most
        ``bound``), with the index of its type in :attr:`integer_types` (their length: the widest type)."""
        # Widened before the multiplication: DuckDB keeps DECIMAL(18,4) × 10000 at 18 digits and overflows.
        scaled = sql if scale == 0 else f"(CAST({sql} AS {self.decimal(scale)}) * {10**scale})"
        return self.to_integer(scaled), len(self.integer_types)

    def trunc_div(self, dividend: str, divisor: str) -> str:
        """Integer division truncating toward zero, for non-negative operands."""
        return f"(({dividend}) // ({divisor}))"

    def quotient_limit(self) -> int | None:
        """A bound the dividend of :meth:`trunc_div` must stay below, beyond the integers' own; None: none."""
        return None

    def small_quotient(self, dividend: str, divisor: str, quotient: int) -> str | None:
        """The truncated quotient of two non-negative wide integers, at most ``quotient``, as a 64-bit integer
        computed without a wide division, where the dialect has a cheaper exact way; None: it has none."""
        return None

    def to_text(self, sql: str) -> str:
        return f"CAST({sql} AS VARCHAR)"

    # ---- the rounded quotient's pieces: see Arithmetic.rounded_quotient ----
    def signed(self, n: str, magnitude: str) -> str:
        """``magnitude`` with the sign of ``n``."""
        return f"(CASE WHEN {n} < 0 THEN -{magnitude} ELSE {magnitude} END)"

    def one_if(self, condition: str) -> str:
        return f"CASE WHEN {condition} THEN 1 ELSE 0 END"

    def is_odd(self, whole: str, narrow: str | None) -> str:
        """``whole`` (>= 0) is odd; ``narrow``, when given, is an integer type that holds it."""
        return f"({whole} - 2 * {self.trunc_div(whole, '2')}) = 1"

    def where_valid(self, condition: str, integer: str) -> str:
        """``integer`` where ``condition`` holds, else NULL."""
        return f"(CASE WHEN {condition} THEN {integer} END)"

    def decimal_for(self, scale: int, bound: int) -> str:
        """The DECIMAL type a score of ``bound`` × 10^-scale at most is returned as."""
        return self.decimal(scale)

    def decimal(self, scale: int) -> str:
        return self.decimal_template.format(scale=scale)

    def scaled_limit(self, scale: int) -> int:
        """:meth:`scaled_to_decimal` is exact for a scaled integer below this."""
        return 10**38

    def scaled_to_decimal(self, scaled: str, scale: int, bound: int | None = None) -> str:
        """``scaled × 10^-scale`` (``|scaled|`` at most ``bound``) as :meth:`decimal_for`: a cast of the integer,
        then a multiplication by an exact literal (a multiplication keeps the sum of the scales; no dialect
        divides here)."""
        target = self.decimal(scale) if bound is None else self.decimal_for(scale, bound)
        whole = target.replace(f",{scale})", ",0)")
        if scale == 0:
            return f"CAST({scaled} AS {target})"
        factor = "0." + "0" * (scale - 1) + "1"
        return f"CAST(CAST({scaled} AS {whole}) * {factor} AS {target})"

    def integer_to_decimal(self, integer: str, scale: int, bound: int) -> str | None:
        """An integer-valued score (``integer × 10^scale`` at most ``bound``) as :meth:`decimal_for`, where a
        cast is cheaper than :meth:`scaled_to_decimal` of the scaled integer and as exact; None: use that."""
        return None

    def try_cast(self, sql: str, type_name: str) -> str:
        """``sql`` as ``type_name`` when that holds it exactly, else NULL (the row's F411).  A cast alone
        rounds a value with more decimals than the type (DECIMAL(18,6) or DOUBLE 0.12345 → 0.1235): the
        runner's column check refuses such a column before scoring (DuckDB), but a printed query runs on
        tables nobody checked, so the query itself keeps only what the cast leaves unchanged."""
        cast = f"TRY_CAST({sql} AS {type_name})"
        return f"(CASE WHEN {cast} = {sql} THEN {cast} END)"

    def concat_ws(self, parts: list[str]) -> str:
        """The non-NULL ``parts`` joined by spaces; '' when all are NULL.  In chunks, because PostgreSQL
        passes at most 100 arguments to a function (an empty chunk is NULL, so it adds no space)."""
        if not parts:
            return "''"
        if len(parts) <= 90:
            return "CONCAT_WS(' ', " + ", ".join(parts) + ")"
        chunks = [f"NULLIF({self.concat_ws(parts[at : at + 90])}, '')" for at in range(0, len(parts), 90)]
        return self.concat_ws(chunks)


class _DuckDB(Dialect):
    def scaled_integer(self, sql: str, scale: int, bound: int) -> tuple[str, int]:
        # A DECIMAL(18, s) is a 64-bit integer inside, but DuckDB has no way to read it as one: the wide path
        # (a 128-bit product, then a 128-bit division to drop the scale) costs ~0.25 µs a value.  These stay in
        # 64 bits, and each is exact: the multiplications below never leave 18 digits (DuckDB raises if they
        # would), and a cast of an integer-valued DECIMAL to BIGINT does not round.
        if scale == 0 and bound < 2**63:
            return f"CAST({sql} AS BIGINT)", 1
        if bound > 10**18:
            return super().scaled_integer(sql, scale, bound)
        value = f"CAST({sql} AS DECIMAL(18,{scale}))"
        unit = 10**scale
        if bound * unit <= 10**18:  # value × 10^s still has at most 18 digits at scale s
            return f"CAST({value} * {unit} AS BIGINT)", 1
        # The whole part and the decimals apart (truncated, so their signs agree): each product fits 18 digits.
        return f"(CAST(trunc({value}) AS BIGINT) * {unit} + CAST(({value} % 1) * {unit} AS BIGINT))", 1

    # Without a CASE around them, DuckDB computes a repeated subexpression (the quotient, the remainder) once;
    # inside a CASE it computes it at every occurrence, and a 128-bit division costs ~0.15 µs.
    def signed(self, n: str, magnitude: str) -> str:
        return f"(SIGN({n}) * {magnitude})"

    def one_if(self, condition: str) -> str:
        return f"CAST(({condition}) AS INTEGER)"

    def is_odd(self, whole: str, narrow: str | None) -> str:
        return f"(CAST({whole} AS {narrow}) % 2) = 1" if narrow else f"({whole} % 2) = 1"

    # A HUGEINT division costs ~0.13 µs (DuckDB divides 128-bit integers bit by bit); a quotient known to be
    # small is found from a DOUBLE estimate and made exact with a 128-bit product and two comparisons
    # (~0.02 µs).  Exact: each conversion to DOUBLE and the division err by at most 2^-53 of the value (all
    # are non-negative, so nothing cancels), so the estimate of a quotient below 2^48 is off by less than
    # 1/8 and its floor `q0` by at most one; `r0`, the dividend less q0 × divisor, computed exactly, says
    # which way (negative: one less; at least the divisor: one more).  q0 × divisor is at most dividend +
    # divisor, which the operands' type holds (the generator proves 2·dividend + 2·divisor fits it).
    ESTIMATED_QUOTIENT_LIMIT = 2**48

    def small_quotient(self, dividend: str, divisor: str, quotient: int) -> str | None:
        if quotient >= self.ESTIMATED_QUOTIENT_LIMIT:
            return None
        estimate = f"CAST(floor(CAST({dividend} AS DOUBLE) / CAST({divisor} AS DOUBLE)) AS BIGINT)"
        rest = f"({dividend} - {estimate} * {divisor})"
        return f"({estimate} - CAST({rest} < 0 AS BIGINT) + CAST({rest} >= {divisor} AS BIGINT))"

    def where_valid(self, condition: str, integer: str) -> str:
        return f"({integer} + CASE WHEN {condition} THEN 0 END)"

    def integer_to_decimal(self, integer: str, scale: int, bound: int) -> str | None:
        # DuckDB casts an integer to DECIMAL(18, s) with one checked 64-bit product; the scaled integer's
        # route (DECIMAL(18,0) × 10^-s) is a 128-bit product and a narrowing, ~4 ns a value more.
        return f"CAST({integer} AS {self.decimal_for(scale, bound)})"

    def decimal_for(self, scale: int, bound: int) -> str:
        # DECIMAL(18, s) is a 64-bit integer inside, computed and written to Parquet (INT64) cheaper than
        # DECIMAL(38, s)'s 128 bits.
        return f"DECIMAL(18,{scale})" if bound < 10**18 else self.decimal(scale)


class _Postgres(Dialect):
    def to_integer(self, sql: str) -> str:
        # A bare NUMERIC keeps the operand's decimals, and products add them up: scale 0 keeps it an integer.
        return f"CAST({sql} AS NUMERIC(40,0))"

    def trunc_div(self, dividend: str, divisor: str) -> str:
        return f"DIV({dividend}, {divisor})"

    def try_cast(self, sql: str, type_name: str) -> str:
        # PostgreSQL has no TRY_CAST: a value beyond the type's integer digits is NULL (that row's F411)
        # rather than an error that stops the whole query, and so is one the cast would round.  The range
        # test comes first, in its own WHEN: CASE tries its arms in order, so the cast never sees a value
        # it would overflow on (an AND may be evaluated in either order).
        match = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", type_name)
        if match is None:
            return f"CAST({sql} AS {type_name})"
        limit = 10 ** (int(match[1]) - int(match[2]))
        cast = f"CAST({sql} AS {type_name})"
        return f"(CASE WHEN NOT ABS({sql}) < {limit} THEN NULL WHEN {cast} = {sql} THEN {cast} END)"


class _Spark(Dialect):
    def quote(self, ident: str) -> str:
        return "`" + ident.replace("`", "``") + "`"

    def text(self, value: str) -> str:
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"

    def trunc_div(self, dividend: str, divisor: str) -> str:
        # Not `DIV`: on DECIMALs it casts the quotient to a BIGINT, silently wrapping past 2^63 (even under
        # ANSI mode).  The remainder is exact, the dividend less it is an exact multiple of the divisor, and
        # Spark's DECIMAL(38,0) / DECIMAL(38,0) is DECIMAL(38,6): an exact multiple divides exactly while the
        # quotient has at most 32 digits, which `quotient_limit` makes the generator prove.
        exact = f"(({dividend}) - MOD(({dividend}), ({divisor})))"  # the tests count " - MOD(" against " / "
        return f"CAST({exact} / ({divisor}) AS {self.integer})"

    def quotient_limit(self) -> int | None:
        return 10**32

    def int_lit(self, value: int) -> str:
        # A decimal literal of its own digits (5BD is DECIMAL(1,0)): sums and products of scale-0 DECIMALs
        # widen exactly until 38 digits, which the generator's bounds keep every value below; a quarter of
        # the text of CAST(5 AS DECIMAL(38,0)), and Spark's parser and analyser time grow with the text.
        return f"(-{abs(value)}BD)" if value < 0 else f"{value}BD"

    def to_text(self, sql: str) -> str:
        return f"CAST({sql} AS STRING)"  # Spark's VARCHAR needs a length

    def scaled_limit(self, scale: int) -> int:
        # DECIMAL(p,0) × DECIMAL(s,s) keeps the scale s only while p + s + 1 <= 38; past that Spark cuts
        # the scale to 6 (DECIMAL(38,0) × 0.0000000001 is 0.000000).
        return int(10 ** max(37 - scale, 0))

    def scaled_to_decimal(self, scaled: str, scale: int, bound: int | None = None) -> str:
        if scale == 0:
            return f"CAST({scaled} AS {self.decimal(0)})"
        factor = "0." + "0" * (scale - 1) + "1"
        return f"CAST(CAST({scaled} AS DECIMAL({37 - scale},0)) * {factor} AS {self.decimal(scale)})"


DUCKDB = _DuckDB(
    "duckdb",
    "HUGEINT",
    "DECIMAL(38,{scale})",
    integer_types=(("INTEGER", 2**31 - 1), ("BIGINT", 2**63 - 1)),
    binds_quotients=True,
)
# Materialised: PostgreSQL would otherwise inline every stage into the next, re-expanding each column
# reference into its whole expression (the query's size then grows with the product of the stages).
POSTGRES = _Postgres("postgres", "NUMERIC", "NUMERIC(38,{scale})", "AS MATERIALIZED")
SPARK = _Spark("spark", "DECIMAL(38,0)", "DECIMAL(38,{scale})")
DIALECTS = {dialect.name: dialect for dialect in (DUCKDB, POSTGRES, SPARK)}
