"""The canonical layout of a rubric, built as a list of output lines that remember their AST node.

Each :class:`Line` knows the node it prints (``anchor``), so comments can be attached to nodes and placed
in the output next to the same node, wherever canonical ordering moves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from rubricdsl.format.expressions import expression, label, level
from rubricdsl.syntax import nodes as n

INDENT = "  "
MAX_WIDTH = 100


@dataclass(slots=True)
class Line:
    depth: int
    text: str
    anchor: object | None  # the node this line opens, or None for closing braces and blank lines


def _labelled(ident: str, text: str | None) -> str:
    return ident if text is None else f"{ident} {label(text)}"


def _band_test(test: n.Compare | n.Interval) -> str:
    if isinstance(test, n.Compare):
        return f"{test.op.value}{test.threshold.text}"
    opening = "[" if test.low_inclusive else "("
    closing = "]" if test.high_inclusive else ")"
    return f"{opening}{test.low.text}, {test.high.text}{closing}"


def rule_parts(rule: n.Rule) -> tuple[str, list[str]]:
    """The rule's head and its ``;``-separated parts (empty when the rule is one phrase)."""
    match rule:
        case n.ScoreRule():
            parts = [f"{_band_test(band.test)} -> {expression(band.outcome)}" for band in rule.bands]
            if rule.otherwise is not None:
                parts.append(f"else {expression(rule.otherwise)}")
            return f"score {expression(rule.subject)}:", parts
        case n.WhenRule():
            parts = [f"{expression(b.condition)} -> {expression(b.outcome)}" for b in rule.branches]
            if rule.otherwise is not None:
                parts.append(f"else {expression(rule.otherwise)}")
            return "when", parts
        case n.ChecklistRule():
            items = [
                f"{expression(item.condition)} -> {item.points.text}" + (f" {label(item.label)}" if item.label else "")
                for item in rule.items
            ]
            return "checklist:", items
        case n.LevelsRule():
            shares = [f"{level(share.level)} -> {share.share.text}" for share in rule.shares]
            return f"levels {expression(rule.subject)}:", shares
        case n.DeductRule():
            step = "missing" if rule.step is None else rule.step.text
            side = "above" if rule.above else "below"
            text = f"deduct {expression(rule.subject)}: base {rule.base.text}, -{rule.rate.text} per {step} {side} "
            text += rule.threshold.text
            if rule.mode is not None:
                text += f", {rule.mode.value}"
            if rule.cap is not None:
                text += f", cap {rule.cap.text}"
            return text, []
        case n.ProportionalRule():
            text = f"proportional {expression(rule.achieved)} against {expression(rule.target)}"
            return text + (" lower" if rule.lower_is_better else ""), []
        case n.JudgedRule():
            return f"judged {rule.fact.ident}", []
        case n.FormulaRule():
            return f"formula {expression(rule.expr)}", []


def _rule_lines(rule: n.Rule, depth: int) -> list[Line]:
    head, parts = rule_parts(rule)
    if not parts:
        return [Line(depth, head, rule)]
    one_line = head + " " + "; ".join(parts)
    if cell_len(INDENT * depth + one_line) <= MAX_WIDTH:  # display cells: a Chinese character is two
        return [Line(depth, one_line, rule)]
    lines = [Line(depth, head, rule)]
    for index, part in enumerate(parts):
        ending = ";" if index < len(parts) - 1 else ""
        lines.append(Line(depth + 1, part + ending, None))
    return lines


def _fact(decl: n.FactDecl) -> str:
    kind = decl.type.kind
    if kind is n.FactKind.ENUM:
        type_text = f"enum({', '.join(level(name) for name in decl.type.levels)})"
    elif kind is n.FactKind.MONEY:
        type_text = f"money {decl.type.money_unit or '元'}"
    else:
        type_text = kind.value
    options = [bound.text for bound in decl.bounds]
    if decl.optional:
        options.append("optional")
    if decl.absent is not None:
        options.append(f"absent: {decl.absent.value}")
    if decl.default is not None:
        default = decl.default
        if isinstance(default, n.Literal):
            options.append(f"default {default.text}")
        elif isinstance(default, n.BoolLit):
            options.append(f"default {'true' if default.value else 'false'}")
        else:
            options.append(f"default {level(default.value)}")
    if decl.record:
        options.append("record")
    return f"fact {_labelled(decl.name, decl.label)}: " + ", ".join([type_text, *options])


def _let_kind(let: n.LetDecl) -> str:
    return "" if let.kind is None else f": {let.kind.value}"


def _veto(veto: n.Veto) -> str:
    reason = f", {label(veto.reason)}" if veto.reason is not None else ""
    return f"veto when {expression(veto.condition)}{reason}"


def _tree(item: n.Section | n.Indicator, depth: int) -> list[Line]:
    head = f"{_labelled(item.id, item.label)} {item.points.text} {{"
    if isinstance(item, n.Indicator):
        lines = [Line(depth, f"indicator {head}", item)]
        if item.standard is not None:
            lines.append(Line(depth + 1, f"standard {label(item.standard)}", ("standard", item)))
        lines += _rule_lines(item.rule, depth + 1)
    else:
        lines = [Line(depth, f"section {head}", item)]
        for child in item.children:
            lines += _tree(child, depth + 1)
        lines += [Line(depth + 1, _veto(veto), veto) for veto in item.vetoes]
    lines.append(Line(depth, "}", None))
    return lines


def layout(rubric: n.Rubric) -> list[Line]:
    """Every output line in canonical order; blank lines separate the top-level groups."""
    groups: list[list[Line]] = []
    head = [Line(0, f"rubric {_labelled(rubric.id, rubric.label)} {rubric.full.text}", rubric)]
    for meta in rubric.meta:
        value = meta.value if meta.value.replace(".", "", 1).isdigit() else label(meta.value)
        head.append(Line(0, f"meta {meta.key} {value}", meta))
    if rubric.grades is not None:
        bands = [f"{level(b.name)} {b.op.value} {b.threshold.text}" for b in rubric.grades.bands]
        bands.append(f"else {level(rubric.grades.otherwise)}")
        head.append(Line(0, "grades: " + "; ".join(bands), rubric.grades))
    head += [Line(0, f"rounding {r.target} {r.places} {r.mode.value}", r) for r in rubric.rounding]
    groups.append(head)
    groups.append([Line(0, _fact(decl), decl) for decl in rubric.facts])
    groups.append(
        [
            Line(0, f"let {_labelled(let.name, let.label)}{_let_kind(let)} = {expression(let.expr)}", let)
            for let in rubric.lets
        ]
    )
    groups.append([Line(0, _veto(veto), veto) for veto in rubric.vetoes])
    groups += [_tree(child, 0) for child in rubric.children]
    lines: list[Line] = []
    for group in groups:
        if group:
            if lines:
                lines.append(Line(0, "", None))
            lines += group
    return lines
