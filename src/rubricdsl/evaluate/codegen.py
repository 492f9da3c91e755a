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

The rules' source (each indicator's statements) is emitted by :mod:`rubricdsl.evaluate.codegen_rules`; this
module emits the facts' conversion, the derived values, the sections, the total and the grade, and compiles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from rubricdsl.evaluate.codegen_rules import CHAIN_LINKS, COMPARE_SOURCE, RuleEmitter, has_detail
from rubricdsl.evaluate.fastfacts import (
    SAFE_DIGITS,
    SourceWriter,
    emit_cell,
    emit_cell_fetch,
    emit_fact,
    emit_fetch,
    needs_wide_context,
)
from rubricdsl.evaluate.program import IndicatorPlan, Program, SectionPlan
from rubricdsl.inputs.fact_specs import _MISSING as MISSING
from rubricdsl.inputs.facts import ID_KEY, NOT_APPLICABLE_KEY, FactSchema
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.numbers import exact_sum

# finish(scores by indicator id, total, grade, details, values, raw scores) → the result.  ``details`` holds each
# indicator's detail as the closure rules return it (a deduction's as a (value, units, deduction) tuple);
# ``values`` every fact and then every derived value, in declaration order; ``raw scores`` the scores before
# indicator rounding, or None when the rubric rounds no indicator.
Finish = Callable[[dict[str, Decimal], Decimal, str, tuple[Any, ...], tuple[Any, ...], tuple[Decimal, ...] | None], Any]
FastFn = Callable[[Mapping[str, Any]], Any]
# a row's text cells → (total, grade, scores in indicator order), or None
CellsFn = Callable[[list[str]], tuple[Decimal, str, tuple[Decimal, ...]] | None]

_ARITHMETIC_SOURCE = {n.Op.ADD: "+", n.Op.SUB: "-", n.Op.MUL: "*", n.Op.DIV: "/"}
_FALLBACK_ERRORS = "(_Fallback, ArithmeticError, LookupError, ValueError, TypeError)"


class _Generator(RuleEmitter):
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
                symbol = COMPARE_SOURCE.get(expr.op) or _ARITHMETIC_SOURCE[expr.op]
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
        # statements of CHAIN_LINKS terms: one expression of 5,000 `+` overflows the compiler's recursion.
        self.out.emit(2, f"{total} = {' + '.join(parts[:CHAIN_LINKS]) or '_ZERO'}")
        for start in range(CHAIN_LINKS, len(parts), CHAIN_LINKS):
            self.out.emit(2, f"{total} = {total} + {' + '.join(parts[start : start + CHAIN_LINKS])}")
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
            details.append(f"_x{plan.index}" if has_detail(plan.info.node.rule) else "None")
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


def _tuple_source(items: list[str]) -> str:
    return f"({', '.join(items)},)" if items else "()"


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
