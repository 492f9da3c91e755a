"""The per-indicator texts an explanation shows, prepared once per rubric: which band, branch or level fired
(its source text and line) and the reason, read from each evaluation's trace.  Used by
:class:`rubricdsl.results.explain.Explainer` when it builds an indicator's :class:`IndicatorStatic`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rubricdsl.diagnostics import Text
from rubricdsl.evaluate.program import NOT_APPLICABLE, SCORED
from rubricdsl.forms import ExplainCtx, Sentence, explain_rule
from rubricdsl.forms.score import NO_BAND
from rubricdsl.ir.reasons import not_applicable_reason
from rubricdsl.reading.source import SourceFile, Span
from rubricdsl.results.clean import TracesOfDetails
from rubricdsl.results.display import number_text
from rubricdsl.results.lists import with_items
from rubricdsl.results.model import ExplainedRun
from rubricdsl.results.reasons import else_span, names_shown
from rubricdsl.results.section_steps import capped_sentence
from rubricdsl.semantics.check import CheckedRubric, rule_expressions
from rubricdsl.syntax import nodes as n

Trace = Mapping[str, Any]


def _place(source: SourceFile, span: Span | None, fired_else: bool = False) -> tuple[str | None, int | None]:
    """The branch text (``else …`` for an else that fired) and its line, as the explanation shows them."""
    if span is None:
        return None, None
    branch = " ".join(source.snippet(span).split())
    return (f"else {branch}" if fired_else else branch), source.position(span.start).line


def branch_of(source: SourceFile, rule: n.Rule) -> Callable[[str, Trace | None], tuple[str | None, int | None]]:
    """The band, branch or level the trace's ``arm`` names (its source text and line)."""
    whole = _place(source, rule.span)
    table: dict[Any, tuple[str | None, int | None]] = {}
    match rule:
        case n.ScoreRule():
            table[NO_BAND] = whole
            for position, band in enumerate(rule.bands):
                table[position] = _place(source, band.span)
            table[len(rule.bands)] = _place(source, else_span(rule.otherwise), fired_else=True)
        case n.WhenRule():
            table[NO_BAND] = whole
            for position, branch in enumerate(rule.branches):
                table[position] = _place(source, branch.span)
            table[len(rule.branches)] = _place(source, else_span(rule.otherwise), fired_else=True)
        case n.LevelsRule():
            for position, share in enumerate(rule.shares):
                table[position] = _place(source, share.span)
    nothing: tuple[str | None, int | None] = (None, None)
    if not table:

        def fixed(status: str, trace: Trace | None) -> tuple[str | None, int | None]:
            return whole if status == SCORED else nothing

        return fixed
    lookup = table.get

    def decided(status: str, trace: Trace | None) -> tuple[str | None, int | None]:
        return lookup(trace["arm"], whole) if status == SCORED and trace is not None else nothing

    return decided


def reason_of(
    rule: n.Rule,
    ctx: ExplainCtx,
    checked: CheckedRubric,
    *,
    lets: tuple[str, ...] = (),
    kind: n.IndicatorKind = n.IndicatorKind.INDICATOR,
    memo_limit: int = 16,
) -> Callable[[ExplainedRun, int], Text]:
    """An indicator's reason: its form's sentence read from the evaluation's trace (with the list items that
    decided, and capped for a penalty or bonus), or why it was not scored; equal inputs share one Text, up to
    ``memo_limit`` of them."""
    scored: Sentence = explain_rule(rule, ctx)
    if ctx.statements.lists.lists:  # a rubric with list facts: name the items that decided
        read = [checked.lets[name].expr for name in lets]
        scored = with_items(scored, ctx.statements.lists.decided([*read, *rule_expressions(rule)]))
    if kind is not n.IndicatorKind.INDICATOR:
        scored = capped_sentence(scored, kind)
    shown = names_shown(rule)
    # A scored reason is a function of the trace, the score before and after rounding and the values it
    # reads, all compared by value (the display is exact, and what a reason computes it computes in the
    # evaluator's own context): equal inputs share one Text.
    memo: dict[tuple[Any, ...], Text] = {}
    limit = memo_limit
    single = shown[0] if len(shown) == 1 else None

    def reason(run: ExplainedRun, index: int) -> Text:
        status = run.status[index]
        if status != SCORED:
            if status == NOT_APPLICABLE:
                return not_applicable_reason(run.na_reasons.get(index))
            return run.errors[index].message
        score = run.scores[index]
        raw = run.raw_scores[index]
        assert score is not None and raw is not None
        traces = run.traces
        key: tuple[Any, ...] | None
        # What the trace records: a record's own detail when it carries details (read as a trace only when
        # the text is not shared yet), else the trace's items.
        trace = None
        if traces.__class__ is TracesOfDetails:
            recorded: Any = traces.detail(index)
        else:
            trace = traces[index]
            assert trace is not None
            recorded = tuple(trace.items())
        if single is not None:
            key = (recorded, raw, score, run.env.get(single))
        elif shown:
            env = run.env
            key = (recorded, raw, score, *[env.get(name) for name in shown])
        else:
            key = (recorded, raw, score)
        try:
            found = memo.get(key)
        except TypeError:  # an unhashable value (a nested rule's frame): not shared
            found = key = None
        if found is not None:
            return found
        if trace is None:
            trace = traces[index]
            assert trace is not None
        text = scored(trace, raw, run.env)
        if score != raw:
            rounded = number_text(score)
            text = Text(f"{text.en}; rounded to {rounded}", f"{text.zh}；修约为 {rounded}")
        if key is not None:
            if len(memo) >= limit:
                memo.clear()
            memo[key] = text
        return text

    return reason
