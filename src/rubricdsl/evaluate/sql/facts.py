"""Reading a fact from its column, as the facts layer reads a facts file: its value and its problem code.

Per fact, two SQL expressions over the raw column: the value in its natural type (:mod:`.types`), NULL when
absent or invalid (or the declared default when absent), and the problem code as an integer (401 for F401
missing, 403 a wrong value, 404 out of bounds, 405 a whole percent, 411 too large), NULL when there is none.
The checks run in the facts layer's order, and the first that holds is the code.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from rubricdsl.evaluate.sql import cells
from rubricdsl.evaluate.sql.dialects import Dialect
from rubricdsl.evaluate.sql.expressions import UnknownNode, Unsupported
from rubricdsl.evaluate.sql.types import COLUMN_TYPES
from rubricdsl.ir import nodes as ir

BIGINT_MAX = 2**63 - 1


class FactReader:
    def __init__(self, dialect: Dialect, *, text_input: bool, natural: frozenset[str] = frozenset()) -> None:
        self.sql = dialect
        self.text_input = text_input
        # Facts whose column already has the natural type (the runner saw it): read as they are, with no
        # conversion and no too-large check (F411), since the type holds every value the fact can take.
        self.natural = natural

    def read(self, fact: ir.Input, column: str) -> tuple[str, str, tuple[int, int] | None, bool]:
        """(the value as its natural type or NULL, the problem code or NULL, for numbers (scale, bound): the
        value × 10^scale is an integer of size at most bound, and whether a given value can be invalid)."""
        sql = self.sql
        if fact.kind not in COLUMN_TYPES:
            raise UnknownNode("fact-kind", kind=fact.kind)
        wanted = COLUMN_TYPES[fact.kind]
        checks: list[tuple[str, str]] = []  # (condition on the raw cell, code), first that holds wins
        if fact.kind == "bool":
            if self.text_input:  # CSV text, as the facts layer reads it (.cells)
                typed, found = cells.read_bool(column)
                checks.extend(found)
            else:
                typed = column
        elif fact.kind == "enum":
            typed = cells.stripped(column) if self.text_input else f"TRIM({column})"
            levels = ", ".join(sql.text(level) for level in fact.levels)
            checks.append((f"{typed} NOT IN ({levels})", "F403"))
        else:
            bound = 10 ** (wanted.digits + wanted.scale)
            if self.text_input:  # CSV text: its spellings, digits and kind checks are read in .cells
                typed, found = cells.read_number(fact, column)
                checks.extend(found)
            elif fact.name in self.natural:
                typed = column
                bound = BIGINT_MAX if fact.kind == "count" else bound
            else:
                typed = sql.try_cast(column, wanted.sql.replace("BIGINT", "DECIMAL(19,0)"))
                checks.append((f"{typed} IS NULL", "F411"))
                bound = 10**19 if fact.kind == "count" else bound
            if fact.kind == "count" and not self.text_input:
                checks.append((f"{typed} < 0", "F403"))
            if fact.kind == "percent" and not self.text_input:
                checks.append((f"ABS({typed}) > 1", "F405"))
            checks.extend((test, "F404") for test in self._bound_tests(fact, typed))
        default = self._default(fact)
        missing_code = "CAST(NULL AS INTEGER)" if fact.optional or default is not None else "401"
        whens = " ".join(f"WHEN {test} THEN {code[1:]}" for test, code in checks)  # F403 → 403
        problem = f"(CASE WHEN {column} IS NULL THEN {missing_code} {whens} END)"
        bad = " ".join(f"WHEN {test} THEN NULL" for test, _ in checks)
        if checks or default is not None:
            value = f"(CASE WHEN {column} IS NULL THEN {default or 'NULL'} {bad} ELSE {typed} END)"
        else:  # a typed bool: the column is the value
            value = typed
        number = None if fact.kind in ("bool", "enum") else (wanted.scale, bound)
        return value, problem, number, bool(checks)

    def _bound_tests(self, fact: ir.Input, typed: str) -> list[str]:
        """A bound broken, per declared bound in order (bounds are in 元; the column is in the declared unit)."""
        tests = []
        for low, low_inclusive, high, high_inclusive in fact.bounds:
            parts = []
            if low is not None:
                parts.append(f"{typed} {'<' if low_inclusive else '<='} {self._in_unit(fact, low)}")
            if high is not None:
                parts.append(f"{typed} {'>' if high_inclusive else '>='} {self._in_unit(fact, high)}")
            if parts:
                tests.append("(" + " OR ".join(parts) + ")")
        return tests

    def _in_unit(self, fact: ir.Input, value: Decimal) -> str:
        """A literal in the fact's declared unit; refused unless exact as a decimal."""
        amount = Fraction(value) / Fraction(fact.unit_scale)
        text = _decimal_text(amount)
        if text is None:
            raise Unsupported("value-in-unit", value=value, name=fact.name)
        # As narrow as the literal: Spark compares DECIMAL(18,4) with DECIMAL(38,0) at scale 0 (0.0016 <= 0
        # holds there), because the common type of the two would need 42 digits.
        digits = sum(character.isdigit() for character in text)
        return f"CAST({text} AS DECIMAL({max(digits, 1)},{_decimals(text)}))"

    def _default(self, fact: ir.Input) -> str | None:
        if fact.default is None:
            return None
        if isinstance(fact.default, bool):
            return "TRUE" if fact.default else "FALSE"
        if isinstance(fact.default, str):
            return self.sql.text(fact.default)
        return self._in_unit(fact, fact.default)


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _decimal_text(value: Fraction) -> str | None:
    """``value`` as a terminating decimal literal, or None when it has none."""
    for places in range(40):
        scaled = value * 10**places
        if scaled.denominator == 1:
            digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
            sign = "-" if scaled.numerator < 0 else ""
            return (
                f"{sign}{digits[: len(digits) - places]}.{digits[len(digits) - places :]}"
                if places
                else f"{sign}{digits}"
            )
    return None
