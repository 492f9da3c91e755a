"""Stages 4–6 of the query (:mod:`.generator`): the sections' scores and applicable points with their vetoes,
the total (rescaled where indicators do not apply, adjusted by the rubric's bonuses and penalties), then the
problems list and the grade — and how a unit's value becomes columns of a stage (:meth:`Totals._materialise`).
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from functools import partial

from rubricdsl.evaluate.sql import codes
from rubricdsl.evaluate.sql.expressions import NOT_APPLICABLE, Bool, ExpressionCompiler, Text, Value
from rubricdsl.evaluate.sql.numbers import Num, TooWide
from rubricdsl.evaluate.sql.sections import (
    adjusted_section,
    adjustment_sums,
    cap_problems,
    capped_grade,
    compile_cap,
    redistributed,
)
from rubricdsl.evaluate.sql.select_list import SelectList
from rubricdsl.evaluate.sql.stages import Stage, node_words
from rubricdsl.ir import nodes as ir


class Totals(SelectList):
    _optional: bool  # some fact is optional or an indicator can be marked: "not applicable" can happen
    _arm_columns: list[str]  # the indicators' arm columns, written in the totals stage
    _errors: dict[int, str]  # an indicator's error column, by its index
    _root_vetoed: str  # SQL: a veto of the rubric itself fired

    def _materialise(self, stage: Stage, prefix: str, value: Value, where: ir.Derived | ir.Indicator) -> Value:
        if isinstance(value, Num):
            stage.columns.append(f"{value.n} AS {prefix}_n")
            if value.d is not None:
                stage.columns.append(f"{value.d} AS {prefix}_d")
            d = None if value.d is None else f"{prefix}_d"
            return replace(value, n=f"{prefix}_n", d=d)
        if isinstance(value, (Bool, Text)):
            stage.columns.append(f"{value.sql} AS {prefix}_v")
            return type(value)(f"{prefix}_v")
        name = where.name if isinstance(where, ir.Derived) else where.id
        self._refuse("S601", where.span, **node_words("unit-no-value"), where=name)
        raise AssertionError("unreachable")

    # ---- 4. sections, vetoes, total -----------------------------------------------------------------------
    def _totals(self, indicators: dict[int, tuple[Num, str, list[tuple[str, str]]]]) -> None:
        stage = self._stage("totals")
        stage.columns.extend(self._arm_columns)
        math = self.math
        self._scores: dict[int, Num] = {}
        self._veto_problems: list[str] = []
        rounding = self.program.indicator_rounding
        for index, (number, _error, _) in indicators.items():
            indicator = self.program.indicators[index]
            rounded = number
            if rounding is not None:
                rounded = self._guarded(indicator.id, indicator.span, partial(math.round, number, *rounding))
            self._scores[index] = rounded
        self._errors = {index: error_col for index, (_, error_col, _) in indicators.items()}
        root = self.program.root
        try:
            score, applicable = self._section(root)
        except TooWide as wide:
            quotients = [self.program.indicators[i].id for i, number in self._scores.items() if number.d is not None]
            named = "、".join(f"`{ident}`" for ident in quotients)
            detail = f"{wide.what}, adding up scores that are quotients of facts (indicators {named or 'none'})"
            detail_zh = f"{wide.what_zh}，因为相加的得分是事实之商（指标 {named or '无'}）"
            self._refuse("S602", root.span, where="total", detail=detail, detail_zh=detail_zh, scale=str(self.scale))
        # The raw total and the applicable points as columns, read by the rescale in the next stage: inlined,
        # each would be copied into every branch of the rescale's CASE.
        placeholder = ir.Indicator(id="total", index=-1, points=root.points, body=self.program.total, form="")
        frame: dict[str, Value] = {
            "raw_total": self._materialise(stage, "__r", score, placeholder),
            "applicable": self._materialise(stage, "__a", applicable, placeholder),
        }
        if root.adjustments:  # none where the root is vetoed, as in the interpreter
            zero = math.const(Fraction(0))
            sums = adjustment_sums(math, root, self._scores, self._errors)
            for name, number in zip(("bonus", "penalty"), sums, strict=True):
                chosen = math.choose([(f"({self._root_vetoed})", zero)], number)
                assert chosen is not None
                frame[name] = self._materialise(stage, f"__{name[0]}", chosen, placeholder)
        stage.columns.extend(self._veto_problems)
        compiler = ExpressionCompiler(math, self.env)
        (total, _), unit = self._guarded("total", root.span, lambda: compiler.unit(self.program.total, frame))
        rescaled = self._stage("rescaled")
        self._materialise(rescaled, "__t", total, placeholder)
        self._rescale_empty = unit.rescale_empty or "FALSE"
        rescaled.columns.append(f"{self._rescale_empty} AS __t_empty")
        assert isinstance(total, Num)
        self._total = replace(total, n="__t_n", d=None if total.d is None else "__t_d")
        listed = self._stage("listed")
        caps = [
            compile_cap(cap, self._guarded(f"cap {cap.grade}", cap.span, partial(self._condition, cap.condition)))
            for cap in self.program.grade_caps
        ]
        problems, failing = self._problems(indicators, cap_problems(self.sql, caps, codes.word(self.program.root.id)))
        listed.columns.append(f"{problems} AS __problems")
        # Complete: no problem but warnings (an assertion marked `warn` violated, or one not checked).
        self._complete = "(__problems = '')" if failing is None else f"({failing} = '')"
        # The grade the total reaches, as a column: a grade cap reads it once per grade.
        compiler = ExpressionCompiler(math, self.env)
        (grade, _), _ = self._guarded(
            "grade", root.span, lambda: compiler.unit(self.program.grade, {"total": self._total})
        )
        assert isinstance(grade, Text)
        listed.columns.append(f"{grade.sql} AS __g")
        self._grade = capped_grade(self.sql, "__g", caps, self.program.grade_order)

    def _section(self, section: ir.Section) -> tuple[Num, Num]:
        math = self.math
        scores: list[Num] = []
        counted: list[Num] = []
        for child in section.children:
            if isinstance(child, ir.Section):
                inner, points = self._section(child)
                scores.append(inner)
                counted.append(points)
                continue
            if not isinstance(child, ir.Indicator):
                self._refuse("S618", section.span, **node_words("ir", name=type(child).__name__), where=section.id)
            error = self._errors[child.index]
            scored = math.choose([(f"{error} IS NULL", self._scores[child.index])], math.const(Fraction(0)))
            points = math.const(Fraction(child.points))
            # Not applicable (error 1) only where an optional fact is absent: with none, every indicator counts.
            counts = f"({error} IS NULL OR {error} <> {NOT_APPLICABLE})" if self._optional else "TRUE"
            applies = math.choose([(counts, points)], math.const(Fraction(0)))
            assert scored is not None and applies is not None
            scores.append(scored)
            counted.append(applies)
        # Exact sums do not depend on their order: constant denominators first, so that each term with a
        # denominator read from the data is cross-multiplied once, not once per term after it.
        score, applicable = math.const(Fraction(0)), math.const(Fraction(0))
        for term in sorted(scores, key=lambda number: number.d is not None):
            score = math.add(score, term)
        for term in counted:
            applicable = math.add(applicable, term)
        if section.redistribution is not None:
            score, applicable = redistributed(math, section, score, applicable, self._scores, self._errors)
        if section.adjustments and not section.is_root:  # the root's are read by the total
            bonus, penalty = adjustment_sums(math, section, self._scores, self._errors)
            score = adjusted_section(math, section, score, bonus, penalty)
        fired: list[str] = []
        for veto in section.vetoes:
            compiler = ExpressionCompiler(math, self.env)
            (condition, veto_error), _ = compiler.unit(veto.condition)
            test = condition.sql if isinstance(condition, Bool) else "NULL"
            earlier = " AND ".join(f"NOT ({f})" for f in fired) or "TRUE"
            holds = f"({veto_error} IS NULL AND {test})" if veto_error is not None else f"COALESCE({test}, FALSE)"
            if veto_error is not None:
                code = f"(CASE WHEN {earlier} AND {veto_error} IS NOT NULL THEN {self.sql.text('E309:' + codes.word(section.id))} END)"
                self._veto_problems.append(f"{code} AS __v{len(self._veto_problems)}_p")
            fired.append(holds)
        if section.is_root:
            self._root_vetoed = " OR ".join(fired) or "FALSE"
        if fired:
            vetoed = " OR ".join(fired)
            chosen = math.choose([(f"({vetoed})", math.const(Fraction(0)))], score)
            assert chosen is not None
            score = chosen
        return score, applicable
