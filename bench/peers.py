"""The engines a user would pick instead, each given the seed table's 21 scores as its own rules.

The rules are written once, below, as Python expressions over the facts (the same arithmetic and band order
as the rubric), and translated into each engine's language: GoRules ZEN expressions, rule-engine, CEL and
JsonLogic.  Every peer is optional: one that is not installed is reported as such, never faked.
"""

from __future__ import annotations

import ast
import decimal
from collections.abc import Callable
from decimal import Decimal
from typing import Any

_CHECKLISTS = {
    "goal_content": (("goal_set", 5), ("goal_specific", 3), ("goal_quantified", 3), ("goal_realistic", 3),
                     ("goal_linked_to_plan", 3), ("goal_has_timeline", 3)),
    "allocation_method": (("has_fund_rules", 1), ("fund_rules_sound", 1), ("allocation_factors_reasonable", 1)),
    "allocation_result": (("allocation_follows_rules", 2), ("allocation_fair", 2)),
    "organization": (("organization_sound", 2),),
    "execution": (("started_on_schedule", 1), ("progressed_on_schedule", 1), ("completed_on_schedule", 1)),
    "management_rules": (("mgmt_rules_sound", 1), ("mgmt_rules_enforced", 1)),
}  # fmt: skip
_WHEN = {
    "application": ("open_application", 1),
    "review": ("strict_review", 1),
    "publication": ("result_published", 1),
    "separate_ledger": ("separate_accounting", 5),
    "purpose_clear": ("spending_purpose_clear", 2),
    "approval_sound": ("approval_process_sound", 1),
    "monitoring": ("monitoring_in_place", 1),
    "inspection": ("inspection_done", 1),
    "procurement": ("procurement_compliant", 1),
}
_BUDGET_RATE = "(budget_spent / budget_planned)"
_ADMIN_OVER = "(admin_expense / budget_spent - 0.05)"
_ADMIN_LEFT = f"(2.0 - 0.25 * ({_ADMIN_OVER} / 0.01))"
_MISSING = "(12.0 - activities)"


def formulas() -> dict[str, str]:
    """Indicator id → Python expression; numbers written as decimals so every peer reads them as such."""
    found: dict[str, str] = {}
    for ident, items in _CHECKLISTS.items():
        found[ident] = " + ".join(f"({fact} and {points}.0 or 0.0)" for fact, points in items)
    for ident, (fact, points) in _WHEN.items():
        found[ident] = f"({points}.0 if {fact} else 0.0)"
    found.update(
        budget_completion=f"(5.0 if {_BUDGET_RATE} >= 0.9 else (3.0 if {_BUDGET_RATE} >= 0.8 else "
        f"(2.0 if {_BUDGET_RATE} >= 0.7 else (1.0 if {_BUDGET_RATE} >= 0.6 else 0.0))))",
        admin_expense_rate=f"(2.0 if {_ADMIN_OVER} <= 0.0 else ({_ADMIN_LEFT} if {_ADMIN_LEFT} > 0.0 else 0.0))",
        earmarking="(5.0 if project_spent / budget_spent == 1.0 else 0.0)",
        public_activities=f"(15.0 if {_MISSING} <= 0.0 else (15.0 - {_MISSING} if 15.0 - {_MISSING} > 0.0 else 0.0))",
        enterprises_reached="(15.0 if enterprises_served >= 120.0 else 0.0)",
        satisfaction_rate="(10.0 if satisfaction >= 0.95 else 0.0)",
    )
    return found


# ---- translation: Python expression → ternary text (ZEN, rule-engine, CEL) or JsonLogic --------------------
_COMPARE = {ast.GtE: ">=", ast.Gt: ">", ast.LtE: "<=", ast.Lt: "<", ast.Eq: "=="}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _and_or(node: ast.BoolOp) -> tuple[ast.expr, ast.expr, ast.expr]:
    """``(fact and N or 0.0)`` — the checklist item idiom — as (condition, then, else)."""
    assert isinstance(node.op, ast.Or) and isinstance(node.values[0], ast.BoolOp)
    condition, then = node.values[0].values
    return condition, then, node.values[1]


def to_ternary(text: str) -> str:
    def walk(node: ast.expr) -> str:
        match node:
            case ast.IfExp():
                return f"({walk(node.test)} ? {walk(node.body)} : {walk(node.orelse)})"
            case ast.BoolOp():
                condition, then, otherwise = _and_or(node)
                return f"({walk(condition)} ? {walk(then)} : {walk(otherwise)})"
            case ast.Compare():
                return f"({walk(node.left)} {_COMPARE[type(node.ops[0])]} {walk(node.comparators[0])})"
            case ast.BinOp():
                return f"({walk(node.left)} {_ARITH[type(node.op)]} {walk(node.right)})"
            case ast.Name():
                return node.id
            case ast.Constant():
                return repr(node.value)
        raise ValueError(ast.dump(node))

    return walk(ast.parse(text, mode="eval").body)


def to_jsonlogic(text: str) -> Any:
    def walk(node: ast.expr) -> Any:
        match node:
            case ast.IfExp():
                return {"if": [walk(node.test), walk(node.body), walk(node.orelse)]}
            case ast.BoolOp():
                condition, then, otherwise = _and_or(node)
                return {"if": [walk(condition), walk(then), walk(otherwise)]}
            case ast.Compare():
                return {_COMPARE[type(node.ops[0])]: [walk(node.left), walk(node.comparators[0])]}
            case ast.BinOp():
                return {_ARITH[type(node.op)]: [walk(node.left), walk(node.right)]}
            case ast.Name():
                return {"var": f"/{node.id}"}
            case ast.Constant():
                return Decimal(repr(node.value))  # exact literals: Decimal data compares exactly with them
        raise ValueError(ast.dump(node))

    return walk(ast.parse(text, mode="eval").body)


# ---- adapters: name → (input style, build() → score function, exactness note) --------------------------------
Scorer = Callable[[dict[str, Any]], dict[str, Any]]
EXACT_CONTEXT = decimal.Context(prec=50)


def _zen() -> Scorer:
    import zen

    body = ", ".join(f"{ident}: {to_ternary(text)}" for ident, text in formulas().items())
    expression = zen.compile_expression("{" + body + "}")
    return expression.evaluate  # type: ignore[no-any-return]


def _rule_engine() -> Scorer:
    import rule_engine

    body = ", ".join(f'"{ident}": {to_ternary(text)}' for ident, text in formulas().items())
    rule = rule_engine.Rule("{" + body + "}")

    def score(facts: dict[str, Any]) -> dict[str, Any]:
        with decimal.localcontext(EXACT_CONTEXT):  # rule-engine computes in Decimal under the current context
            return rule.evaluate(facts)  # type: ignore[no-any-return]

    return score


def _cel() -> Scorer:
    import celpy

    body = ", ".join(f'"{ident}": {to_ternary(text)}' for ident, text in formulas().items())
    environment = celpy.Environment()
    program = environment.program(environment.compile("{" + body + "}"))

    def score(facts: dict[str, Any]) -> dict[str, Any]:
        # CEL has no implicit int → double: every number goes in as a double.
        data = {key: value if isinstance(value, bool) else float(value) for key, value in facts.items()}
        result = program.evaluate(celpy.json_to_cel(data))
        return {str(key): float(value) for key, value in result.items()}

    return score


def _jsonlogic() -> Scorer:
    from jsonlogic import JSONLogicExpression
    from jsonlogic.evaluation import evaluate
    from jsonlogic.operators import operator_registry

    trees = {
        ident: JSONLogicExpression.from_json(to_jsonlogic(text)).as_operator_tree(operator_registry)
        for ident, text in formulas().items()
    }

    def score(facts: dict[str, Any]) -> dict[str, Any]:
        # Python arithmetic on the data: ints would divide into floats, so numbers go in as Decimals.
        data = {key: Decimal(value) if value.__class__ is int else value for key, value in facts.items()}
        with decimal.localcontext(EXACT_CONTEXT):
            return {ident: evaluate(tree, data, None) for ident, tree in trees.items()}

    return score


PEERS: dict[str, tuple[str, Callable[[], Scorer], str]] = {
    "GoRules zen-engine": (
        "json-float",
        _zen,
        "numbers cross the binding as JSON doubles and come back as floats: not exact",
    ),
    "rule-engine": (
        "decimal",
        _rule_engine,
        "Decimal arithmetic, but pro-rata deductions come out at 28 significant digits even under a 50-digit context",
    ),
    "cel-python": ("json-float", _cel, "CEL doubles: not exact"),
    "python-jsonlogic": (
        "decimal",
        _jsonlogic,
        "Decimal data and Decimal literals, Python arithmetic under a 50-digit context: exact",
    ),
}
PACKAGES = {
    "GoRules zen-engine": "zen-engine",
    "rule-engine": "rule-engine",
    "cel-python": "cel-python",
    "python-jsonlogic": "python-jsonlogic",
}
