"""Turn a run record into explanations: which band fired, on which values, and why, in both languages.

Everything that is the same in every evaluation — ids, labels, paths, rule names, the source text and line of
every band and branch, the labels and display kinds of the values read — is prepared once per rubric
(:class:`IndicatorStatic`, :class:`SectionStatic`).  Explaining one evaluation then builds one small object
per indicator and section over that evaluation's record (the closure evaluator's ``Run`` or the fast path's
:class:`CleanRun`); reason texts and values read are formatted when first read.
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, cast, overload

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.evaluate.program import (
    CONTEXT,
    NOT_APPLICABLE,
    SCORED,
    IndicatorPlan,
    Program,
    Run,
    SectionPlan,
)
from rubricdsl.evaluate.rules import NO_BAND, DeductDetail
from rubricdsl.reading.source import Span
from rubricdsl.results.model import (
    ExplainedRun,
    IndicatorResult,
    IndicatorStatic,
    SectionResult,
    SectionStatic,
    Step,
    ValueRead,
)
from rubricdsl.semantics.check import CheckedRubric
from rubricdsl.syntax import nodes as n

_HUNDRED = Decimal(100)
_SIX_PLACES = Decimal("0.000001")
_TWO_PLACES = Decimal("0.01")
_DISPLAY = decimal.Context(prec=200)  # wide enough that shortening a value for display never fails
_WAN = Decimal(10000)
_MEMO_ENTRIES = 65536  # reason texts kept for reuse per rubric (a few tens of MB at most), shared by its indicators
_ZERO = Decimal(0)
_RULE_NAMES = {
    n.ScoreRule: "score",
    n.WhenRule: "when",
    n.DeductRule: "deduct",
    n.ChecklistRule: "checklist",
    n.ProportionalRule: "proportional",
    n.LevelsRule: "levels",
    n.JudgedRule: "judged",
    n.FormulaRule: "formula",
}


def number_text(value: Decimal) -> str:
    """Exact short text of a Decimal: 5, 0.375, 98.75; long expansions (1/3) are cut at 6 places with ≈."""
    text = format(value, "f")  # `format` is exact; no context rounding here
    if "." not in text:
        return text
    text = text.rstrip("0").rstrip(".")  # a whole number written with places (5.00) reads 5
    if len(text.partition(".")[2]) > 6:
        rounded = format(value.quantize(_SIX_PLACES, context=_DISPLAY), "f").rstrip("0").rstrip(".")
        return "≈" + rounded
    return text


def percent_text(share: Decimal) -> str:
    """A share as a percent, to two decimals when it has more: 0.93023… → ≈93.02%."""
    value = share * _HUNDRED
    exact = number_text(value)
    if exact.startswith("≈") or len(exact.partition(".")[2]) > 2:
        return "≈" + format(value.quantize(_TWO_PLACES, context=_DISPLAY), "f").rstrip("0").rstrip(".") + "%"
    return exact + "%"


def display_kinds(checked: CheckedRubric) -> dict[str, str]:
    """How each name's value reads: derived ratios compared with percent thresholds read as percents."""
    kinds = {name: found.kind for name, found in checked.types.items()}
    for name, decl in checked.facts.items():
        if decl.type.money_unit == "万元":
            kinds[name] = "money_wan"
    for info in checked.indicators:
        rule = info.node.rule
        if isinstance(rule, (n.ScoreRule, n.DeductRule)) and isinstance(rule.subject, n.Name):
            literals = _rule_literals(rule)
            all_percent = literals and all(lit.kind is n.LiteralKind.PERCENT for lit in literals)
            if all_percent and kinds.get(rule.subject.ident) == "number":
                kinds[rule.subject.ident] = "percent"
    return kinds


def _rule_literals(rule: n.ScoreRule | n.DeductRule) -> list[n.Literal]:
    if isinstance(rule, n.DeductRule):
        return [rule.threshold]
    found: list[n.Literal] = []
    for band in rule.bands:
        found.extend([band.test.threshold] if isinstance(band.test, n.Compare) else [band.test.low, band.test.high])
    return [lit for lit in found if lit.value != 0]


def show(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if kind == "percent":
            return percent_text(value)
        if kind == "money_wan":
            return number_text(value / _WAN) + "万元"
        if kind == "money":
            return number_text(value) + "元"
        return number_text(value)
    return str(value)


class CleanRun:
    """The record of a fast-path evaluation, in the shape the explanation reads (see ``ExplainedRun``).

    Every indicator scored and none failed; the values of the facts and derived values become a mapping only
    when a reason or the values read are asked for.
    """

    __slots__ = ("_env", "_values", "details", "raw_scores", "scores")
    status: tuple[str, ...]  # every indicator scored: shared, on the per-rubric subclass
    env_names: tuple[str, ...]  # the names of the recorded values, on the per-rubric subclass
    errors: Mapping[int, Diagnostic] = MappingProxyType({})
    na_reasons: Mapping[int, str] = MappingProxyType({})

    def __init__(
        self,
        scores: tuple[Decimal, ...],
        raw_scores: tuple[Decimal, ...],
        details: tuple[Any, ...],
        values: tuple[Any, ...],
    ) -> None:
        self.scores = scores
        self.raw_scores = raw_scores
        self.details = details
        self._values = values

    @property
    def env(self) -> Mapping[str, Any]:
        try:
            return self._env
        except AttributeError:
            self._env: dict[str, Any] = dict(zip(self.env_names, self._values, strict=True))
            return self._env


class _CleanSections(Sequence[tuple[Decimal, Decimal, None]]):
    """Every section's (applicable points, score, veto) of a fast-path result, summed on first access."""

    __slots__ = ("_explainer", "_scores", "_values")

    def __init__(self, explainer: Explainer, scores: Mapping[str, Decimal | None]) -> None:
        self._explainer = explainer
        self._scores = scores
        self._values: list[tuple[Decimal, Decimal, None]] | None = None

    @overload
    def __getitem__(self, index: int) -> tuple[Decimal, Decimal, None]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[Decimal, Decimal, None]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        values = self._values
        if values is None:
            values = self._values = self._explainer.clean_section_values(self._scores)
        return values[index]

    def __len__(self) -> int:
        return len(self._explainer._section_statics)


class Explainer:
    """Prepares once per rubric everything explanations share, and explains evaluations from their records."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.checked = program.checked
        self.source = program.checked.source
        self.kinds = display_kinds(self.checked)
        self.labels: dict[str, str] = {}
        for name, decl in self.checked.facts.items():
            self.labels[name] = decl.label or name
        for name, let in self.checked.lets.items():
            self.labels[name] = let.label or name
        self.section_labels: dict[str, str] = {}

        def collect(items: tuple[n.Section | n.Indicator, ...]) -> None:
            for item in items:
                self.section_labels[item.id] = item.label or item.id
                if isinstance(item, n.Section):
                    collect(item.children)

        collect(self.checked.rubric.children)
        self.statics = tuple(self._static(plan) for plan in self.program.indicators)
        self._section_statics: list[SectionStatic] = []
        self._section_order: list[SectionPlan] = []  # as listed: each section before what it contains
        self._prepare_sections(self.program.root, ())
        self._prepare_clean_sums()
        self._clean_run = type(
            "CleanRun",
            (CleanRun,),
            {
                "__slots__": (),
                "status": (SCORED,) * len(self.statics),
                # The order in which the generated fast path records values: facts, then derived values.
                "env_names": (*self.checked.facts, *(let.name for let in self.checked.rubric.lets)),
            },
        )

    def explain(self, run: Run) -> tuple[tuple[IndicatorResult, ...], tuple[SectionResult, ...]]:
        """Explain a closure-evaluator run."""
        values: list[tuple[Decimal, Decimal, str | None]] = []
        for plan in self._section_order:
            score = run.sections[plan.id]
            vetoed = None
            if score.vetoed_by is not None:
                vetoed = score.vetoed_by.reason or self.source.snippet(score.vetoed_by.condition.span)
            values.append((score.applicable_points, score.score, vetoed))
        return self._indicators(run), tuple([SectionResult(static, values) for static in self._section_statics])

    # ---- fast-path results: explained from what the generated function recorded, nothing evaluated again ----
    def clean_indicators(
        self,
        scores: Mapping[str, Decimal | None],
        details: tuple[Any, ...],
        values: tuple[Any, ...],
        raw_scores: tuple[Decimal, ...] | None,
    ) -> tuple[IndicatorResult, ...]:
        listed = cast("tuple[Decimal, ...]", tuple(scores.values()))  # a clean result scored every indicator
        return self._indicators(self._clean_run(listed, listed if raw_scores is None else raw_scores, details, values))

    def clean_sections(self, scores: Mapping[str, Decimal | None]) -> tuple[SectionResult, ...]:
        """A clean result has every indicator scored and no veto fired: each section's applicable points are
        the same every time, and its score is the sum of its children's, added (on first access) as the
        closure evaluator adds."""
        values = _CleanSections(self, scores)
        new, cls = object.__new__, SectionResult
        sections = []
        for static in self._section_statics:
            section = new(cls)
            section._static = static
            section._values = values
            sections.append(section)
        return tuple(sections)

    def clean_section_values(self, scores: Mapping[str, Decimal | None]) -> list[tuple[Decimal, Decimal, None]]:
        sums: list[Any] = [*scores.values(), *self._no_sums]
        saved = decimal.getcontext()
        decimal.setcontext(self._context)  # a third of the cost of localcontext
        try:
            for target, children in self._sum_plan:
                sums[target] = sum(children(sums), _ZERO)
        finally:
            decimal.setcontext(saved)
        return [(applicable, sums[position], None) for applicable, position in self._clean_positions]

    def _indicators(self, run: ExplainedRun) -> tuple[IndicatorResult, ...]:
        new, cls = object.__new__, IndicatorResult
        out = []
        for static in self.statics:
            item = new(cls)
            item._static = static
            item._run = run
            out.append(item)
        return tuple(out)

    def _prepare_clean_sums(self) -> None:
        """Positions 0… hold the indicator scores, then one per section (the rubric last): ``_sum_plan`` adds
        children into their section innermost first."""
        count = len(self.program.indicators)
        position: dict[str, int] = {}
        plan_out: list[tuple[int, tuple[int, ...]]] = []
        applicable: dict[str, Decimal] = {}

        def walk(plan: SectionPlan) -> int:
            children = []
            points = _ZERO
            for child in plan.children:
                if isinstance(child, IndicatorPlan):
                    children.append(child.index)
                    with decimal.localcontext(CONTEXT):
                        points += child.points
                else:
                    children.append(walk(child))
                    with decimal.localcontext(CONTEXT):
                        points += applicable[child.id]
            position[plan.id] = count + len(position)
            applicable[plan.id] = points
            plan_out.append((position[plan.id], tuple(children)))
            return position[plan.id]

        walk(self.program.root)
        self._sum_plan = tuple((target, _getter(children)) for target, children in plan_out)
        self._context = CONTEXT.copy()  # a private copy: setcontext installs the object, flags and all
        self._no_sums = (None,) * len(position)
        self._clean_positions = tuple((applicable[plan.id], position[plan.id]) for plan in self._section_order)

    def steps(self, run: Run) -> tuple[Step, ...]:
        steps: list[Step] = []
        root = run.sections[self.program.root.id]
        for plan in self._vetoed(self.program.root, run):
            veto = run.sections[plan.id].vetoed_by
            assert veto is not None
            reason = veto.reason or " ".join(self.source.snippet(veto.condition.span).split())
            before = self._children_sum(plan, run)
            if plan is self.program.root:
                text = Text(f"veto: {reason} → total 0", f"否决：{reason} → 总分为 0")
            else:
                name = self.section_labels[plan.id]
                text = Text(
                    f"veto: {reason} → {name} 0 (was {number_text(before)})",
                    f"否决：{reason} → {name}得 0 分（原为 {number_text(before)} 分）",
                )
            steps.append(Step("veto", before, Decimal(0), text))
        if run.rescaled_total != run.raw_total or root.applicable_points != self.program.root.points:
            full, applicable = self.program.root.points, root.applicable_points
            steps.append(
                Step(
                    "rescale",
                    run.raw_total,
                    run.rescaled_total,
                    Text(
                        f"rescaled from {number_text(applicable)} applicable points to the full {number_text(full)}: "
                        f"{number_text(run.raw_total)} × {number_text(full)} / {number_text(applicable)} "
                        f"= {number_text(run.rescaled_total)}",
                        f"按 {number_text(applicable)} 分折算为{'百分制' if full == 100 else f'满分 {number_text(full)} 分'}："
                        f"{number_text(run.raw_total)} × {number_text(full)} ÷ {number_text(applicable)}"
                        f"（适用指标分值合计）= {number_text(run.rescaled_total)}",
                    ),
                )
            )
        if run.total != run.rescaled_total:
            steps.append(
                Step(
                    "rounding",
                    run.rescaled_total,
                    run.total,
                    Text(
                        f"total rounded: {number_text(run.rescaled_total)} → {number_text(run.total)}",
                        f"总分修约：{number_text(run.rescaled_total)} → {number_text(run.total)}",
                    ),
                )
            )
        return tuple(steps)

    def _vetoed(self, plan: SectionPlan, run: Run) -> list[SectionPlan]:
        """Sections (and the rubric) whose veto fired, innermost first, in the order they are written."""
        found: list[SectionPlan] = []
        for child in plan.children:
            if isinstance(child, SectionPlan):
                found += self._vetoed(child, run)
        if run.sections[plan.id].vetoed_by is not None:
            found.append(plan)
        return found

    def _children_sum(self, plan: SectionPlan, run: Run) -> Decimal:
        total = Decimal(0)
        for child in plan.children:
            if isinstance(child, SectionPlan):
                total += run.sections[child.id].score
            elif run.scores[child.index] is not None:
                total += run.scores[child.index]  # type: ignore[operator]
        return total

    # ---- sections -------------------------------------------------------------------------------------
    def _prepare_sections(self, plan: SectionPlan, path: tuple[str, ...]) -> None:
        for child in plan.children:
            if isinstance(child, SectionPlan):
                own = (*path, child.id)
                self._section_statics.append(
                    SectionStatic(
                        child.id,
                        self.section_labels[child.id],
                        own,
                        tuple(self.section_labels[p] for p in own),
                        child.points,
                        tuple(c.id if isinstance(c, SectionPlan) else c.info.node.id for c in child.children),
                        len(self._section_statics),
                    )
                )
                self._section_order.append(child)
                self._prepare_sections(child, own)

    # ---- indicators -----------------------------------------------------------------------------------
    def _static(self, plan: IndicatorPlan) -> IndicatorStatic:
        info = plan.info
        node = info.node
        path = (*info.path, node.id)
        return IndicatorStatic(
            id=node.id,
            label=node.label or node.id,
            path=path,
            path_labels=tuple(self.section_labels[p] for p in path),
            points=plan.points,
            standard=node.standard,
            rule=_RULE_NAMES[type(node.rule)],
            index=plan.index,
            reason=self._reason_of(node.rule),
            branch=self._branch_of(node.rule),
            reads=self._reads_of((*info.lets, *info.facts)),
        )

    def _reads_of(self, names: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[ValueRead, ...]]:
        named = tuple((name, self.labels[name], self.kinds.get(name, "")) for name in names)

        def reads(env: Mapping[str, Any]) -> tuple[ValueRead, ...]:
            return tuple(
                ValueRead(name, label, env.get(name), show(env.get(name), kind)) for name, label, kind in named
            )

        return reads

    def _place(self, span: Span | None, fired_else: bool = False) -> tuple[str | None, int | None]:
        """The branch text (``else …`` for an else that fired) and its line, as the explanation shows them."""
        if span is None:
            return None, None
        branch = " ".join(self.source.snippet(span).split())
        return (f"else {branch}" if fired_else else branch), self.source.position(span.start).line

    def _branch_of(self, rule: n.Rule) -> Callable[[str, Any], tuple[str | None, int | None]]:
        whole = self._place(rule.span)
        table: dict[Any, tuple[str | None, int | None]] = {}
        match rule:
            case n.ScoreRule():
                table[NO_BAND] = whole
                for position, band in enumerate(rule.bands):
                    table[position] = self._place(band.span)
                table[len(rule.bands)] = self._place(_else_span(rule.otherwise), fired_else=True)
            case n.WhenRule():
                table[NO_BAND] = whole
                for position, branch in enumerate(rule.branches):
                    table[position] = self._place(branch.span)
                table[len(rule.branches)] = self._place(_else_span(rule.otherwise), fired_else=True)
            case n.LevelsRule():
                for share in rule.shares:
                    table.setdefault(share.level, self._place(share.span))
        nothing: tuple[str | None, int | None] = (None, None)
        if not table:

            def fixed(status: str, detail: Any) -> tuple[str | None, int | None]:
                return whole if status == SCORED else nothing

            return fixed
        lookup = table.get

        def decided(status: str, detail: Any) -> tuple[str | None, int | None]:
            return lookup(detail, whole) if status == SCORED else nothing

        return decided

    def _reason_of(self, rule: n.Rule) -> Callable[[ExplainedRun, int], Text]:
        scored = self._rule_reason(rule)
        shown = self._names_shown(rule)
        # A scored reason is a function of the detail, the score before and after rounding and the values it
        # shows, all compared by value (number_text is exact): equal inputs share one Text.  Percents (×100)
        # and amounts in 万元 (÷10000) are computed in the caller's decimal context, so for reasons showing
        # them the context's precision and rounding are part of what must be equal.
        memo: dict[tuple[Any, ...], Text] = {}
        limit = max(16, _MEMO_ENTRIES // max(1, len(self.program.indicators)))
        contextual = isinstance(rule, n.ProportionalRule) or any(
            self.kinds.get(name) in ("percent", "money_wan") for name in shown
        )
        getcontext = decimal.getcontext
        single = shown[0] if len(shown) == 1 else None

        def reason(run: ExplainedRun, index: int) -> Text:
            status = run.status[index]
            if status != SCORED:
                if status == NOT_APPLICABLE:
                    absent = run.na_reasons.get(index)
                    if absent:
                        return Text(
                            f"not applicable: optional fact `{absent}` is absent",
                            f"不适用：可选事实 `{absent}` 未提供",
                        )
                    return Text("marked not applicable in the facts", "事实中标记为不适用")
                return run.errors[index].message
            score = run.scores[index]
            raw = run.raw_scores[index]
            assert score is not None and raw is not None
            detail = run.details[index]
            key: tuple[Any, ...] | None
            if single is not None:
                key = (detail, raw, score, run.env.get(single))
            elif shown:
                env = run.env
                key = (detail, raw, score, *[env.get(name) for name in shown])
            else:
                key = (detail, raw, score)
            if contextual:
                context = getcontext()
                key = (*key, context.prec, context.rounding)
            try:
                found = memo.get(key)
            except TypeError:  # an unhashable value: not shared
                found = key = None
            if found is not None:
                return found
            text = scored(detail, raw, run.env)
            if score != raw:
                rounded = number_text(score)
                text = Text(f"{text.en}; rounded to {rounded}", f"{text.zh}；修约为 {rounded}")
            if key is not None:
                if len(memo) >= limit:
                    memo.clear()
                memo[key] = text
            return text

        return reason

    def _names_shown(self, rule: n.Rule) -> tuple[str, ...]:
        """The names whose values a scored reason of this rule shows."""
        match rule:
            case n.ScoreRule() | n.DeductRule() | n.LevelsRule():
                exprs: list[n.Expr] = [rule.subject]
            case n.WhenRule():
                exprs = [branch.condition for branch in rule.branches]
            case n.ProportionalRule():
                exprs = [rule.achieved, rule.target]
            case _:
                exprs = []
        return tuple(dict.fromkeys(expr.ident for expr in exprs if isinstance(expr, n.Name)))

    def _value_of(self, expr: n.Expr) -> Callable[[Mapping[str, Any]], Text]:
        """``name = value`` in English, ``标签 = 值`` in Chinese; other expressions as written."""
        text = " ".join(self.source.snippet(expr.span).split())
        if isinstance(expr, n.Name):
            ident, kind = expr.ident, self.kinds.get(expr.ident, "")
            label = self.labels.get(ident, text)

            def value(env: Mapping[str, Any]) -> Text:
                shown = show(env.get(ident), kind)
                return Text(f"{text} = {shown}", f"{label} = {shown}")

            return value
        fixed = Text(expr.text, expr.text) if isinstance(expr, n.Literal) else Text(text, text)
        return lambda env: fixed

    def _rule_reason(self, rule: n.Rule) -> Callable[[Any, Decimal, Mapping[str, Any]], Text]:
        """``(detail, score, values) → reason`` for a scored indicator, with the rule's texts prepared."""
        match rule:
            case n.ScoreRule():
                return self._score_reason(rule)
            case n.WhenRule():
                return self._when_reason(rule)
            case n.DeductRule():
                return self._deduct_reason(rule)
            case n.ChecklistRule():
                return self._checklist_reason(rule)
            case n.ProportionalRule():
                return self._proportional_reason(rule)
            case n.LevelsRule():
                subject = self._value_of(rule.subject)

                def levels(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
                    value, points = subject(env), number_text(score)
                    return Text(f"{value.en} → {points}", f"{value.zh} → {points} 分")

                return levels
            case n.JudgedRule():
                return lambda detail, score, env: Text(
                    f"judged score {number_text(score)}", f"评议得分 {number_text(score)} 分"
                )
            case n.FormulaRule():
                return lambda detail, score, env: Text(
                    f"formula → {number_text(score)}", f"公式计算 → {number_text(score)} 分"
                )

    def _score_reason(self, rule: n.ScoreRule) -> Callable[[Any, Decimal, Mapping[str, Any]], Text]:
        subject = self._value_of(rule.subject)
        texts: dict[int, str] = {}
        for position, band in enumerate(rule.bands):
            texts[position] = self.source.snippet(band.span).strip()
        span = _else_span(rule.otherwise)
        texts[len(rule.bands)] = f"else {' '.join(self.source.snippet(span).split())}" if span is not None else "else"

        def score(detail: Any, value: Decimal, env: Mapping[str, Any]) -> Text:
            shown = subject(env)
            if detail == NO_BAND:
                return Text(f"{shown.en}: no band applies → 0", f"{shown.zh}：不在任何档位内 → 0 分")
            text = texts[detail]
            return Text(f"{shown.en} → `{text}`", f"{shown.zh} → `{text}`")

        return score

    def _when_reason(self, rule: n.WhenRule) -> Callable[[Any, Decimal, Mapping[str, Any]], Text]:
        conditions = [self._value_of(branch.condition) for branch in rule.branches]

        def when(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
            if detail == NO_BAND:
                return Text("no branch applies → 0", "所有条件均不成立 → 0 分")
            points = number_text(score)
            if detail < len(conditions):
                cond = conditions[detail](env)
                return Text(f"{cond.en} → {points}", f"{cond.zh} → {points} 分")
            return Text(f"no condition holds → else {points}", f"条件均不成立 → 否则 {points} 分")

        return when

    def _checklist_reason(self, rule: n.ChecklistRule) -> Callable[[Any, Decimal, Mapping[str, Any]], Text]:
        names = [
            f"{item.label or self.source.snippet(item.condition.span)}（{item.points.text}）" for item in rule.items
        ]
        count = len(names)

        def checklist(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
            met = "、".join([names[i] for i in detail]) or "—"
            unmet = "、".join([names[i] for i in range(count) if i not in detail]) or "—"
            points = number_text(score)
            return Text(f"met: {met}; not met: {unmet} → {points}", f"满足：{met}；未满足：{unmet} → {points} 分")

        return checklist

    def _proportional_reason(self, rule: n.ProportionalRule) -> Callable[[Any, Decimal, Mapping[str, Any]], Text]:
        achieved_of, target_of = self._value_of(rule.achieved), self._value_of(rule.target)
        how = "target / actual" if rule.lower_is_better else "actual / target"
        how_zh = "指标值 ÷ 实际值" if rule.lower_is_better else "实际值 ÷ 指标值"

        def proportional(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
            share, points = percent_text(detail), number_text(score)
            achieved, target = achieved_of(env), target_of(env)
            return Text(
                f"actual {achieved.en}, target {target.en}: {how} = {share} (at most 100%) → {points}",
                f"实际 {achieved.zh}，指标值 {target.zh}：{how_zh} = {share}（最高 100%）→ {points} 分",
            )

        return proportional

    def _deduct_reason(self, rule: n.DeductRule) -> Callable[[Any, Decimal, Mapping[str, Any]], Text]:
        subject = self._value_of(rule.subject)
        base, threshold = rule.base.text, rule.threshold.text
        side_en, side_zh = ("above", "超出") if rule.above else ("below", "低于")
        step = rule.step.text if rule.step is not None else "1"
        mode = (rule.mode or n.StepMode.PRO_RATA).value
        mode_zh = {"pro rata": "按比例", "whole steps": "按整档", "started steps": "不足一档按一档"}[mode]
        base_value = rule.base.value

        def deduct(detail: Any, score: Decimal, env: Mapping[str, Any]) -> Text:
            if detail.__class__ is tuple:  # as the fast path records it
                detail = DeductDetail(*detail)
            shown = subject(env)
            if detail.deduction == 0:
                return Text(
                    f"{shown.en}: not {side_en} {threshold} → no deduction, {number_text(score)}",
                    f"{shown.zh}：未{side_zh} {threshold} → 不扣分，得 {number_text(score)} 分",
                )
            floored = base_value - detail.deduction < 0
            floor_en = " (floored at 0)" if floored else ""
            floor_zh = "（扣完为止）" if floored else ""
            units, deduction, points = number_text(detail.units), number_text(detail.deduction), number_text(score)
            return Text(
                f"{shown.en}: {units} × {step} {side_en} {threshold} ({mode}) → "
                f"{base} − {deduction} = {points}{floor_en}",
                f"{shown.zh}：{side_zh} {threshold} 共 {units} 个 {step}（{mode_zh}）→ "
                f"{base} − {deduction} = {points}{floor_zh}",
            )

        return deduct


def _getter(positions: tuple[int, ...]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """``items → (items[p] for p in positions)`` as a tuple, one C call for two positions or more."""
    if len(positions) >= 2:
        return operator.itemgetter(*positions)
    return lambda items: tuple([items[position] for position in positions])


def _else_span(expr: n.Expr | None) -> Span | None:
    return expr.span if expr is not None else None
