"""A CSV cell's text read as the facts layer reads it (``inputs/fact_values.py``), in DuckDB SQL.

The Python CSV reader gives every cell to the facts layer as text; this module spells the same reading as
SQL over the raw cell, with the same results and the same problem codes, in Python's order.  A cell that is
empty or only whitespace is absent before any of this (:func:`.texts.blank_cells`).

**Numbers** (money, percent, number, count): surrounding whitespace (Python's ``str.strip``: Unicode) is
ignored; a sign, digits (any Unicode decimal digit, as Python's ``\\d`` and ``Decimal`` read them), a point
and more digits, ``.5`` and ``5.`` included; thousands separators ``,``/``，`` only in groups of three
(``1,500,000.5``).  A percent may end in ``%``/``％`` (``76%``, ``76 %``: the share 0.76, exactly, and never
F405); money may end in ``元``, ``万元`` or ``万`` (``50万元`` is 500000 元), read into the fact's unit.  No
exponent, no other text.  Then, as Python checks them: more than 60 characters, or no such spelling, is
F403; more than 40 digits written after the point, or more than 40 before it, is F411 (F403 under a ``%``,
as ``parse_percent`` turns every problem of the number before it into F403); a count that is not whole or
is negative is F403; a percent without ``%`` beyond ±1 is F405.  A value Python holds but the kind's SQL
type does not (:mod:`.types`: more integer digits or more decimals, after the unit or the ``%``) is F411,
the row's, never a rounded value.  Only then come the declared bounds (F404), on the exact value.

The common cell (ASCII digits the type holds, nothing else) is cast directly; any other takes the general
reading, which moves the point textually (a unit, a ``%``) so that no value is ever computed inexactly.

**Yes/no**: ``str.strip().casefold()`` among 是/true/有/√ (yes) and 否/false/无/× (no): ``TRUE``,
``False`` and ``falſe`` (a long s folds to s) too, ``1`` and ``yes`` not.  **Enum**: the stripped text is a
level.
"""

from __future__ import annotations

from collections.abc import Callable

from rubricdsl.evaluate.sql.dates import ascii_digits, unicode_classes
from rubricdsl.evaluate.sql.expressions import Unsupported
from rubricdsl.evaluate.sql.types import COLUMN_TYPES
from rubricdsl.evaluate.sql.unicode_sets import unicode_sets
from rubricdsl.inputs.fact_values import _NO, _YES, MAX_FACT_DIGITS
from rubricdsl.ir import nodes as ir

LONGEST_NUMBER = 60  # _decimal refuses longer text (F403)
_UNIT_SHIFT = {1: 0, 10000: 4}  # a unit's scale as a power of ten
# The text of a cell's reading: a canonical number (sign, digits, point, digits) or one of these codes.
# A code is marked with ``!`` so that no cell's own text (a count of 403) reads as one.
_PROBLEMS = ("403", "405", "411")


def plain_pattern(kind: str) -> str:
    """An RE2 pattern of the common cell of a ``kind`` fact: ASCII digits the kind's SQL type holds, which a
    CAST reads exactly and no check of the facts layer turns down (a percent within ±1, a count ≥ 0)."""
    wanted = COLUMN_TYPES[kind]
    if kind == "count":
        return f"[0-9]{{1,{wanted.digits}}}"
    if kind == "percent":
        return f"[+-]?(0(\\.[0-9]{{0,{wanted.scale}}})?|\\.[0-9]{{1,{wanted.scale}}}|1(\\.0{{0,{wanted.scale}}})?)"
    fraction = f"(\\.[0-9]{{0,{wanted.scale}}})?"
    return f"[+-]?([0-9]{{1,{wanted.digits}}}{fraction}|\\.[0-9]{{1,{wanted.scale}}})"


NUMERIC = ("money", "percent", "number", "count")


def read_number(fact: ir.Input, column: str) -> tuple[str, list[tuple[str, str]]]:
    """(the value as the kind's SQL type, NULL when the cell is not valid; the checks that give its code) for a
    numeric fact's column as :func:`number_cells` leaves it: the canonical number, or its problem's code."""
    target = COLUMN_TYPES[fact.kind].sql.replace("BIGINT", "DECIMAL(18,0)")
    return f"TRY_CAST({column} AS {target})", [(f"{column} = '!{code}'", f"F{code}") for code in _PROBLEMS]


def number_cells(source: str, facts: tuple[ir.Input, ...], quote: Callable[[str], str]) -> str:
    """SQL (DuckDB): ``source`` with each numeric fact's cell replaced by its reading: the canonical number in
    the query's unit (``-1234.5``, which a CAST reads exactly) or ``!403``/``!405``/``!411``.

    Three projections, each reading its column once: the cell parsed (the common cell matched whole and kept
    as it is), its digits made ASCII, then the facts layer's checks in its order; inlined where the value and
    each check use it, the parse would be repeated a dozen times per fact."""
    numeric = [(fact, quote(fact.name)) for fact in facts if fact.kind in NUMERIC]
    if not numeric:
        return source
    stages = (_parsed, _digits, _checked)
    for position, stage in enumerate(stages):
        replaced = ", ".join(f"{stage(fact, column)} AS {column}" for fact, column in numeric)
        source = f"(SELECT * REPLACE ({replaced}) FROM {source}) AS numbers{position}"
    return source


def _field(column: str, name: str) -> str:
    return f"struct_extract({column}, '{name}')"


def _parsed(fact: ir.Input, cell: str) -> str:
    digit, space, _, _ = unicode_classes()
    whole = f"({digit}+|{digit}{{1,3}}(?:[,，]{digit}{{3}})+)"
    number = f"([+-]?)(?:{whole}(\\.{digit}*)?|(\\.{digit}+))"
    suffixes = _suffixes(fact)
    tail = f"(?:{space}*({'|'.join(suffixes)}))?" if suffixes else "()"  # 万元 before 万: the longer first
    pattern = f"^{space}*{number}{tail}{space}*$"
    plain = "struct_pack(s := '', i := '', f := '', g := '', u := '', ok := " + cell + ")"
    parts = (
        f"struct_insert(regexp_extract({cell}, '{pattern}', ['s', 'i', 'f', 'g', 'u']), ok := CAST(NULL AS VARCHAR))"
    )
    return (
        f"(CASE WHEN {cell} IS NULL THEN NULL "
        f"WHEN regexp_full_match({cell}, '{plain_pattern(fact.kind)}') THEN {plain} ELSE {parts} END)"
    )


def _digits(fact: ir.Input, parsed: str) -> str:
    point_fraction = f"({_field(parsed, 'f')} || {_field(parsed, 'g')})"  # the point and what follows, as written
    whole = f"replace(replace({_field(parsed, 'i')}, ',', ''), '，', '')"
    fields = {
        "ok": _field(parsed, "ok"),
        "s": _field(parsed, "s"),
        "u": _field(parsed, "u"),
        "none": f"({_field(parsed, 'i')} = '' AND {_field(parsed, 'g')} = '')",
        "written": f"(length({_field(parsed, 's')}) + length({whole}) + length({point_fraction}))",
        "i": ascii_digits(whole),
        "fr": ascii_digits(f"substr({point_fraction}, 2)"),
    }
    packed = ", ".join(f"{name} := {value}" for name, value in fields.items())
    return f"(CASE WHEN {parsed} IS NULL THEN NULL ELSE struct_pack({packed}) END)"


def _checked(fact: ir.Input, read: str) -> str:
    """SQL: the canonical number, or the code of the first problem the facts layer finds, in its order."""
    wanted = COLUMN_TYPES[fact.kind]
    sign, integer, fraction, suffix = (_field(read, name) for name in ("s", "i", "fr", "u"))
    suffixes = _suffixes(fact)
    significant = f"ltrim({integer}, '0')"
    wide = f"(length({fraction}) > {MAX_FACT_DIGITS} OR length({significant}) > {MAX_FACT_DIGITS})"
    percent_sign = f"{suffix} IN ('%', '％')" if fact.kind == "percent" else "FALSE"
    shift = "0"
    if suffixes:
        shift = "(CASE " + " ".join(f"WHEN {suffix} = '{text}' THEN {moved}" for text, moved in suffixes.items())
        shift += " ELSE 0 END)"
    pad = "0000"  # every shift is at most four places
    padded = f"('{pad}' || {integer} || {fraction} || '{pad}')"
    point = f"({len(pad)} + length({integer}) + {shift})"
    moved_whole = f"ltrim(substr({padded}, 1, {point}), '0')"
    moved_fraction = f"rtrim(substr({padded}, {point} + 1), '0')"
    nonzero = f"({significant} <> '' OR rtrim({fraction}, '0') <> '')"
    whens = [
        (f"{_field(read, 'none')} OR {_field(read, 'written')} > {LONGEST_NUMBER}", "403"),
        (f"{wide} AND {percent_sign}", "403"),  # parse_percent: any problem of the number before % is F403
        (wide, "411"),
    ]
    if fact.kind == "count":
        whens.append((f"rtrim({fraction}, '0') <> '' OR ({sign} = '-' AND {nonzero})", "403"))
    if fact.kind == "percent":
        one = f"(length({significant}) > 1 OR {significant} > '1' OR ({significant} = '1' AND rtrim({fraction}, '0') <> ''))"
        whens.append((f"NOT {percent_sign} AND {one}", "405"))
    whens.append((f"length({moved_whole}) > {wanted.digits} OR length({moved_fraction}) > {wanted.scale}", "411"))
    cases = " ".join(f"WHEN {test} THEN '!{code}'" for test, code in whens)
    canonical = (
        f"{sign} || (CASE WHEN {moved_whole} = '' THEN '0' ELSE {moved_whole} END) || '.' || {moved_fraction} || '0'"
    )
    ok = _field(read, "ok")
    return f"(CASE WHEN {read} IS NULL THEN NULL WHEN {ok} IS NOT NULL THEN {ok} {cases} ELSE {canonical} END)"


def _suffixes(fact: ir.Input) -> dict[str, int]:
    """Each suffix the kind may end in, with the power of ten it moves the number by into the query's unit."""
    if fact.kind == "percent":
        return {"%": -2, "％": -2}
    if fact.kind != "money":
        return {}
    unit = _UNIT_SHIFT.get(int(fact.unit_scale)) if fact.unit_scale == int(fact.unit_scale) else None
    if unit is None:
        raise Unsupported("money-unit", name=fact.name)
    return {"万元": 4 - unit, "万": 4 - unit, "元": -unit}


def _folded_class(letter: str) -> str:
    return "[" + "".join(f"\\x{{{ord(character):x}}}" for character in unicode_sets().folds[letter]) + "]"


def _words(words: frozenset[str]) -> str:
    return "|".join("".join(_folded_class(letter) for letter in word) for word in sorted(words))


def read_bool(cell: str) -> tuple[str, list[tuple[str, str]]]:
    """(the BOOLEAN, NULL when not valid; the checks) of a yes/no fact's non-blank CSV cell."""
    space = unicode_classes()[1]

    def matches(words: frozenset[str]) -> str:
        return f"regexp_full_match({cell}, '{space}*(?:{_words(words)}){space}*')"

    def common(words: frozenset[str]) -> str:
        return "(" + ", ".join(f"'{spelling}'" for spelling in sorted(_common_spellings(words))) + ")"

    # the common cell, a word as written most often, is found by one hash lookup before the regular
    # expressions that read every spelling Python's strip().casefold() accepts
    value = (
        f"(CASE WHEN {cell} IN {common(_YES)} THEN TRUE WHEN {cell} IN {common(_NO)} THEN FALSE "
        f"WHEN {matches(_YES)} THEN TRUE WHEN {matches(_NO)} THEN FALSE END)"
    )
    return value, [(f"{value} IS NULL", "F403")]


def _common_spellings(words: frozenset[str]) -> set[str]:
    """Each word as written, upper-case and capitalised: spellings whose ``casefold()`` is the word itself."""
    spellings = {form for word in words for form in (word, word.upper(), word.capitalize())}
    assert all(spelling.casefold() in words for spelling in spellings)
    return spellings


def stripped(cell: str) -> str:
    """SQL: the cell without the whitespace Python's ``str.strip`` removes."""
    space = unicode_classes()[1]
    return f"regexp_extract({cell}, '^{space}*((?s:.*?)){space}*$', 1)"
