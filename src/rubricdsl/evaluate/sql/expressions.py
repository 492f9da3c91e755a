"""One translation per IR node: an expression as (its SQL value, its SQL failure code).

A node compiles to a value — a :class:`~.numbers.Num` (an exact rational), a :class:`Bool`, a :class:`Text`, or
``None`` for a node that never gives one (a ``Fail``) — and an *error*: a SQL integer giving the code that
stops the unit (1 for "not applicable", a missing optional fact; 301/303 for a missing or invalid one; 302,
304, 306, 307, or a derived value's own cause: ``E302`` is 302), NULL when the unit goes on; ``None`` when the
node cannot fail.  Errors are combined in the IR's evaluation order, so the code is the one the interpreter
reports: left to right, the divisor before the dividend, and ``And``/``Or``/``Select`` only as far as they
evaluate.  The value is meaningful only where the error is NULL.

A keyed :class:`~rubricdsl.ir.nodes.Select` also yields its arm column (``CASE WHEN … THEN 0 … END``) and the
condition under which it was evaluated, so the query can return the branch that fired under the trace key
the explanations read (``arm``, ``item3``, ``rule1.arm``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

from rubricdsl.diagnostics import messages
from rubricdsl.evaluate.sql import codes
from rubricdsl.evaluate.sql.numbers import Arithmetic, Num
from rubricdsl.ir import nodes as ir

_CMP = {
    ir.CmpOp.GE: ">=",
    ir.CmpOp.GT: ">",
    ir.CmpOp.LE: "<=",
    ir.CmpOp.LT: "<",
    ir.CmpOp.EQ: "=",
    ir.CmpOp.NE: "<>",
}


@dataclass(frozen=True, slots=True)
class Bool:
    sql: str


@dataclass(frozen=True, slots=True)
class Text:
    sql: str


@dataclass(frozen=True, slots=True)
class Items:
    """A list fact's value (:mod:`.lists`): ``sql`` its column, NULL where the list is missing or invalid."""

    sql: str
    fact: ir.Input


Value = Num | Bool | Text | Items | None
Compiled = tuple[Value, str | None]


class Unsupported(Exception):
    """An IR node the SQL back end cannot express exactly; ``words`` name it in both languages, from the
    catalogue's ``SQL_WORDS`` entry ``node.<key>`` (a stage writes no prose)."""

    def __init__(self, key: str, **args: object) -> None:
        self.words = messages.sql_words(f"node.{key}", **args)
        super().__init__(self.words.en)
        self.node = self.words.en


class UnknownNode(Unsupported):
    """An IR node (or fact kind) this generator has no translation for — one added to the IR after it: refused
    by name (S618) rather than guessed at, until the generator learns it."""


@dataclass(slots=True)
class TraceColumn:
    path: str  # the trace key, dotted under nested rules: "arm", "rule1.arm"
    arm: str  # SQL: the arm that fired
    reached: tuple[str, ...]  # SQL conditions under which the Select was evaluated (all hold)
    # SQL BOOLEAN: a Select of one arm (a checklist item, a `when`) took it; None when it has more arms.
    fired: str | None = None


@dataclass(slots=True)
class Unit:
    """What compiling one unit (a derived value, an indicator, the total) records besides its value."""

    traces: list[TraceColumn] = field(default_factory=list)
    rescale_empty: str | None = None  # SQL: nothing was applicable (E305), when the unit holds a Rescale


NOT_APPLICABLE = 1  # the error "not applicable": an optional fact is absent


def code_sql(code: str) -> str:
    """An error code as the integer the query carries (``E302`` → 302): integers, not text, because an error
    is computed for every node of every indicator and DuckDB's strings cost an allocation each."""
    try:
        return codes.evaluation_code(code)
    except codes.UnknownCode as unknown:
        raise Unsupported(unknown.key, **unknown.details) from None


def first_error(*errors: str | None) -> str | None:
    """The first non-NULL of ``errors``, in order."""
    found = [error for error in errors if error is not None]
    if not found:
        return None
    return found[0] if len(found) == 1 else f"COALESCE({', '.join(found)})"


class ExpressionCompiler:
    def __init__(
        self,
        arithmetic: Arithmetic,
        env: dict[str, Compiled],
        failures: codes.FailureCodes | None = None,
        proved: frozenset[int] = frozenset(),
    ) -> None:
        self.item: dict[str, tuple[Compiled, Compiled]] = {}  # inside an aggregate: the item's fields
        self.proved = proved  # the id() of the guards the interval analysis proves cannot fire (see .proofs)
        self.math = arithmetic
        self.sql = arithmetic.sql
        self.env = env  # facts and derived values: their value and the error reading them gives
        self.failures = failures  # the fact problems a Fail may carry (derived values, indicators): see .codes

    def _code(self, fail: ir.Fail) -> str:
        if self.failures is None:
            return code_sql(fail.code)
        try:
            return self.failures.integer(fail)
        except codes.UnknownCode as unknown:
            raise Unsupported(unknown.key, **unknown.details) from None

    def unit(self, node: ir.Expr, frame: dict[str, Value] | None = None) -> tuple[Compiled, Unit]:
        record = Unit()
        return self._expr(node, dict(frame or {}), "", (), record), record

    def _num(self, value: Value, node: ir.Expr) -> Num:
        if not isinstance(value, Num):
            raise Unsupported("over-non-number", name=type(node).__name__)
        return value

    def _bool(self, value: Value, node: ir.Expr) -> str:
        if isinstance(value, Bool):
            return value.sql
        if value is None:
            return "NULL"
        raise Unsupported("as-condition", name=type(node).__name__)

    def _expr(
        self, node: ir.Expr, frame: dict[str, Value], path: str, reached: tuple[str, ...], unit: Unit
    ) -> Compiled:
        math, sql = self.math, self.sql

        def sub(child: ir.Expr, inner: dict[str, Value] = frame, at: tuple[str, ...] = reached) -> Compiled:
            return self._expr(child, inner, path, at, unit)

        match node:
            case ir.Const(value=bool() as flag):
                return Bool("TRUE" if flag else "FALSE"), None
            case ir.Const(value=str() as word):
                return Text(sql.text(word)), None
            case ir.Const():
                return math.const(Fraction(node.value)), None
            case ir.Ref():
                if node.name not in self.env:
                    raise Unsupported("unread-ref", name=node.name)
                return self.env[node.name]
            case ir.Var():
                return frame[node.key], None
            case ir.Let():
                value, error = sub(node.value)
                body, body_error = sub(node.body, {**frame, node.key: value})
                return body, first_error(error, body_error)
            case ir.Neg() | ir.Abs():
                operand, error = sub(node.operand)
                number = self._num(operand, node)
                return (math.neg(number) if isinstance(node, ir.Neg) else math.abs(number)), error
            case ir.Not():
                operand, error = sub(node.operand)
                return Bool(f"(NOT {self._bool(operand, node)})"), error
            case ir.Arith():
                (left, left_error), (right, right_error) = sub(node.left), sub(node.right)
                a, b = self._num(left, node), self._num(right, node)
                if node.op is ir.ArithOp.MUL:
                    result = math.mul(a, b)
                else:
                    result = math.add(a, b, subtract=node.op is ir.ArithOp.SUB)
                return result, first_error(left_error, right_error)
            case ir.Div():
                divisor, divisor_error = sub(node.divisor)
                dividend, dividend_error = sub(node.dividend)
                b = self._num(divisor, node)
                code = code_sql("E308") if node.failure is None else self._code(node.failure)
                zero = None if b.value is not None and b.value != 0 else f"(CASE WHEN {b.n} = 0 THEN {code} END)"
                return math.div(self._num(dividend, node), b), first_error(divisor_error, zero, dividend_error)
            case ir.Cmp():
                (left, left_error), (right, right_error) = sub(node.left), sub(node.right)
                return Bool(self._compare(left, _CMP[node.op], right, node)), first_error(left_error, right_error)
            case ir.And() | ir.Or():
                (left, left_error), (right, right_error) = sub(node.left), sub(node.right)
                first, second = self._bool(left, node), self._bool(right, node)
                word = "AND" if isinstance(node, ir.And) else "OR"
                combined = left_error
                if right_error is not None:  # the right side fails only where it is evaluated
                    stops = f"NOT {first}" if word == "AND" else first
                    earlier = left_error or "NULL"
                    combined = f"(CASE WHEN {earlier} IS NOT NULL THEN {earlier} WHEN {stops} THEN NULL ELSE {right_error} END)"
                return Bool(f"({first} {word} {second})"), combined
            case ir.Min() | ir.Max():
                compiled = [sub(arg) for arg in node.args]
                numbers = [self._num(value, node) for value, _ in compiled]
                beats = "<" if isinstance(node, ir.Min) else ">"
                best = numbers[0]
                for number in numbers[1:]:  # of equal extremes the first stays, as the interpreter keeps it
                    chosen = math.choose([(math.compare(number, beats, best), number)], best)
                    assert chosen is not None
                    best = chosen
                return best, first_error(*(error for _, error in compiled))
            case ir.Clamp():
                (value, error), (low, low_error), (high, high_error) = sub(node.value), sub(node.low), sub(node.high)
                v, lo, hi = self._num(value, node), self._num(low, node), self._num(high, node)
                arms: list[tuple[str, Num | None]] = [(math.compare(v, "<", lo), lo), (math.compare(v, ">", hi), hi)]
                return math.choose(arms, v), first_error(error, low_error, high_error)
            case ir.Floor() | ir.Ceil():
                operand, error = sub(node.operand)
                number = self._num(operand, node)
                return (math.floor(number) if isinstance(node, ir.Floor) else math.ceil(number)), error
            case ir.Round():
                operand, error = sub(node.operand)
                return math.round(self._num(operand, node), node.places, node.mode), error
            case ir.Sum():
                total = math.const(Fraction(0))
                errors = []
                for term in node.terms:
                    value, error = sub(term)
                    total = math.add(total, self._num(value, node))
                    errors.append(error)
                return total, first_error(*errors)
            case ir.Count():
                compiled = [sub(condition) for condition in node.conditions]
                ones = " + ".join(f"(CASE WHEN {self._bool(value, node)} THEN 1 ELSE 0 END)" for value, _ in compiled)
                count = math.integer(ones or "0", len(compiled), nonneg=True)
                return count, first_error(*(error for _, error in compiled))
            case ir.Select():
                return self._select(node, frame, path, reached, unit)
            case ir.Scope():
                return self._expr(node.body, {}, f"{path}{node.key}.", reached, unit)
            case ir.Guard():
                value, error = sub(node.value)
                number = self._num(value, node)
                if number.nonneg and node.low <= 0 and number.bound <= Fraction(node.high):
                    return number, error  # proved inside [low, high]: the guard cannot fire (a checklist, bands)
                widest = max(abs(Fraction(node.low)), abs(Fraction(node.high)))
                if id(node) in self.proved:
                    # Proved inside [low, high] wherever its operand does not fail (.proofs), so bounded as if
                    # held; NULL where the operand fails, as the test would have held a value read from failed
                    # facts (never read, but computed: it must not overflow the narrower bound).
                    nmax = min(number.nmax, -(-widest.numerator * number.dmax // widest.denominator))
                    valid = number.n if error is None else sql.where_valid(f"{error} IS NULL", number.n)
                    nonneg = number.nonneg or node.low >= 0
                    proved = replace(number, n=valid, nmax=nmax, vmax=min(number.bound, widest), nonneg=nonneg)
                    return proved, error
                low, high = math.const(Fraction(node.low)), math.const(Fraction(node.high))
                inside = f"({math.compare(low, '<=', number)} AND {math.compare(number, '<=', high)})"
                out = f"(CASE WHEN NOT {inside} THEN {self._code(node.failure)} END)"
                # Where the guard fails the value is never read; holding it to [low, high] there too bounds
                # every later integer by the points, not by the widest fact.
                held = math.choose([(inside, number)], low)
                assert held is not None
                nmax = min(held.nmax, -(-widest.numerator * held.dmax // widest.denominator))
                inside_bound = min(held.bound, widest)
                return replace(held, nmax=nmax, vmax=inside_bound), first_error(error, out)
            case ir.Fail():
                return None, self._code(node)
            case ir.Rescale():
                return self._rescale(node, frame, unit)
            case ir.Over():
                return self._over(node, frame, path, reached, unit)
            case ir.Item():
                field_read, field_given = self.item[node.name]
                return field_given if node.given else field_read
            case ir.WorkingDays():
                from rubricdsl.evaluate.sql import dates  # it reads this module's Unsupported

                (start, start_error), (end, end_error) = sub(node.start), sub(node.end)
                failure = codes.FACT_CODE_BASE + 461 if self.failures is None else self.failures.calendar_failure()
                count, outside = dates.working_days(sql, self._num(start, node), self._num(end, node), str(failure))
                return count, first_error(start_error, end_error, outside)
        raise UnknownNode("ir", name=type(node).__name__)

    def _over(
        self, node: ir.Over, frame: dict[str, Value], path: str, reached: tuple[str, ...], unit: Unit
    ) -> Compiled:
        from rubricdsl.evaluate.sql import lists  # it reads this module's values

        items = self._expr(node.items, frame, path, reached, unit)
        listed = items[0]
        if not isinstance(listed, Items):
            raise Unsupported("aggregate-non-list")
        outer = self.item

        def per_item(item: str) -> tuple[Compiled, Compiled]:
            self.item = lists.item_fields(self.math, listed.fact, item)
            try:
                test = (None, None) if node.where is None else self._expr(node.where, frame, path, reached, unit)
                value = (None, None) if node.value is None else self._expr(node.value, frame, path, reached, unit)
            finally:
                self.item = outer
            return test, value

        return lists.compile_over(node, items, per_item, self.math)

    def _compare(self, left: Value, op: str, right: Value, node: ir.Expr) -> str:
        if isinstance(left, Num) and isinstance(right, Num):
            return self.math.compare(left, op, right)
        if isinstance(left, (Text, Bool)) and type(left) is type(right) and op in ("=", "<>"):
            return f"({left.sql} {op} {right.sql})"
        raise Unsupported("compare-kinds", op=op, left=type(left).__name__, right=type(right).__name__)

    def _select(
        self, node: ir.Select, frame: dict[str, Value], path: str, reached: tuple[str, ...], unit: Unit
    ) -> Compiled:
        conditions: list[str] = []
        values: list[Value] = []
        errors: list[tuple[str | None, str, str | None]] = []  # per arm: condition's error, condition, value's error
        passed: list[str] = []
        # The trace is recorded before the arms are compiled, as the interpreter records the key before it
        # evaluates the chosen arm: a nested Select of the same key then comes later and wins (see .traces).
        trace = TraceColumn(f"{path}{node.key}", "", reached) if node.key is not None else None
        if trace is not None:
            unit.traces.append(trace)
        for arm in node.arms:
            condition, condition_error = self._expr(arm.condition, frame, path, (*reached, *passed), unit)
            test = self._bool(condition, node)
            value, value_error = self._expr(arm.value, frame, path, (*reached, *passed, test), unit)
            conditions.append(test)
            values.append(value)
            errors.append((condition_error, test, value_error))
            passed.append(f"NOT {test}")
        otherwise, otherwise_error = self._expr(node.otherwise, frame, path, (*reached, *passed), unit)
        if trace is not None:
            whens = " ".join(f"WHEN {test} THEN {position}" for position, test in enumerate(conditions))
            trace.arm = f"(CASE {whens} ELSE {node.otherwise_arm} END)" if whens else str(node.otherwise_arm)
            if len(conditions) == 1:  # two outcomes: written as a BOOLEAN, which costs a Parquet writer least
                trace.fired = f"COALESCE({conditions[0]}, FALSE)"
        error = None
        if any(e is not None for e in (otherwise_error, *(c for c, _, _ in errors), *(v for _, _, v in errors))):
            parts: list[tuple[str, str]] = []
            for condition_error, test, value_error in errors:
                if condition_error is not None:
                    parts.append((f"{condition_error} IS NOT NULL", condition_error))
                parts.append((test, value_error or "NULL"))
            error = _first_match(parts, otherwise_error or "NULL")
        return self._choose(list(zip(conditions, values, strict=True)), otherwise, node), error

    def _choose(self, arms: list[tuple[str, Value]], otherwise: Value, node: ir.Expr) -> Value:
        given = [value for _, value in arms if value is not None] + ([otherwise] if otherwise is not None else [])
        if not given:
            return None
        if all(isinstance(value, Num) for value in given):
            numbers = [(test, value if isinstance(value, Num) else None) for test, value in arms]
            return self.math.choose(numbers, otherwise if isinstance(otherwise, Num) else None)
        kinds = {type(value) for value in given}
        if len(kinds) > 1:
            raise Unsupported("select-mixed", kinds=", ".join(sorted(k.__name__ for k in kinds)))
        whens = " ".join(f"WHEN {test} THEN {_plain(value)}" for test, value in arms)
        chosen = f"(CASE {whens} ELSE {_plain(otherwise)} END)" if whens else _plain(otherwise)
        return Bool(chosen) if kinds == {Bool} else Text(chosen)

    def _rescale(self, node: ir.Rescale, frame: dict[str, Value], unit: Unit) -> Compiled:
        (score, score_error), (applicable, applicable_error) = (
            self._expr(node.score, frame, "", (), unit),
            self._expr(node.applicable, frame, "", (), unit),
        )
        raw, points = self._num(score, node), self._num(applicable, node)
        math = self.math
        full, zero = math.const(Fraction(node.full)), math.const(Fraction(0))
        empty = math.compare(points, "=", zero)
        unit.rescale_empty = empty
        rescaled = math.div(math.mul(raw, full), points)
        value = math.choose([(math.compare(points, "=", full), raw), (empty, zero)], rescaled)
        return value, first_error(score_error, applicable_error)


def _first_match(arms: list[tuple[str, str]], otherwise: str) -> str:
    """``CASE WHEN test THEN value … ELSE otherwise END``, without the trailing arms that give NULL when the
    ELSE does too: a `when` rule over facts that cannot fail but by being absent then has the facts' own error
    as its error, not a CASE around it (which DuckDB plans and evaluates as one)."""
    while otherwise == "NULL" and arms and arms[-1][1] == "NULL":
        arms = arms[:-1]
    if not arms:
        return otherwise
    if otherwise == "NULL" and len(arms) == 1 and arms[0][0] == f"{arms[0][1]} IS NOT NULL":
        return arms[0][1]
    whens = " ".join(f"WHEN {test} THEN {value}" for test, value in arms)
    return f"(CASE {whens} ELSE {otherwise} END)"


def _plain(value: Value) -> str:
    """A bool's or a text's SQL; NULL for a branch with no value."""
    if isinstance(value, (Bool, Text)):
        return value.sql
    return "NULL"
