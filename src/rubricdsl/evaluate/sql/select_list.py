"""The query's final select list: the key, every indicator's score, ``total``, ``grade``, ``complete``, the arm
columns and ``problems``, read from the stages :mod:`.generator` builds.

A score is returned as a DECIMAL of the declared scale, the exact rational rounded once, half-even
(:meth:`SelectList._out`).  Where the dialect says so (:attr:`~.dialects.Dialect.binds_quotients`), the pieces
of that rounded quotient written several times are columns of stages of their own (``rounding0``,
``rounding1``) before the select, so its text holds each once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from rubricdsl.evaluate.sql import codes, columns
from rubricdsl.evaluate.sql.expressions import NOT_APPLICABLE
from rubricdsl.evaluate.sql.numbers import Num, TooWide
from rubricdsl.evaluate.sql.sections import assertion_problems
from rubricdsl.evaluate.sql.stages import Stage, Stages
from rubricdsl.ir import nodes as ir
from rubricdsl.ir.assertions import body as assertion_body

_word = codes.word


class SelectList(Stages):
    key: str
    unknown: tuple[str, ...]
    marks: str | None
    failures: codes.FailureCodes
    _scores: dict[int, Num]
    _total: Num
    _grade: str
    _complete: str
    _list_problems: dict[int, Callable[[str, str], str]]
    _veto_problems: list[str]
    _rescale_empty: str  # SQL: nothing is applicable (E305)

    def __init__(self) -> None:
        super().__init__()
        self._rounding: list[Stage] = []

    def _final(self, indicators: dict[int, tuple[Num, str, list[tuple[str, str]]]]) -> str:
        sql = self.sql
        program = self.program
        outputs = [f"{sql.quote(self.key)} AS {sql.quote(self.key)}"]
        taken = {self.key}
        for indicator in program.indicators:
            number = self._scores[indicator.index]
            error = indicators[indicator.index][1]
            shown = self._guarded(indicator.id, indicator.span, partial(self._out, number, f"{error} IS NULL"))
            outputs.append(f"{shown} AS {self._name(indicator.id, taken)}")
        total_out = self._guarded("total", program.root.span, lambda: self._out(self._total))
        outputs.append(f"{total_out} AS {self._name('total', taken)}")
        outputs.append(f"{self._grade} AS {self._name('grade', taken)}")
        outputs.append(f"{self._complete} AS {self._name('complete', taken)}")
        for indicator in program.indicators:
            for name, column in indicators[indicator.index][2]:
                outputs.append(f"{column} AS {self._name(name, taken)}")
        outputs.append(f"__problems AS {self._name('problems', taken)}")
        return "SELECT\n  " + ",\n  ".join(outputs) + f"\nFROM {self.stages[-1].name}"

    def _problems(
        self, indicators: dict[int, tuple[Num, str, list[tuple[str, str]]]], caps: list[str]
    ) -> tuple[str, str | None]:
        """``CODE:subject`` of every fact problem, assertion, failed indicator, failed veto and E305, in that
        order, computed once, in its own stage; and, where some of them are warnings (assertions), the SQL
        of the others, which ``complete`` reads (None: every problem makes the row incomplete)."""
        sql, program = self.sql, self.program
        problems = [
            self._list_problems[p](f"__p{p}", _word(f.name))
            if p in self._list_problems
            else f"(CASE WHEN __p{p} IS NOT NULL THEN 'F' || {sql.to_text(f'__p{p}')} || {sql.text(':' + _word(f.name))} END)"
            for p, f in enumerate(program.inputs)
        ]
        # The table's other columns first, as the facts layer lists a facts file's (.columns).
        table_problems = [columns.unknown_ids_problem(sql, (i.id for i in program.indicators))] if self.marks else []
        table_problems += columns.unknown_problems(sql, self.unknown)
        problems = table_problems + problems
        failing = list(problems)  # all but the warnings
        for assertion in program.assertions:  # fact problems too, after the facts' own (as Python lists them)
            where = assertion.message or f"assert {assertion.index + 1}"
            compiled = self._guarded(where, assertion.span, partial(self._condition, assertion_body(assertion)))
            problem, incomplete = assertion_problems(sql, assertion, compiled)
            problems.append(problem)
            failing += [incomplete] if incomplete is not None else []
        others = []
        for indicator in program.indicators:
            error = indicators[indicator.index][1]
            code = self.failures.problem(sql, error, indicator.id)
            others.append(f"(CASE WHEN {error} <> {NOT_APPLICABLE} THEN {code} END)")
        others += [f"__v{position}_p" for position in range(len(self._veto_problems))]
        others += caps  # E256: a grade cap whose condition could not be evaluated
        if self._rescale_empty != "FALSE":  # nothing applicable: E305 (never, where every indicator counts)
            others.append(f"(CASE WHEN __t_empty THEN {sql.text('E305:' + _word(program.root.id))} END)")
        listed = sql.concat_ws(problems + others)
        return listed, None if not program.assertions else sql.concat_ws(failing + others)

    def _name(self, name: str, taken: set[str]) -> str:
        if name in taken:
            self._refuse("S603", None, name=name)
        taken.add(name)
        return self.sql.quote(name)

    def _out(self, number: Num, valid: str | None = None) -> str:
        """The exact rational rounded once, half-even, at the declared scale, as a DECIMAL of that scale
        (:meth:`~.dialects.Dialect.decimal_for`); NULL where ``valid`` does not hold."""
        bind = self._bind if self.sql.binds_quotients else None
        rounded = self.math.round(number, self.scale, ir.RoundMode.HALF_EVEN, bind)
        if rounded.value is not None:  # a constant (a score no guard needs to hold): its integer at the scale
            units = int(rounded.value * 10**self.scale)
            rounded = replace(rounded, n=self.math.lit(units)[0], nmax=abs(units), dmax=10**self.scale)
        if rounded.nmax >= self.sql.scaled_limit(self.scale):
            digits = len(str(self.sql.scaled_limit(self.scale))) - 1
            raise TooWide(
                f"the score needs more than {digits} digits at scale {self.scale} in {self.sql.name}",
                f"在 {self.sql.name} 中以 {self.scale} 位小数表示，得分需要超过 {digits} 位数字",
            )
        if number.d is None and number.dmax == 1:  # an integer: cast as it is, where that is cheaper
            direct = self.sql.integer_to_decimal(number.n, self.scale, rounded.nmax)
            if direct is not None:
                # The cast inside a CASE, not of an integer made NULL first (where_valid): DuckDB then casts
                # only the rows the CASE selects, and the seed query does 3% less work.
                return direct if valid is None else f"(CASE WHEN {valid} THEN {direct} END)"
        scaled = rounded.n if valid is None else self.sql.where_valid(valid, rounded.n)
        return self.sql.scaled_to_decimal(scaled, self.scale, rounded.nmax)

    def _bind(self, sql: str, level: int) -> str:
        """``sql`` as a column of the ``level``-th stage after ``listed`` (:data:`~.numbers.Bind`)."""
        while len(self._rounding) <= level:
            self._rounding.append(self._stage(f"rounding{len(self._rounding)}"))
        name = f"__q{sum(len(stage.columns) for stage in self._rounding)}"
        self._rounding[level].columns.append(f"{sql} AS {name}")
        return name
