"""The second back end: one generated Python function per rubric for the common, clean case.

The closure evaluator in :mod:`~rubricdsl.evaluate.program` is the authority.  This module turns the same
checked AST into the source of one straight-line function that converts the facts, computes every derived
value and indicator, sums the sections and grades the total — with no per-node calls.  It handles only fact
sets that score completely with no visible steps; anything else (a missing, unknown or invalid fact,
`not_applicable`, a failed or out-of-range indicator, a veto that fires, a total changed by rounding) makes it
return ``None`` and the caller runs the closure evaluator, which reports exactly what went wrong.

It also records what the explanation needs, so a fast-path result is explained without evaluating again:
each indicator's detail as the closure rule returns it (the band or branch index, the checklist items
satisfied, a deduction's value, units and amount, the share, the level), every fact and derived value, and the
scores before indicator rounding.

Safety of the generated text: names become positional locals (``_v3``, ``_s7``); every ``Decimal``, default,
level table and grade name is bound in the function's namespace as ``_k12`` (details are int literals or
locals); the only text taken from the
rubric is fact names and indicator ids, spliced as ``repr(str)`` literals (dictionary keys).  Nothing else
the author wrote reaches the source.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from rubricdsl.evaluate.fastfacts import (
    SAFE_DIGITS,
    SourceWriter,
    emit_cell,
    emit_cell_fetch,
    emit_fact,
    emit_fetch,
    needs_wide_context,
)
from rubricdsl.evaluate.program import CONTEXT, IndicatorPlan, Program, SectionPlan
from rubricdsl.evaluate.rules import NO_BAND, v1_outcome
from rubricdsl.inputs.fact_specs import _MISSING as MISSING
from rubricdsl.inputs.facts import ID_KEY, NOT_APPLICABLE_KEY, FactSchema
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.numbers import approximate_points, exact_sum, scaled

# finish(scores by indicator id, total, grade, details, values, raw scores) → the result.  ``details`` holds each
# indicator's detail as the closure rules return it (a deduction's as a (value, units, deduction) tuple);
# ``values`` every fact and then every derived value, in declaration order; ``raw scores`` the scores before
# indicator rounding, or None when the rubric rounds no indicator.
Finish = Callable[[dict[str, Decimal], Decimal, str, tuple[Any, ...], tuple[Any, ...], tuple[Decimal, ...] | None], Any]
FastFn = Callable[[Mapping[str, Any]], Any]
# a row's text cells → (total, grade, scores in indicator order), or None
CellsFn = Callable[[list[str]], tuple[Decimal, str, tuple[Decimal, ...]] | None]

_COMPARE_SOURCE = {n.Op.GE: ">=", n.Op.GT: ">", n.Op.LE: "<=", n.Op.LT: "<", n.Op.EQ: "==", n.Op.NE: "!="}
_ARITHMETIC_SOURCE = {n.Op.ADD: "+", n.Op.SUB: "-", n.Op.MUL: "*", n.Op.DIV: "/"}
_FALLBACK_ERRORS = "(_Fallback, ArithmeticError, LookupError, ValueError, TypeError)"


class _Generator:
    def __init__(self, program: Program, schema: FactSchema) -> None:
        self.program = program
        self.schema = schema
        self.out = SourceWriter()
        checked = program.checked
        self.local: dict[str, str] = {}
        for index, name in enumerate(checked.facts):
            self.local[name] = f"_v{index}"
        for index, let in enumerate(checked.rubric.lets):
            self.local[let.name] = f"_l{index}"

    # ---- expressions --------------------------------------------------------------------------------------
    def expr(self, expr: n.Expr) -> str:
        match expr:
            case n.Literal() | n.StringLit() | n.BoolLit():
                return self.out.constant(expr.value)
            case n.Name():
                return self.local[expr.ident]
            case n.Negate():
                return f"(-{self.expr(expr.operand)})"
            case n.Not():
                return f"(not {self.expr(expr.operand)})"
            case n.Binary():
                left, right = self.expr(expr.left), self.expr(expr.right)
                if expr.op is n.Op.AND or expr.op is n.Op.OR:
                    return f"({left} {expr.op.value} {right})"
                # Division by zero traps in CONTEXT (DivisionByZero / InvalidOperation): the caller falls back.
                symbol = _COMPARE_SOURCE.get(expr.op) or _ARITHMETIC_SOURCE[expr.op]
                return f"({left} {symbol} {right})"
            case n.Call():
                args = [self.expr(arg) for arg in expr.args]
                if expr.function in ("min", "max", "abs"):
                    return f"{expr.function}({', '.join(args)})"
                if expr.function != "round":  # evaluate/reference.covers keeps later functions out of here
                    raise TypeError(f"the fast path has no function {expr.function}")
                places = int(expr.args[1].value) if len(expr.args) == 2 and isinstance(expr.args[1], n.Literal) else 0
                return f"_round_half_up({args[0]}, {places})"
            case _:
                raise TypeError(f"not an expression node: {expr!r}")

    def test(self, test: n.Compare | n.Interval, subject: str) -> str:
        if isinstance(test, n.Compare):
            return f"{subject} {_COMPARE_SOURCE[test.op]} {self.out.constant(test.threshold.value)}"
        low, high = self.out.constant(test.low.value), self.out.constant(test.high.value)
        return f"{low} {'<=' if test.low_inclusive else '<'} {subject} {'<=' if test.high_inclusive else '<'} {high}"

    # ---- facts --------------------------------------------------------------------------------------------
    # ---- rules --------------------------------------------------------------------------------------------
    def indicator(self, plan: IndicatorPlan, target: str, detail: str) -> None:
        """Score one indicator into ``target`` and its detail (what the closure rule returns) into ``detail``."""
        emit, const = self.out.emit, self.out.constant
        rule = plan.info.node.rule
        points = const(plan.points)
        match rule:
            case n.ScoreRule():
                subject = self.out.temp()
                emit(2, f"{subject} = {self.expr(rule.subject)}")
                tests = [(self.test(band.test, subject), band.outcome) for band in rule.bands]
                self._first_match(tests, rule.otherwise, target, detail)
            case n.WhenRule():
                tests = [(self.expr(branch.condition), v1_outcome(branch.outcome)) for branch in rule.branches]
                otherwise = None if rule.otherwise is None else v1_outcome(rule.otherwise)
                self._first_match(tests, otherwise, target, detail)
            case n.DeductRule():
                self._deduct(rule, target, detail)
            case n.ChecklistRule() if len(rule.items) <= _CHECKLIST_TABLE_ITEMS:
                # Conditions are checked booleans, so nested tuples indexed by them hold every possible
                # (sum, items satisfied).
                table = _checklist_table([approximate_points(item.points) for item in rule.items])
                lookups = "".join(f"[{self.expr(item.condition)}]" for item in rule.items)
                emit(2, f"{target}, {detail} = {const(table)}{lookups}")
            case n.ChecklistRule():
                emit(2, f"{target} = _ZERO")
                emit(2, f"{detail} = []")
                for position, item in enumerate(rule.items):
                    emit(2, f"if {self.expr(item.condition)}:")
                    emit(3, f"{target} = {target} + {const(approximate_points(item.points))}")
                    emit(3, f"{detail}.append({position})")
                emit(2, f"{detail} = tuple({detail})")
            case n.ProportionalRule():
                got, wanted = self.out.temp(), self.out.temp()
                emit(2, f"{got} = {self.expr(rule.achieved)}")
                emit(2, f"{wanted} = {self.expr(rule.target)}")
                if rule.lower_is_better:
                    emit(2, f"{target} = _ONE if {got} <= 0 else {wanted} / {got}")
                else:
                    emit(2, f"if not {wanted}: raise _Fallback")
                    emit(2, f"{target} = {got} / {wanted}")
                emit(2, f"{detail} = _ONE if {target} > 1 else _ZERO if {target} < 0 else {target}")
                emit(2, f"{target} = {points} * {detail}")
            case n.LevelsRule():
                shares = {
                    share.level: scaled(plan.points, share.share.value)  # exact, as the closure rule has it
                    if share.share.kind is n.LiteralKind.PERCENT
                    else share.share.value
                    for share in rule.shares
                }
                emit(2, f"{detail} = {self.expr(rule.subject)}")
                emit(2, f"{target} = {const(shares)}[{detail}]")  # KeyError → fall back
            case n.JudgedRule():
                emit(2, f"{target} = {self.expr(rule.fact)}")
                emit(2, f"if not 0 <= {target} <= {points}: raise _Fallback")
            case n.FormulaRule():
                emit(2, f"{target} = {self.expr(rule.expr)}")
        if not _always_in_range(rule, plan.points):
            emit(2, f"if not _ZERO <= {target} <= {points}: raise _Fallback")  # E307
        rounding = self.program.indicator_rounding
        if rounding is not None:
            emit(2, f"_r{plan.index} = {target}")
            emit(2, f"{target} = {target}.quantize({const(rounding[0])}, rounding={const(rounding[1])})")

    def _first_match(self, tests: list[tuple[str, n.Expr]], otherwise: n.Expr | None, target: str, detail: str) -> None:
        """The first band or branch whose test holds, else ``otherwise``.

        One if/elif chain of thousands of branches makes Python's compiler recurse once per ``elif`` (a
        RecursionError at ~3,000 bands), so long chains are cut into chains of _CHAIN_LINKS, each run only
        while nothing has matched: the same first match, at a constant nesting depth.
        """
        emit = self.out.emit
        else_value = self.expr(otherwise) if otherwise is not None else "_ZERO"
        else_index = len(tests) if otherwise is not None else NO_BAND
        if len(tests) <= _CHAIN_LINKS:
            for position, (test, outcome) in enumerate(tests):
                emit(2, f"{'if' if position == 0 else 'elif'} {test}:")
                emit(3, f"{target} = {self.expr(outcome)}")
                emit(3, f"{detail} = {position}")
            emit(2, "else:")
            emit(3, f"{target} = {else_value}")
            emit(3, f"{detail} = {else_index}")
            return
        emit(2, f"{detail} = None")
        for start in range(0, len(tests), _CHAIN_LINKS):
            emit(2, f"if {detail} is None:")
            for position in range(start, min(start + _CHAIN_LINKS, len(tests))):
                test, outcome = tests[position]
                emit(3, f"{'if' if position == start else 'elif'} {test}:")
                emit(4, f"{target} = {self.expr(outcome)}")
                emit(4, f"{detail} = {position}")
        emit(2, f"if {detail} is None:")
        emit(3, f"{target} = {else_value}")
        emit(3, f"{detail} = {else_index}")

    def _deduct(self, rule: n.DeductRule, target: str, detail: str) -> None:
        emit, const = self.out.emit, self.out.constant
        value, distance, deduction = self.out.temp(), self.out.temp(), self.out.temp()
        threshold, base = const(rule.threshold.value), const(rule.base.value)
        emit(2, f"{value} = {self.expr(rule.subject)}")
        emit(2, f"{distance} = {value} - {threshold}" if rule.above else f"{distance} = {threshold} - {value}")
        emit(2, f"if {distance} <= 0:")
        emit(3, f"{target} = {base}")
        emit(3, f"{detail} = ({value}, _ZERO, _ZERO)")
        emit(2, "else:")
        step = const(rule.step.value) if rule.step is not None else "_ONE"
        emit(3, f"{distance} = {distance} / {step}")  # from here on: the units, as DeductDetail has them
        mode = rule.mode or n.StepMode.PRO_RATA
        if mode is n.StepMode.WHOLE_STEPS:
            emit(3, f"{distance} = {distance}.to_integral_value(rounding=_FLOOR)")
        elif mode is n.StepMode.STARTED_STEPS:
            emit(3, f"{distance} = {distance}.to_integral_value(rounding=_CEILING)")
        emit(3, f"{deduction} = {const(rule.rate.value)} * {distance}")
        if rule.cap is not None:
            cap = const(rule.cap.value)
            emit(3, f"if {deduction} > {cap}: {deduction} = {cap}")
        emit(3, f"{target} = {base} - {deduction}")
        emit(3, f"if not {target} > 0: {target} = _ZERO")
        emit(3, f"{detail} = ({value}, {distance}, {deduction})")

    # ---- sections, total, grade ---------------------------------------------------------------------------
    def section(self, plan: SectionPlan, scores: dict[int, str], *, root: bool = False) -> str:
        parts = [
            scores[child.index] if isinstance(child, IndicatorPlan) else self.section(child, scores)
            for child in plan.children
        ]
        for veto in plan.vetoes:
            # A veto that fires changes sections and adds a visible step: the closure evaluator reports it.
            self.out.emit(2, f"if {self.expr(veto.node.condition)}: raise _Fallback")
        if root:
            # The closure evaluator starts every section's sum at Decimal(0).  Adding an exact 0 changes no
            # value and no rounding, only lowers an exact sum's exponent to at most 0; only the total is
            # returned, and the 0 kept here gives it that same exponent.
            parts.insert(0, "_ZERO")
        elif len(parts) == 1:
            return parts[0]
        total = self.out.temp()
        # Added left to right as the closure evaluator adds (rounding makes the order matter), in
        # statements of _CHAIN_LINKS terms: one expression of 5,000 `+` overflows the compiler's recursion.
        self.out.emit(2, f"{total} = {' + '.join(parts[:_CHAIN_LINKS]) or '_ZERO'}")
        for start in range(_CHAIN_LINKS, len(parts), _CHAIN_LINKS):
            self.out.emit(2, f"{total} = {total} + {' + '.join(parts[start : start + _CHAIN_LINKS])}")
        return total

    def generate(self, cells: Mapping[str, int] | None = None) -> str:
        """``fast_evaluate(facts)``; with ``cells`` (each fact's place in a row of text cells, every fact placed)
        ``fast_cells(cells)``, which reads the row's cells as ``fast_evaluate`` reads the dict of those cells
        and returns ``(total, grade, scores)`` (in indicator order) instead of a result: what a row shows."""
        emit = self.out.emit
        names = list(self.program.checked.facts)
        if cells is not None:
            emit(0, "def fast_cells(cells):")
        else:
            emit(0, "def fast_evaluate(facts):")
            emit(1, "if facts.__class__ is not dict:")
            emit(2, "return None")
            if any(spec.default is not MISSING for spec in self.schema.specs.values()):
                emit(1, "get = facts.get")
        # Facts are converted under the caller's decimal context, as FactSchema.convert does.
        emit(1, "saved = _getcontext()")
        if needs_wide_context(self.schema):
            emit(1, f"if saved.prec < {SAFE_DIGITS}: return None")
        emit(1, "try:")
        with self._indented():
            emit(1, "defaulted = False")
            if cells is not None:  # every fact a non-empty text cell: no default, no other key to check
                emit_cell_fetch(self.out, cells, self.local)
                for name in names:
                    emit_cell(self.out, self.schema.specs[name], self.local[name])
        if cells is None:
            self._fetch_facts(names)
        emit(1, f"except {_FALLBACK_ERRORS}:")
        emit(2, "return None")
        self._score(cells)
        return "\n".join(self.out.lines) + "\n"

    def _fetch_facts(self, names: list[str]) -> None:
        emit, const = self.out.emit, self.out.constant
        with self._indented():
            emit_fetch(self.out, self.schema, self.local)
            for name in names:
                emit_fact(self.out, self.schema.specs[name], self.local[name])
            emit(1, f"if {NOT_APPLICABLE_KEY!r} in facts:")
            emit(2, f"marked = facts[{NOT_APPLICABLE_KEY!r}]")
            emit(2, "if marked or marked.__class__ not in (list, tuple): raise _Fallback")
            # Every declared fact was present and none defaulted: the same count means no unknown keys.
            emit(1, f"if defaulted or len(facts) != {len(names)}:")
            emit(2, "for key in facts:")
            # `id` is the project's, as for FactSchema (a declared fact named `id` is in `names`).
            emit(3, f"if key not in {const(frozenset([*names, ID_KEY]))} and key != {NOT_APPLICABLE_KEY!r} and not (")
            emit(4, "isinstance(key, str) and key.startswith('$')")
            emit(3, "): raise _Fallback")

    def _score(self, cells: Mapping[str, int] | None) -> None:
        program, emit, const = self.program, self.out.emit, self.out.constant
        names = list(self.program.checked.facts)
        # Scoring runs under the evaluation context; setcontext is a third of the cost of localcontext.
        emit(1, "_setcontext(_CONTEXT)")
        emit(1, "try:")
        for let in program.checked.rubric.lets:
            emit(2, f"{self.local[let.name]} = {self.expr(let.expr)}")
        scores: dict[int, str] = {}
        details: list[str] = []
        for plan in program.indicators:
            scores[plan.index] = f"_s{plan.index}"
            details.append(f"_x{plan.index}" if _has_detail(plan.info.node.rule) else "None")
            self.indicator(plan, scores[plan.index], details[-1])
        total = self.section(program.root, scores, root=True)
        if program.total_rounding is not None:
            quantum, mode = program.total_rounding
            rounded = self.out.temp()
            emit(2, f"{rounded} = {total}.quantize({const(quantum)}, rounding={const(mode)})")
            emit(2, f"if {rounded} != {total}: raise _Fallback")  # a rounding step the result must show
            total = rounded  # equal, but with the quantum's exponent: 7.0, not 7.00
        for position, (threshold, grade, strict) in enumerate(program.grades):
            emit(2, f"{'if' if position == 0 else 'elif'} {total} {'>' if strict else '>='} {const(threshold)}:")
            emit(3, f"grade = {const(grade)}")
        emit(2, "else:")
        emit(3, f"grade = {const(program.grade_otherwise)}")
        emit(1, f"except {_FALLBACK_ERRORS}:")
        emit(2, "return None")
        emit(1, "finally:")
        emit(2, "_setcontext(saved)")
        if cells is not None:  # a batch row: the total, the grade and the scores in indicator order, no result
            emit(1, f"return {total}, grade, {_tuple_source([scores[plan.index] for plan in program.indicators])}")
            return
        ids = ", ".join(f"{plan.info.node.id!r}: {scores[plan.index]}" for plan in program.indicators)
        # What the explanation needs, recorded as scored: each rule's detail, every fact and derived value.
        recorded = _tuple_source(details)
        values = _tuple_source(
            [self.local[name] for name in names] + [self.local[let.name] for let in program.checked.rubric.lets]
        )
        raws = "None"
        if program.indicator_rounding is not None:
            raws = _tuple_source([f"_r{plan.index}" for plan in program.indicators])
        emit(1, f"return _finish({{{ids}}}, {total}, grade, {recorded}, {values}, {raws})")

    @contextmanager
    def _indented(self) -> Iterator[None]:
        start = len(self.out.lines)
        yield
        self.out.lines[start:] = ["    " + line for line in self.out.lines[start:]]


_CHECKLIST_TABLE_ITEMS = 8  # 256 precomputed sums at most
_CHAIN_LINKS = 100  # branches of one if/elif chain, terms of one sum: far below the compiler's recursion limit


def _checklist_table(
    points: list[Decimal], total: Decimal = Decimal(0), position: int = 0, met: tuple[int, ...] = ()
) -> Any:
    """Nested pairs: table[c0][c1]… is (the sum the closure evaluator reaches, added in the same order, the
    indices of the items satisfied)."""
    if position == len(points):
        return (total, met)
    with decimal.localcontext(CONTEXT):
        added = total + points[position]
    return (
        _checklist_table(points, total, position + 1, met),
        _checklist_table(points, added, position + 1, (*met, position)),
    )


def _has_detail(rule: n.Rule) -> bool:
    """Whether the closure rule returns a detail other than None."""
    return not isinstance(rule, (n.JudgedRule, n.FormulaRule))


def _tuple_source(items: list[str]) -> str:
    return f"({', '.join(items)},)" if items else "()"


def _always_in_range(rule: n.Rule, points: Decimal) -> bool:
    """True when the checked rule can only produce scores in [0, points]: the E307 test can be left out."""

    def within(value: Decimal) -> bool:
        return 0 <= value <= points

    def literal_outcomes(outcomes: Sequence[n.Outcome | None]) -> bool:
        return all(
            (outcome is None and within(Decimal(0))) or (isinstance(outcome, n.Literal) and within(outcome.value))
            for outcome in outcomes
        )

    match rule:
        case n.ScoreRule():
            return literal_outcomes([*(band.outcome for band in rule.bands), rule.otherwise])
        case n.WhenRule():
            return literal_outcomes([*(branch.outcome for branch in rule.branches), rule.otherwise])
        case n.ChecklistRule():
            values = [approximate_points(item.points) for item in rule.items]
            return all(value >= 0 for value in values) and exact_sum(values) <= points
        case n.DeductRule():
            # base − rate × units with units > 0, floored at 0: never above base when rate >= 0 and step > 0.
            step_positive = rule.step is None or rule.step.value > 0
            return within(rule.base.value) and rule.rate.value >= 0 and step_positive
        case n.LevelsRule():
            shares = [
                scaled(points, share.share.value) if share.share.kind is n.LiteralKind.PERCENT else share.share.value
                for share in rule.shares
            ]
            return all(within(share) for share in shares)
        case n.JudgedRule():
            return True  # E304 already bounds the value to [0, points]
        case _:
            return False


def generate_source(
    program: Program, schema: FactSchema, finish: Finish, cells: Mapping[str, int] | None = None
) -> tuple[str, dict[str, Any]]:
    """The generated source and the namespace it runs in (for tests and for reading what was generated)."""
    generator = _Generator(program, schema)
    generator.out.namespace["_finish"] = finish
    return generator.generate(cells), generator.out.namespace


def compile_cells_path(program: Program, schema: FactSchema, cells: Mapping[str, int]) -> CellsFn | None:
    """:func:`compile_fast_path` for rows of text cells (``cells``: each fact's place in the row), returning
    what a row shows instead of a result."""
    function: CellsFn | None = _compile(program, schema, _no_result, cells)
    return function


def _no_result(*recorded: Any) -> None:
    raise AssertionError("the row function returns its row's values, it builds no result")


def compile_fast_path(program: Program, schema: FactSchema, finish: Finish) -> FastFn | None:
    """The generated evaluator, or None when this rubric has no clean case it can take (see _compile)."""
    function: FastFn | None = _compile(program, schema, finish, None)
    return function


def _compile(program: Program, schema: FactSchema, finish: Finish, cells: Mapping[str, int] | None) -> Any:
    """The generated evaluator, or None when this rubric has no clean case it can take.

    The function returns ``finish(...)`` for a fact set it scored and ``None`` for one the closure evaluator
    must take.

    A rubric whose indicator points do not add up to its full score always rescales: a visible step, so
    every fact set goes to the closure evaluator.
    """
    if not program.covers:
        return None  # v2 constructs: the IR interpreter scores every fact set (evaluate/reference.py)
    applicable = exact_sum(plan.points for plan in program.indicators)
    if applicable != program.root.points:
        return None
    source, namespace = generate_source(program, schema, finish, cells)
    code = compile(source, "<rubricdsl fast path>", "exec")
    exec(code, namespace)  # the source is built above from the checked AST only
    return namespace["fast_evaluate" if cells is None else "fast_cells"]
