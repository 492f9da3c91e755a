"""Reason sentences read from IR traces: each indicator's form explains its own trace.

This is the explainer's migration target: the same sentences as :class:`rubricdsl.results.explain.Explainer`
(tests/ir/test_differential.py compares them on every indicator), but prepared by the rule forms
(:func:`rubricdsl.forms.explain_rule`) and read from the trace, so a new form — or a rule nested in a `when`
branch — is explained without touching the explainer.
"""

from __future__ import annotations

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.program import NOT_APPLICABLE, SCORED
from rubricdsl.forms import ExplainCtx, Sentence, explain_rule, is_rule
from rubricdsl.ir.interpret import IRRun
from rubricdsl.results.display import display_kinds, number_text
from rubricdsl.semantics.check import CheckedRubric


class TraceReasons:
    """Prepares every indicator's sentence once; :meth:`reason` reads one evaluation's record."""

    def __init__(self, checked: CheckedRubric, rules: dict[str, object] | None = None) -> None:
        labels = {name: decl.label or name for name, decl in checked.facts.items()}
        labels.update({name: let.label or name for name, let in checked.lets.items()})
        self.ctx = ExplainCtx(checked.source, display_kinds(checked), labels, explain_rule, is_rule)
        chosen = rules or {}
        self.sentences: tuple[Sentence, ...] = tuple(
            explain_rule(chosen.get(info.node.id, info.node.rule), self.ctx) for info in checked.indicators
        )

    def reason(self, run: IRRun, index: int) -> Text:
        status = run.status[index]
        if status != SCORED:
            if status == NOT_APPLICABLE:
                absent = run.na_reasons.get(index)
                if absent:
                    return Text(
                        f"not applicable: optional fact `{absent}` is absent", f"不适用：可选事实 `{absent}` 未提供"
                    )
                return Text("marked not applicable in the facts", "事实中标记为不适用")
            return run.errors[index].message
        score, raw, trace = run.scores[index], run.raw_scores[index], run.traces[index]
        assert score is not None and raw is not None and trace is not None
        text = self.sentences[index](trace, raw, run.env)
        if score != raw:
            rounded = number_text(score)
            text = Text(f"{text.en}; rounded to {rounded}", f"{text.zh}；修约为 {rounded}")
        return text
