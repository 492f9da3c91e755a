"""Reason sentences read straight from an IR run's traces: each indicator's form explains its own trace.

The explainer reads the same sentences (:func:`rubricdsl.forms.explain_rule`) through its result rows;
this reads them from an :class:`IRRun` alone, with rules the grammar cannot write yet put in place of an
indicator's own (a rule nested in a `when` branch), so tests/ir/test_differential.py can hold the IR run's
reasons equal to the explainer's and tests/forms/test_when.py can read a nested rule's sentence.
"""

from __future__ import annotations

from typing import cast

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.program import NOT_APPLICABLE, SCORED
from rubricdsl.forms import ExplainCtx, Sentence, explain_rule, is_rule
from rubricdsl.ir.interpret import IRRun
from rubricdsl.results.display import display_kinds, number_text
from rubricdsl.results.statements import Statements, compared_with, rubric_bounds
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n


class TraceReasons:
    """Prepares every indicator's sentence once; :meth:`reason` reads one evaluation's record."""

    def __init__(self, checked: CheckedRubric, rules: dict[str, object] | None = None) -> None:
        labels = {name: decl.label or name for name, decl in checked.facts.items()}
        labels.update({name: let.label or name for name, let in checked.lets.items()})
        chosen = rules or {}
        indicator_rules = [chosen.get(info.node.id, info.node.rule) for info in checked.indicators]
        # As the explainer states values: each name told apart from every threshold it meets in the rubric.
        bounds = rubric_bounds(compared_with(cast("n.Rule", rule)) for rule in indicator_rules)
        statements = Statements(checked, labels, display_kinds(checked), bounds)
        self.ctx = ExplainCtx(checked.source, statements, explain_rule, is_rule)
        self.sentences: tuple[Sentence, ...] = tuple(explain_rule(rule, self.ctx) for rule in indicator_rules)

    def reason(self, run: IRRun, index: int) -> Text:
        status = run.status[index]
        if status != SCORED:
            if status == NOT_APPLICABLE:
                return not_applicable_reason(run.na_reasons.get(index))
            return run.errors[index].message
        score, raw, trace = run.scores[index], run.raw_scores[index], run.traces[index]
        assert score is not None and raw is not None and trace is not None
        text = self.sentences[index](trace, raw, run.env)
        if score != raw:
            rounded = number_text(score)
            text = Text(f"{text.en}; rounded to {rounded}", f"{text.zh}；修约为 {rounded}")
        return text


def not_applicable_reason(absent: str | None) -> Text:
    """Why an indicator was not applicable: the optional fact that is absent, or the facts' own mark."""
    if absent:
        return Text(f"not applicable: optional fact `{absent}` is absent", f"不适用：可选事实 `{absent}` 未提供")
    return Text("marked not applicable in the facts", "事实中标记为不适用")
