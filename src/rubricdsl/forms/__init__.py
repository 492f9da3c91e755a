"""Rule forms as units: each module lowers one form to the scoring IR; the registry finds it by node type.

A new form is one module here (``FORM = Form(name, node_type, lower, explain, detail, trace_of)``), one entry
in ``_MODULES`` and a grammar rule; no back end changes, because back ends read only :mod:`rubricdsl.ir.nodes`.
"""

from __future__ import annotations

from rubricdsl.forms import checklist, deduct, formula, judged, judged_within, levels, proportional, score, when
from rubricdsl.forms.base import ExplainCtx, Form, LowerCtx, Sentence
from rubricdsl.ir import nodes as ir

_MODULES = (score, when, deduct, checklist, proportional, levels, judged, formula, judged_within)
REGISTRY: dict[type, Form] = {module.FORM.node: module.FORM for module in _MODULES}


def form_of(rule: object) -> Form:
    try:
        return REGISTRY[type(rule)]
    except KeyError:
        raise TypeError(f"no rule form is registered for {type(rule).__name__}") from None


def is_rule(value: object) -> bool:
    return type(value) in REGISTRY


def lower_rule(rule: object, ctx: LowerCtx) -> ir.Expr:
    """Lower ``rule`` by its form; nested rules (a `when` branch's outcome) come back here through ``ctx``."""
    return form_of(rule).lower(rule, ctx)


def fact_problem_codes() -> frozenset[str]:
    """Every registered form's failure codes that are fact problems (:attr:`Form.fact_problem_codes`)."""
    return frozenset().union(*(form.fact_problem_codes for form in REGISTRY.values()))


def explain_rule(rule: object, ctx: ExplainCtx) -> Sentence:
    """Prepare ``rule``'s sentence by its form; nested rules come back here through ``ctx``."""
    return form_of(rule).explain(rule, ctx)


__all__ = [
    "REGISTRY",
    "ExplainCtx",
    "Form",
    "LowerCtx",
    "Sentence",
    "explain_rule",
    "fact_problem_codes",
    "form_of",
    "is_rule",
    "lower_rule",
]
