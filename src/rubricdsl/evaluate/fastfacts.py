"""Generated fact conversion for the fast path: the shapes callers send most, read inline.

Each fact is read in the shapes that are unambiguous and common — ``int``/``Decimal`` numbers, ASCII numeric
strings (CSV cells), ``"95%"``, finite floats, ``true``/``false``/``是``/``否`` — and converted exactly as
:class:`~rubricdsl.inputs.facts.FactSchema` would: under the caller's decimal context, with the same bounds.  Any
other shape goes through the same per-fact parser the pydantic model uses, and anything that parser rejects
(or a missing fact) raises, so the caller falls back to the closure evaluator and its full report.
"""

from __future__ import annotations

import decimal
import math
import operator
import re
from collections.abc import Callable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from rubricdsl.evaluate.expressions import round_half_up
from rubricdsl.evaluate.program import CONTEXT
from rubricdsl.inputs import fact_specs, fact_values
from rubricdsl.inputs.facts import MAX_FACT_DIGITS, FactSchema, FactSpec
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.numbers import scaled, share_of_percent

# ASCII only and no separators: what FactSchema's own text rule (Unicode digits, commas, spaces) also accepts
# and reads the same way.
_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)").fullmatch
_PERCENT_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)%").fullmatch
_COUNT_TEXT = re.compile(r"[0-9]+").fullmatch
_TEXT_LIMIT = min(60, MAX_FACT_DIGITS)
_HUNDRED = Decimal(100)
SAFE_DIGITS = 28  # Python's default precision: ints below 10^28 convert exactly under any such context  # FactSchema's text limit; within it no number is out of range


class Fallback(Exception):
    """The fact set needs the closure evaluator: raised inside generated code, never escapes it."""


class SourceWriter:
    """Collects source lines and the namespace the generated function runs in."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "_D": Decimal,
            "_Fallback": Fallback,
            "_ZERO": Decimal(0),
            "_ONE": Decimal(1),
            "_MINUS_ONE": Decimal(-1),
            "_HUNDRED": Decimal(100),
            # A private copy: setcontext installs the object itself, so its flags are ours to dirty.
            "_CONTEXT": CONTEXT.copy(),
            "_getcontext": decimal.getcontext,
            "_setcontext": decimal.setcontext,
            "_round_half_up": round_half_up,
            "_FLOOR": ROUND_FLOOR,
            "_CEILING": ROUND_CEILING,
            "_HUGE": 10**MAX_FACT_DIGITS,
            "_SAFE": 10**SAFE_DIGITS,
            "_percent_text": _PERCENT_TEXT,
            "_share": share_of_percent,  # exact in any caller's context, as FactSchema converts
            "_scaled": scaled,
            "_out_of_range": fact_values._out_of_range,
            "_BOOL_TEXT": {text: True for text in _TRUE} | {text: False for text in _FALSE},
        }
        self._constants: dict[tuple[type, Any], str] = {}
        self._temp = 0

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def constant(self, value: Any) -> str:
        """A namespace name bound to ``value``; equal Decimals with different exponents stay distinct."""
        key = (type(value), str(value) if isinstance(value, Decimal) else id(value))
        name = self._constants.get(key)
        if name is None:
            name = f"_k{len(self._constants)}"
            self._constants[key] = name
            self.namespace[name] = value
        return name

    def temp(self) -> str:
        self._temp += 1
        return f"_t{self._temp}"


def emit_fetch(out: SourceWriter, schema: FactSchema, local: dict[str, str]) -> None:
    """Read the facts: those without a default in one C call (a missing one raises KeyError → fall back)."""
    names = list(schema.specs)
    plain = [name for name in names if schema.specs[name].default is fact_specs._MISSING]
    fetched = set(plain)
    if len(plain) >= 2:
        targets = "".join(f"{local[name]}, " for name in plain)
        out.emit(1, f"{targets}= {out.constant(operator.itemgetter(*plain))}(facts)")
    elif plain:
        out.emit(1, f"{local[plain[0]]} = facts[{plain[0]!r}]")
    for name in names:
        if name not in fetched:
            out.emit(1, f"{local[name]} = get({name!r})")


def emit_cell_fetch(out: SourceWriter, cells: Mapping[str, int], local: dict[str, str]) -> None:
    """Read the facts from a row of cells (``cells``: each fact's place in the row) in one C call."""
    names = list(cells)
    if len(names) >= 2:
        targets = "".join(f"{local[name]}, " for name in names)
        out.emit(1, f"{targets}= {out.constant(operator.itemgetter(*(cells[name] for name in names)))}(cells)")
    elif names:
        out.emit(1, f"{local[names[0]]} = cells[{cells[names[0]]:d}]")


def emit_fact(out: SourceWriter, spec: FactSpec, target: str) -> None:
    """Convert the value already read into ``target``; sets ``defaulted = True`` when the default was used.

    Only the hottest shapes are inline (a bool, a level name, an int or a Decimal); anything else is one call
    to a reader made for this fact, which keeps the generated source — and its compile time — small.
    """
    emit = out.emit
    depth = 2
    if spec.kind is n.FactKind.BOOL:
        emit(1, f"if {target} is not True and {target} is not False:")
        # "true"/"false" (CSV cells) inline too: a call per cell would be a sixth of a CSV row's scoring.
        emit(2, f"if {target}.__class__ is str and {target} in _BOOL_TEXT: {target} = _BOOL_TEXT[{target}]")
        emit(2, "else:")
        depth = 3
    elif spec.kind is n.FactKind.ENUM:
        emit(1, f"if {target}.__class__ is not str or {target} not in {out.constant(spec.levels)}:")
    else:
        _emit_number(out, spec, target)
        emit(1, "else:")
    if spec.default is not fact_specs._MISSING:
        emit(depth, f"if {target} is None:")
        emit(depth + 1, f"{target} = {out.constant(spec.default)}")
        emit(depth + 1, "defaulted = True")
        emit(depth, "else:")
        emit(depth + 1, f"{target} = {out.constant(reader(spec))}({target})")
    else:
        emit(depth, f"{target} = {out.constant(reader(spec))}({target})")


def emit_cell(out: SourceWriter, spec: FactSpec, target: str) -> None:
    """Convert a non-empty text cell already read into ``target``, as :func:`emit_fact`'s code converts a str
    (no default applies: a cell is never None)."""
    emit, const = out.emit, out.constant
    read = const(reader(spec))
    if spec.kind is n.FactKind.BOOL:
        emit(1, f"if {target} in _BOOL_TEXT: {target} = _BOOL_TEXT[{target}]")
        emit(1, f"else: {target} = {read}({target})")
    elif spec.kind is n.FactKind.ENUM:
        emit(1, f"if {target} not in {const(spec.levels)}: {target} = {read}({target})")
    else:
        _emit_number(out, spec, target, text_only=True)
        emit(1, f"else: {target} = {read}({target})")


def _emit_number(out: SourceWriter, spec: FactSpec, target: str, *, text_only: bool = False) -> None:
    """The inline shapes of a number; ``text_only``: the value is a str, so only the text shapes."""
    emit, const = out.emit, out.constant
    kind = spec.kind
    money = kind is n.FactKind.MONEY
    decimal_checks, int_checks = [], []
    for bound in spec.bounds:
        for edge, inclusive, below in (
            (bound.low, bound.low_inclusive, True),
            (bound.high, bound.high_inclusive, False),
        ):
            if edge is None:
                continue
            op = ("<" if inclusive else "<=") if below else (">" if inclusive else ">=")
            decimal_checks.append(f"{target} {op} {const(edge.value)}")
            if edge.value == edge.value.to_integral_value() and (kind is not n.FactKind.MONEY or spec.scale == 1):
                int_checks.append(f"{target} {op} {const(int(edge.value))}")  # before conversion: cheaper
    share_check = kind is n.FactKind.PERCENT and not _bounded_within_one(spec)  # a number must be ≤ 1 (F405)
    # Ints: the digit limit (F411), a negative count (F403), and — when every bound is a whole number —
    # the bounds, all compared as ints.  A money amount in 元 below 10^28 needs no `* 1`: exact in any
    # context of at least 28 digits, which fast_evaluate checks on entry.
    limit = "_SAFE" if kind is n.FactKind.MONEY and spec.scale == 1 else "_HUGE"
    int_tests = [f"not {'0 <=' if kind is n.FactKind.COUNT else f'-{limit} <'} {target} < {limit}"]
    if share_check:
        int_tests.append(f"{target} > 1 or {target} < -1")
    exact_int_bounds = len(int_checks) == len(decimal_checks)
    int_tests += int_checks if exact_int_bounds else []
    is_text = "" if text_only else "cls is str and "
    branch = "if" if text_only else "elif"  # the first text shape's test
    if not text_only:
        _emit_int_and_decimal(out, spec, target, limit, int_tests, exact_int_bounds, decimal_checks, share_check)
    checks = ([f"{target} > _ONE or {target} < _MINUS_ONE"] if share_check else []) + decimal_checks
    if kind is n.FactKind.PERCENT:
        # "94.9%": the shape JSON facts files use for shares.  "150%" is 1.5: only bounded.
        emit(1, f"{branch} {is_text}_percent_text({target}) is not None and len({target}) <= {_TEXT_LIMIT}:")
        branch = "elif"
        emit(2, f"{target} = _share(_D({target}[:-1]))")
        if decimal_checks:
            emit(2, f"if {' or '.join(decimal_checks)}: raise _Fallback")
    # A plain number as text (a CSV cell), as the reader takes it: exact, then the same checks as a Decimal.
    # (After "94.9%", so JSON facts files' shares pay no extra test.)
    text_shape = const(_COUNT_TEXT if kind is n.FactKind.COUNT else _NUMBER_TEXT)
    # A text cell of ASCII digits only (the common CSV amount or count) is in the shape's language: isdigit is
    # 0-9 alone on ASCII text, two C calls instead of the match.
    shape_test = f"{text_shape}({target}) is not None"
    if text_only:
        shape_test = f"({target}.isdigit() and {target}.isascii() or {shape_test})"
    emit(1, f"{branch} {is_text}len({target}) <= {_TEXT_LIMIT} and {shape_test}:")
    # _D of at most _TEXT_LIMIT characters is exact in any context: an amount in 元 (scale 1) needs no `× 1`.
    scale_text = money and spec.scale != 1
    emit(2, f"{target} = _scaled(_D({target}), {const(spec.scale)})" if scale_text else f"{target} = _D({target})")
    if checks:
        emit(2, f"if {' or '.join(checks)}: raise _Fallback")


def _emit_int_and_decimal(
    out: SourceWriter,
    spec: FactSpec,
    target: str,
    limit: str,
    int_tests: list[str],
    exact_int_bounds: bool,
    decimal_checks: list[str],
    share_check: bool,
) -> None:
    emit, const = out.emit, out.constant
    kind = spec.kind
    money = kind is n.FactKind.MONEY
    emit(1, f"cls = {target}.__class__")
    emit(1, "if cls is int:")
    emit(2, f"if {' or '.join(int_tests)}: raise _Fallback")
    emit(
        2,
        f"{target} = _scaled(_D({target}), {const(spec.scale)})"
        if money and limit == "_HUGE"
        else f"{target} = _D({target})",
    )
    if not exact_int_bounds:
        emit(2, f"if {' or '.join(decimal_checks)}: raise _Fallback")
    emit(1, "elif cls is _D:")
    emit(2, f"if not {target}.is_finite() or _out_of_range({target}): raise _Fallback")
    if kind is n.FactKind.COUNT:
        # FactSchema.validate normalises 3.0 to 3; only exponent >= 0 reads the same on both of its layers.
        emit(2, f"if {target} < 0 or {target}.as_tuple().exponent < 0: raise _Fallback")
    if money:
        emit(2, f"{target} = _scaled({target}, {const(spec.scale)})")
    checks = ([f"{target} > _ONE or {target} < _MINUS_ONE"] if share_check else []) + decimal_checks
    if checks:
        emit(2, f"if {' or '.join(checks)}: raise _Fallback")


def needs_wide_context(schema: FactSchema) -> bool:
    """Whether fast_evaluate must check the caller's context is at least 28 digits (see _emit_number)."""
    return any(spec.kind is n.FactKind.MONEY and spec.scale == 1 for spec in schema.specs.values())


def _bounded_within_one(spec: FactSpec) -> bool:
    return any(
        bound.low is not None and bound.high is not None and bound.low.value >= -1 and bound.high.value <= 1
        for bound in spec.bounds
    )


# ---- readers: the shapes that are not inline, for one fact ---------------------------------------------------
def reader(spec: FactSpec) -> Callable[[Any], Any]:
    """``value → converted value`` for one fact, exactly as FactSchema.validate converts it, raising
    :class:`Fallback` for a missing value and anything FactSchema would report."""
    validator = fact_values._validator(spec)  # the per-fact parser the pydantic model applies

    def checked(value: Any) -> Any:
        if value is None:
            raise Fallback
        return validator(value)  # raises PydanticCustomError (a ValueError) → the caller falls back

    if spec.kind is n.FactKind.BOOL:

        def read_bool(value: Any) -> Any:
            if value.__class__ is str:
                if value in _TRUE:
                    return True
                if value in _FALSE:
                    return False
            return checked(value)

        return read_bool
    if spec.kind is n.FactKind.ENUM:
        return checked
    return _number_reader(spec, checked)


_TRUE = frozenset({"是", "true"})
_FALSE = frozenset({"否", "false"})


def _number_reader(spec: FactSpec, checked: Callable[[Any], Any]) -> Callable[[Any], Any]:
    kind, scale = spec.kind, spec.scale
    money, share = kind is n.FactKind.MONEY, kind is n.FactKind.PERCENT
    whole_share = share and not _bounded_within_one(spec)
    bounded = bool(spec.bounds)

    def settle(number: Decimal, as_share: bool) -> Decimal:
        if money:
            number = scaled(number, scale)
        if (as_share and whole_share and abs(number) > 1) or (bounded and spec.broken_bound(number) is not None):
            raise Fallback
        return number

    def read_number(value: Any) -> Any:
        cls = value.__class__
        if cls is str and len(value) <= _TEXT_LIMIT:
            if kind is n.FactKind.COUNT:
                if _COUNT_TEXT(value) is not None:
                    return settle(Decimal(value), False)
            elif share and _PERCENT_TEXT(value) is not None:
                return settle(share_of_percent(Decimal(value[:-1])), False)  # "150%" is 1.5: only bounded
            elif _NUMBER_TEXT(value) is not None:
                return settle(Decimal(value), True)
        elif cls is float and kind is not n.FactKind.COUNT and math.isfinite(value):
            number = Decimal(repr(value))  # the shortest text that round-trips, as FactSchema reads it
            if fact_values._out_of_range(number):
                raise Fallback
            return settle(number, True)
        return checked(value)

    return read_number
