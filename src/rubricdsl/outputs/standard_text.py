"""评价标准 in words for an indicator whose rubric gives no ``standard`` text: one sentence per rule form,
in the register of the tables (``预算完成率≥90%，计5分；…；其他情况计0分``).  Thresholds and values are the
rubric's own text (``90%`` stays ``90%``); names read as their Chinese labels."""

from __future__ import annotations

from rubricdsl.compiled import CompiledRubric
from rubricdsl.forms import form_of
from rubricdsl.syntax import nodes as n

_OPS = {n.Op.GE: "≥", n.Op.GT: ">", n.Op.LE: "≤", n.Op.LT: "<", n.Op.EQ: "为", n.Op.NE: "不为"}
_MODES = {
    n.StepMode.PRO_RATA: "（按比例）",
    n.StepMode.WHOLE_STEPS: "（满一档扣一次）",
    n.StepMode.STARTED_STEPS: "（不足一档按一档）",
}


def standard_text(compiled: CompiledRubric, indicator: n.Indicator) -> str:
    return _rule_text(_Words(compiled), indicator.rule, indicator.points)


def _rule_text(words: _Words, rule: n.Rule, points_literal: n.Literal) -> str:
    points = words.literal(points_literal)
    if isinstance(rule, n.ScoreRule):
        subject = words.expr(rule.subject)
        parts = [
            f"{subject if index == 0 else ''}{words.test(band.test)}，计{words.expr(band.outcome)}分"
            for index, band in enumerate(rule.bands)
        ]
        if rule.otherwise is not None:
            parts.append(f"其他情况计{words.expr(rule.otherwise)}分")
        return "；".join(parts)
    if isinstance(rule, n.WhenRule):
        if len(rule.branches) == 1 and isinstance(rule.branches[0].condition, n.Name) and rule.otherwise is not None:
            branch = rule.branches[0]
            yes, no = _scored(words, branch.outcome, points_literal), _scored(words, rule.otherwise, points_literal)
            return f"{words.expr(branch.condition)}：是，{yes}；否，{no}"
        parts = [
            f"{words.expr(branch.condition)}，{_scored(words, branch.outcome, points_literal)}"
            for branch in rule.branches
        ]
        if rule.otherwise is not None:
            parts.append(f"否则{_scored(words, rule.otherwise, points_literal)}")
        return "；".join(parts)
    if isinstance(rule, n.DeductRule):
        subject = words.expr(rule.subject)
        threshold = words.literal(rule.threshold)
        step = words.literal(rule.step) if rule.step is not None else "1"
        if rule.above:
            text = f"{subject}≤{threshold}，计{words.literal(rule.base)}分；每高出{step}扣{words.literal(rule.rate)}分"
        else:
            text = f"{subject}≥{threshold}，计{words.literal(rule.base)}分；每少{step}扣{words.literal(rule.rate)}分"
        text += _MODES.get(rule.mode, "") if rule.mode is not None else ""
        if rule.cap is not None:
            text += f"，最多扣{words.literal(rule.cap)}分"
        return text + "，扣完为止"
    if isinstance(rule, n.ChecklistRule):
        return "；".join(
            f"{item.label or words.expr(item.condition)}（{_item_points(words, item.points)}分）" for item in rule.items
        )
    if isinstance(rule, n.ProportionalRule):
        ratio = (
            f"{words.expr(rule.target)}/{words.expr(rule.achieved)}"
            if rule.lower_is_better
            else f"{words.expr(rule.achieved)}/{words.expr(rule.target)}"
        )
        return f"按{ratio}的比例计分，最高{points}分"
    if isinstance(rule, n.LevelsRule):
        shares = "；".join(f"{share.level}计{_share(words.literal(share.share), share.share)}" for share in rule.shares)
        return f"{words.expr(rule.subject)}：{shares}"
    if isinstance(rule, n.JudgedRule):
        return f"由评价人员评议打分（0–{points}分）"
    if isinstance(rule, n.FormulaRule):
        return f"按公式计分：{words.snippet(rule)}"
    form = form_of(rule)
    if form.standard is None:
        raise TypeError(f"the {form.name} form has no 评价标准 sentence")
    return form.standard(rule, words, points_literal)


def _scored(words: _Words, outcome: n.Outcome, points: n.Literal) -> str:
    """``计10分``; a nested rule's own sentence in parentheses (its parts are joined by `；` too)."""
    nested, expr = n.outcome_rule(outcome), n.outcome_expr(outcome)
    if nested is not None:
        return f"按以下标准计分（{_rule_text(words, nested, points)}）"
    return f"计{'' if expr is None else words.expr(expr)}分"


def _share(text: str, literal: n.Literal) -> str:
    return f"满分的{text}" if literal.kind is n.LiteralKind.PERCENT else f"{text}分"


class _Words:
    def __init__(self, compiled: CompiledRubric) -> None:
        checked = compiled.checked
        self.source = checked.source
        self.labels = {name: decl.label or name for name, decl in checked.facts.items()}
        self.labels.update({name: decl.label or name for name, decl in checked.lets.items()})

    def snippet(self, node: n.Expr | n.Literal | n.Rule) -> str:
        return " ".join(self.source.snippet(node.span).split())

    def literal(self, node: n.Literal) -> str:
        return self.snippet(node)

    def expr(self, node: n.Expr) -> str:
        if isinstance(node, n.Name):
            return self.labels.get(node.ident, node.ident)
        if isinstance(node, n.Not) and isinstance(node.operand, n.Name):
            return f"未{self.labels.get(node.operand.ident, node.operand.ident)}"
        return self.snippet(node)

    def test(self, test: n.Compare | n.Interval) -> str:
        if isinstance(test, n.Compare):
            return f"{_OPS[test.op]}{self.literal(test.threshold)}"
        low = f"{self.literal(test.low)}{'（含）' if test.low_inclusive else '以上（不含）'}"
        high = f"{self.literal(test.high)}{'（含）' if test.high_inclusive else '（不含）'}"
        return f"{low}至{high}"

    def rule(self, rule: object, points: n.Literal) -> str:
        return _rule_text(self, rule, points)  # type: ignore[arg-type]  # a nested rule of any registered form


def _item_points(words: _Words, points: n.Literal | n.Ratio) -> str:
    """A checklist item's points as written: a literal in the tables' register, exact thirds as `10/3`."""
    return points.text if isinstance(points, n.Ratio) else words.literal(points)
