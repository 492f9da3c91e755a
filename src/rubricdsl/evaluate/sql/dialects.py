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

    def quote(self, ident: str) -> str:
        return '"' + ident.replace('"', '""') + '"'

    def text(self, value: str) -> str:
        return "'" + value.replace("'", "''") + "'"

    def int_lit(self, value: int) -> str:
        literal = f"CAST({abs(value)} AS {self.integer})"
        return f"(-{literal})" if value < 0 else literal

    def to_integer(self, sql: str) -> str:
        return f"CAST({sql} AS {self.integer})"

    def trunc_div(self, dividend: str, divisor: str) -> str:
        """Integer division truncating toward zero, for non-negative operands."""
        return f"(({dividend}) // ({divisor}))"

    def quotient_limit(self) -> int | None:
        """A bound the dividend of :meth:`trunc_div` must stay below, beyond the integers' own; None: none."""
        return None

    def to_text(self, sql: str) -> str:
        return f"CAST({sql} AS VARCHAR)"

    def decimal(self, scale: int) -> str:
        return self.decimal_template.format(scale=scale)

    def scaled_limit(self, scale: int) -> int:
        """:meth:`scaled_to_decimal` is exact for a scaled integer below this."""
        return 10**38

    def scaled_to_decimal(self, scaled: str, scale: int) -> str:
        """``scaled × 10^-scale`` as DECIMAL(38, scale): a cast of the integer, then a multiplication by an
        exact literal (a multiplication keeps the sum of the scales; no dialect divides here)."""
        if scale == 0:
            return f"CAST({scaled} AS {self.decimal(0)})"
        factor = "0." + "0" * (scale - 1) + "1"
        return f"CAST(CAST({scaled} AS {self.decimal(0)}) * {factor} AS {self.decimal(scale)})"

    def try_cast(self, sql: str, type_name: str) -> str:
        return f"TRY_CAST({sql} AS {type_name})"

    def concat_ws(self, parts: list[str]) -> str:
        """The non-NULL ``parts`` joined by spaces; '' when all are NULL.  In chunks, because PostgreSQL
        passes at most 100 arguments to a function (an empty chunk is NULL, so it adds no space)."""
        if not parts:
            return "''"
        if len(parts) <= 90:
            return "CONCAT_WS(' ', " + ", ".join(parts) + ")"
        chunks = [f"NULLIF({self.concat_ws(parts[at : at + 90])}, '')" for at in range(0, len(parts), 90)]
        return self.concat_ws(chunks)


class _Postgres(Dialect):
    def to_integer(self, sql: str) -> str:
        # A bare NUMERIC keeps the operand's decimals, and products add them up: scale 0 keeps it an integer.
        return f"CAST({sql} AS NUMERIC(40,0))"

    def trunc_div(self, dividend: str, divisor: str) -> str:
        return f"DIV({dividend}, {divisor})"

    def try_cast(self, sql: str, type_name: str) -> str:
        # PostgreSQL has no TRY_CAST: a value beyond the type's integer digits is NULL (that row's F411)
        # rather than an error that stops the whole query.
        match = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", type_name)
        if match is None:
            return f"CAST({sql} AS {type_name})"
        limit = 10 ** (int(match[1]) - int(match[2]))
        return f"(CASE WHEN ABS({sql}) < {limit} THEN CAST({sql} AS {type_name}) END)"


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
        exact = f"(({dividend}) - MOD(({dividend}), ({divisor})))"
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

    def scaled_to_decimal(self, scaled: str, scale: int) -> str:
        if scale == 0:
            return f"CAST({scaled} AS {self.decimal(0)})"
        factor = "0." + "0" * (scale - 1) + "1"
        return f"CAST(CAST({scaled} AS DECIMAL({37 - scale},0)) * {factor} AS {self.decimal(scale)})"


DUCKDB = Dialect("duckdb", "HUGEINT", "DECIMAL(38,{scale})")
# Materialised: PostgreSQL would otherwise inline every stage into the next, re-expanding each column
# reference into its whole expression (the query's size then grows with the product of the stages).
POSTGRES = _Postgres("postgres", "NUMERIC", "NUMERIC(38,{scale})", "AS MATERIALIZED")
SPARK = _Spark("spark", "DECIMAL(38,0)", "DECIMAL(38,{scale})")
DIALECTS = {dialect.name: dialect for dialect in (DUCKDB, POSTGRES, SPARK)}
