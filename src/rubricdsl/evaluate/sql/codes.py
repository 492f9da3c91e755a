"""Failure codes as the integers the query carries, and back to ``CODE:subject`` text in the problems column.

Every node's error is a SQL integer (DuckDB's strings cost an allocation each, and an error is computed for
every node of every indicator).  An ``E3xx`` evaluation error is its number (``E302`` → 302) and is listed
under the indicator it stops (``E302:admin_rate``).

A fact problem found while scoring (a failure a form declares in
:attr:`~rubricdsl.forms.base.Form.fact_problem_codes`: the judged-within form's ``F440``/``F441``, a judged
score outside its tier's range, ``F442``, a tier with no range) is listed by the Python evaluator with the
facts' problems, under the fact its ``Fail`` names (``F440:ability_score``, ``F442:ability_tier``).  Its
subject is part of the code the query carries: each distinct (code, subject) of the program is numbered, and
carried as ``1000 × number + code`` (the first ``F440`` is 1440, a second subject's 2440), so an error below
1000 is always an ``E`` code.  Any other ``F`` failure is an evaluation failure in Python, listed under the
unit it stops — ``F461``, a working-day count with a day outside the calendar's years (``F461:info``): it is
numbered likewise, with the unit as its subject.  Only an indicator that can fail with such a code pays for
the lookup when its problem is written out (:meth:`FailureCodes.problem`).
"""

from __future__ import annotations

import re

from rubricdsl.evaluate.sql.dialects import Dialect
from rubricdsl.forms import fact_problem_codes
from rubricdsl.ir import nodes as ir

FACT_CODE_BASE = 1000
CALENDAR_FAILURE = ("F461", "")  # a day outside the working-day calendar: listed under the unit ("")
_EVALUATION = re.compile(r"E\d{3}")
_FACT = re.compile(r"F\d{3}")


class UnknownCode(Exception):
    """A failure the query cannot write back exactly: not ``E…``/``F…`` with three digits, or an ``F`` code
    whose subject is not a name fixed when the query is generated; ``key`` and ``details`` name it (a node
    description of the catalogue's ``SQL_WORDS``)."""

    def __init__(self, key: str, **args: str) -> None:
        super().__init__(key)
        self.key = key
        self.details = args


def evaluation_code(code: str) -> str:
    """The integer the query carries for an evaluation error: ``E302`` → ``302``."""
    if not _EVALUATION.fullmatch(code):
        raise UnknownCode("failure-code", code=code)
    return code[1:]


def _key(fail: ir.Fail) -> tuple[str, str]:
    """(code, the fact it is listed under) for a fact problem; (code, "") for a failure listed under its unit."""
    return (fail.code, _subject(fail)) if fail.code in fact_problem_codes() else (fail.code, "")


def _subject(fail: ir.Fail) -> str:
    for name, value in fail.args:
        if name == "subject" and isinstance(value, ir.Const) and isinstance(value.value, str):
            return value.value
    raise UnknownCode("failure-subject", code=fail.code)


def _fails(root: ir.Expr) -> tuple[list[ir.Fail], bool]:
    """The ``Fail`` nodes under ``root``, and whether it counts working days (which may fail with F461)."""
    found: list[ir.Fail] = []
    counts = False
    stack: list[ir.Expr] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Fail):
            found.append(node)
        counts = counts or isinstance(node, ir.WorkingDays)
        stack.extend(ir.children_of(node) or ())
    return found, counts


def _reads(root: ir.Expr) -> set[str]:
    found: set[str] = set()
    stack: list[ir.Expr] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Ref):
            found.add(node.name)
        stack.extend(ir.children_of(node) or ())
    return found


class FailureCodes:
    """The program's fact-problem failures, numbered; which derived values and indicators can fail with one."""

    def __init__(self, program: ir.Program) -> None:
        self.numbered: dict[tuple[str, str], int] = {}
        self.fact_coded: set[str] = set()  # derived names and indicator ids
        units = [(d.name, d.expr) for d in program.derived] + [(i.id, i.body) for i in program.indicators]
        for name, root in units:
            fails, counts = _fails(root)
            own = [fail for fail in fails if _FACT.fullmatch(fail.code)]
            keys = [CALENDAR_FAILURE] if counts else []
            for fail in own:
                try:
                    keys.append(_key(fail))
                except UnknownCode:
                    continue  # refused where it is compiled (:meth:`integer`), naming its unit
            for key in keys:
                self.numbered.setdefault(key, FACT_CODE_BASE * (len(self.numbered) + 1) + int(key[0][1:]))
            # A failed derived value fails the units reading it with its own diagnostic, as the interpreter does.
            if own or counts or _reads(root) & self.fact_coded:
                self.fact_coded.add(name)

    def integer(self, fail: ir.Fail) -> str:
        """The integer the query carries when ``fail`` fires."""
        if _FACT.fullmatch(fail.code):
            return str(self.numbered[_key(fail)])
        return evaluation_code(fail.code)

    def calendar_failure(self) -> str:
        """The integer of ``F461`` (a day outside the calendar's years), listed under the unit it stops.
        Without a numbered one (a veto, whose problem is E309 whatever its cause), any code of 1000 up."""
        return str(self.numbered.get(CALENDAR_FAILURE, FACT_CODE_BASE + 461))

    def problem(self, dialect: Dialect, error: str, indicator: str) -> str:
        """SQL: ``CODE:subject`` for the indicator whose error column is ``error`` (neither NULL nor "not
        applicable"): an evaluation error under the indicator, a fact problem under its fact."""
        plain = f"'E' || {dialect.to_text(error)} || {dialect.text(':' + word(indicator))}"
        if indicator not in self.fact_coded:
            return plain
        whens = " ".join(
            f"WHEN {number} THEN {dialect.text(f'{code}:{word(subject or indicator)}')}"
            for (code, subject), number in self.numbered.items()
        )
        return f"(CASE {error} {whens} ELSE {plain} END)"


def word(text: str) -> str:
    """A subject in the problems list: one word, as the list is space-separated."""
    return text.replace(" ", "_").replace("'", "")
