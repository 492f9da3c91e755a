"""Which rubrics the v1 closures (:class:`~rubricdsl.evaluate.program.Program`) and the fast path cover.

Both were written for language v1, one ``match`` per rule form.  The IR interpreter is the evaluator of
record (``CompiledRubric.evaluate_closures``); ``Program`` survives as the differential reference for v1 and as
the source of the explainer's plans, and the fast path (``evaluate/codegen.py``) is generated from it.  A rubric
that uses anything v1 did not have — a rule form added in ``forms/`` since, a function beyond ``min``, ``max``,
``abs`` and ``round``, a date (a ``date`` fact or a date literal), or a section-level construct — is scored by the IR alone: ``Program`` still builds its
plans, but its rule functions refuse to run, and no fast path is generated (the "proven fallback": the IR
interpreter, tested against the generated IR bodies in tests/ir/test_codegen.py).

A v2 construct that the closures cannot take must make :func:`covers` false; one that they take exactly may
leave it true.  ``tests/evaluate/test_reference.py`` holds this: every shipped v1 rubric is covered, and a
rubric with each registered v2 form is not.
"""

from __future__ import annotations

from collections.abc import Iterator

from rubricdsl.semantics.check import CheckedRubric, rule_expressions
from rubricdsl.syntax import nodes as n

V1_RULES: frozenset[type] = frozenset(
    {
        n.ScoreRule,
        n.WhenRule,
        n.DeductRule,
        n.ChecklistRule,
        n.ProportionalRule,
        n.LevelsRule,
        n.JudgedRule,
        n.FormulaRule,
    }
)
V2_FACT_KINDS = frozenset({n.FactKind.TEXT, n.FactKind.LIST})  # list and text facts (issue 11)
V1_FUNCTIONS: frozenset[str] = frozenset({"min", "max", "abs", "round"})
V1_EXPRESSIONS: frozenset[type] = frozenset(
    {n.Literal, n.StringLit, n.BoolLit, n.Name, n.Negate, n.Not, n.Binary, n.Call}
)


def covers(checked: CheckedRubric) -> bool:
    """Whether every rule and expression of ``checked`` is one the v1 closures and fast path implement."""
    rubric = checked.rubric
    if rubric.assertions:
        return False  # the fast path's clean results have no fact problems to report a violation in
    if _acts_on_sections(rubric):
        return False
    if any(decl.type.kind in V2_FACT_KINDS or decl.record for decl in checked.facts.values()):
        # the fast path's inline conversion reads numbers, yes/no and levels only, and records no `record` fact
        return False
    if any(decl.type.kind is n.FactKind.DATE for decl in rubric.facts):
        return False  # v1's fact conversion (evaluate/fastfacts.py) knows no dates
    exprs: list[n.Expr] = [let.expr for let in rubric.lets]
    for info in checked.indicators:
        rule = info.node.rule
        if type(rule) not in V1_RULES or not _plain_outcomes(rule):
            return False
        exprs.extend(rule_expressions(rule))
    exprs.extend(veto.condition for veto in _vetoes(rubric.children, rubric.vetoes))
    return all(_v1_expression(expr) for expr in exprs)


def _acts_on_sections(rubric: n.Rubric) -> bool:
    """Issue 10's section-level constructs, which v1 sums cannot take: a penalty or bonus (v1 would add its
    score to its section like any indicator's), a not-applicable policy other than the rescale, an
    ``uncapped`` header, a grade cap."""
    if rubric.grade_caps or rubric.uncapped:
        return True
    stack: list[n.Section | n.Rubric] = [rubric]
    while stack:
        node = stack.pop()
        if any(policy.target != n.RESCALE for policy in node.na_policies) or node.uncapped:
            return True
        for child in node.children:
            if isinstance(child, n.Section):
                stack.append(child)
            elif child.adjusts:
                return True
    return False


def _plain_outcomes(rule: n.Rule) -> bool:
    """v1 ``when`` and ``score`` outcomes are expressions; a nested rule (v2) is not.  v1 checklist points are
    decimals; exact points (``10/3``) sum only in the IR, divided once at the end."""
    if isinstance(rule, n.ChecklistRule):
        return all(isinstance(item.points, n.Literal) for item in rule.items)
    if isinstance(rule, n.WhenRule):
        outcomes: list[object] = [branch.outcome for branch in rule.branches] + [rule.otherwise]
        return all(outcome is None or type(outcome) in V1_EXPRESSIONS for outcome in outcomes)
    return True


def _vetoes(children: tuple[n.Section | n.Indicator, ...], top: tuple[n.Veto, ...]) -> Iterator[n.Veto]:
    yield from top
    for child in children:
        if isinstance(child, n.Section):
            yield from _vetoes(child.children, child.vetoes)


def _v1_expression(expr: n.Expr) -> bool:
    stack: list[object] = [expr]
    while stack:
        item = stack.pop()
        if type(item) not in V1_EXPRESSIONS:
            return False
        match item:
            case n.Binary():
                stack += [item.left, item.right]
            case n.Negate() | n.Not():
                stack.append(item.operand)
            case n.Call():
                if item.function not in V1_FUNCTIONS:
                    return False
                stack.extend(item.args)
            case n.Literal() if item.kind is n.LiteralKind.DATE:
                return False
            case _:
                pass
    return True
