"""The numbers at the ends of the range analysis's intervals (lint/intervals.py): exact Fractions, and the few
operations on them the analysis repeats most, done on their numerators and denominators.

``Fraction``'s own operators check the other operand against the numbers ABCs, read ``numerator`` and
``denominator`` through Python-level properties and build each result through ``Fraction.__new__``'s
argument handling: at 2,000 indicators a fifth of lint's time went to them.  The functions here compute the
same exact, normalised results (the formulas of ``fractions.py``) from the slots directly.  Every end is a
Fraction in practice; anything else (an ``int`` a caller passed) has no such slots and takes the generic
operator, so the result is the same either way.
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal
from fractions import Fraction

_new = object.__new__
_gcd = math.gcd


def exact(value: Decimal | int | Fraction) -> Fraction:
    kind = type(value)
    if kind is Fraction:
        return value  # type: ignore[return-value]
    if kind is Decimal and value.is_finite():  # type: ignore[union-attr]
        return _fraction_of_decimal(value)
    if kind is int:
        return _fraction_of_int(value)
    if isinstance(value, Fraction):
        return value
    return Fraction(value)


@functools.lru_cache(maxsize=1024)
def _fraction_of_int(value: int) -> Fraction:
    return Fraction(value)  # the same few (0, 1, points) over and over, each a Fraction() of ABC checks


@functools.lru_cache(maxsize=4096)
def _fraction_of_decimal(value: Decimal) -> Fraction:
    """A literal's or a bound's value as a Fraction: the same few values are converted over and over (every
    band threshold, every outcome, every indicator's points), and a conversion costs ten hashes."""
    return Fraction(value)


def _made(numerator: int, denominator: int) -> Fraction:
    """The Fraction ``numerator/denominator``, already in lowest terms with a positive denominator."""
    found: Fraction = _new(Fraction)
    found._numerator = numerator  # type: ignore[attr-defined]
    found._denominator = denominator  # type: ignore[attr-defined]
    return found


# The ends are normalised Fractions (or ints), so cross-multiplying numerators and denominators decides their
# order, and equal ends have equal numerators and denominators.
def less(a: Fraction, b: Fraction) -> bool:
    try:
        return a._numerator * b._denominator < b._numerator * a._denominator  # type: ignore[attr-defined, no-any-return]
    except AttributeError:
        return a.numerator * b.denominator < b.numerator * a.denominator


def same(a: Fraction, b: Fraction) -> bool:
    try:
        return a is b or (a._numerator == b._numerator and a._denominator == b._denominator)  # type: ignore[attr-defined]
    except AttributeError:
        return a.numerator == b.numerator and a.denominator == b.denominator


def parts(value: Fraction) -> tuple[int, int]:
    """``value``'s numerator and denominator (lowest terms, denominator > 0)."""
    try:
        return value._numerator, value._denominator  # type: ignore[attr-defined]
    except AttributeError:
        return value.numerator, value.denominator


def plus(a: Fraction, b: Fraction) -> Fraction:
    """``a + b`` (``Fraction._add``)."""
    try:
        na, da, nb, db = a._numerator, a._denominator, b._numerator, b._denominator  # type: ignore[attr-defined]
    except AttributeError:
        return a + b
    g = _gcd(da, db)
    if g == 1:
        return _made(na * db + da * nb, da * db)
    s = da // g
    t = na * (db // g) + nb * s
    g2 = _gcd(t, g)
    if g2 == 1:
        return _made(t, s * db)
    return _made(t // g2, s * (db // g2))


def minus(a: Fraction) -> Fraction:
    """``-a``."""
    try:
        return _made(-a._numerator, a._denominator)  # type: ignore[attr-defined]
    except AttributeError:
        return -a


def times(a: Fraction, b: Fraction) -> Fraction:
    """``a * b`` (``Fraction._mul``)."""
    try:
        na, da, nb, db = a._numerator, a._denominator, b._numerator, b._denominator  # type: ignore[attr-defined]
    except AttributeError:
        return a * b
    g1 = _gcd(na, db)
    if g1 > 1:
        na //= g1
        db //= g1
    g2 = _gcd(nb, da)
    if g2 > 1:
        nb //= g2
        da //= g2
    return _made(na * nb, db * da)


def show(value: Fraction | None, infinite: str = "∞", percent: bool = False) -> str:
    """A bound as the language writes it: ``0.9`` (or ``90%``), never ``9/10``; ``≈`` marks a repeating decimal."""
    if value is None:
        return infinite
    scaled = value * 100 if percent else value
    suffix = "%" if percent else ""
    denominator = scaled.denominator
    while denominator % 2 == 0:
        denominator //= 2
    while denominator % 5 == 0:
        denominator //= 5
    if denominator == 1:
        text = format(Decimal(scaled.numerator) / Decimal(scaled.denominator), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text + suffix
    return f"≈{float(scaled):.4g}{suffix}"
