"""The canonical layout of a rubric, as a list of pieces of output lines that remember where they came from.

Each :class:`Piece` is the smallest unit the layout puts on a line of its own: a statement, the head of a
section or an indicator, one band of a rule, a closing brace.  It knows the source offset it was written
at (``origin``), so the formatter can put comments back next to the same piece and keep the lines that a
``# rubric: ignore[...]`` comment covers as they were written (see ``formatter``).

Statements come out in the order they were written: a ``let`` stays next to the facts it is derived from.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from rubricdsl.format.expressions import boolean, expression, label, level
from rubricdsl.reading.source import Span
from rubricdsl.syntax import nodes as n

INDENT = "  "
MAX_WIDTH = 100


@dataclass(slots=True)
class Piece:
    depth: int
    text: str
    origin: int | None  # the source offset it was written at; None when unknown (an AST built in code)
    end: int | None = None  # where its own text ends, for a statement or a band; None for heads and braces
    joins: bool = False  # the canonical layout puts it on the line before (the parts of a rule that fits)
    gap: bool = False  # the canonical layout puts a blank line before it (a new top-level group)


def _origin(span: Span) -> int | None:
    return None if span.end == 0 else span.start


def _end(span: Span) -> int | None:
    return None if span.end == 0 else span.end


def _labelled(ident: str, text: str | None, quote: str) -> str:
    return ident if text is None else f"{ident} {label(text, quote)}"


def _points(points: n.Literal | n.Ratio) -> str:
    """A checklist item's points: exact (`10/3`) as written, a number with its `分` when written."""
    return points.text if isinstance(points, n.Ratio) else expression(points)


def _band_test(test: n.Compare | n.Interval) -> str:
    if isinstance(test, n.Compare):
        return f"{test.op.value}{test.threshold.text}"
    opening = "[" if test.low_inclusive else "("
    closing = "]" if test.high_inclusive else ")"
    return f"{opening}{test.low.text}, {test.high.text}{closing}"


def rule_parts(rule: n.Rule) -> tuple[str, list[tuple[str, Span]]]:
    """The rule's head and its ``;``-separated parts with their spans (none when the rule is one phrase)."""
    match rule:
        case n.ScoreRule():
            parts = [(f"{_band_test(band.test)} -> {expression(band.outcome)}", band.span) for band in rule.bands]
            if rule.otherwise is not None:
                parts.append((f"{rule.else_word} {expression(rule.otherwise)}", rule.otherwise.span))
            return f"score {expression(rule.subject)}:", parts
        case n.WhenRule():
            parts = [(f"{expression(b.condition)} -> {_outcome(b.outcome)}", b.span) for b in rule.branches]
            if rule.otherwise is not None:
                parts.append((f"{rule.else_word} {_outcome(rule.otherwise)}", rule.otherwise.span))
            return "when", parts
        case n.ChecklistRule():
            items = [
                (
                    f"{expression(item.condition)} -> {_points(item.points)}"
                    + (f" {label(item.label, item.label_quote)}" if item.label else ""),
                    item.span,
                )
                for item in rule.items
            ]
            return "checklist:", items
        case n.LevelsRule():
            shares = [
                (f"{level(share.level, share.level_quote)} -> {expression(share.share)}", share.span)
                for share in rule.shares
            ]
            return f"levels {expression(rule.subject)}:", shares
        case n.DeductRule():
            step = "missing" if rule.step is None else rule.step.text
            side = "above" if rule.above else "below"
            base, rate = expression(rule.base), expression(rule.rate)
            text = f"deduct {expression(rule.subject)}: base {base}, -{rate} per {step} {side} "
            text += rule.threshold.text
            if rule.mode is not None:
                text += f", {rule.mode.value}"
            if rule.cap is not None:
                text += f", cap {expression(rule.cap)}"
            return text, []
        case n.ProportionalRule():
            text = f"proportional {expression(rule.achieved)} against {expression(rule.target)}"
            return text + (" lower" if rule.lower_is_better else ""), []
        case n.JudgedRule():
            return f"judged {rule.fact.ident}", []
        case n.FormulaRule():
            return f"formula {expression(rule.expr)}", []
        case _:
            return _form_parts(rule)


def _outcome(outcome: n.Outcome) -> str:
    """A `when` outcome: an expression, or a nested rule on one line; a rule with `;`-separated parts of its
    own is wrapped in parentheses (the grammar requires it: the `;` after it is the outer rule's)."""
    nested, expr = n.outcome_rule(outcome), n.outcome_expr(outcome)
    if nested is None:
        return "" if expr is None else expression(expr)
    head, parts = rule_parts(nested)
    return f"({head} {'; '.join(text for text, _ in parts)})" if parts else head


class _PrintWords:
    """forms/base.PrintCtx: what a form added since v1 prints with."""

    def expression(self, expr: n.Expr) -> str:
        return expression(expr)

    def label(self, text: str, quote: str) -> str:
        return label(text, quote)

    def level(self, name: str, quote: str) -> str:
        return level(name, quote)

    def rule(self, rule: object) -> str:
        head, parts = rule_parts(rule)  # type: ignore[arg-type]  # a nested rule of any registered form
        return " ".join([head, "; ".join(text for text, _ in parts)]) if parts else head


def _form_parts(rule: object) -> tuple[str, list[tuple[str, Span]]]:
    from rubricdsl.forms import form_of  # forms load after the syntax they print

    form = form_of(rule)
    if form.parts is None:
        raise TypeError(f"the {form.name} form has no printer")
    return form.parts(rule, _PrintWords())


def _rule_pieces(rule: n.Rule, depth: int) -> list[Piece]:
    head, parts = rule_parts(rule)
    if not parts:
        return [Piece(depth, head, _origin(rule.span), _end(rule.span))]
    one_line = head + " " + "; ".join(text for text, _ in parts)
    fits = cell_len(INDENT * depth + one_line) <= MAX_WIDTH  # display cells: a Chinese character is two
    pieces = [Piece(depth, head, _origin(rule.span))]
    for index, (text, span) in enumerate(parts):
        ending = ";" if index < len(parts) - 1 else ""
        pieces.append(Piece(depth + 1, text + ending, _origin(span), _end(span), joins=fits))
    return pieces


def _fact(decl: n.FactDecl) -> str:
    options = _options(decl.bounds, decl.optional, decl.absent, decl.default, decl.record)
    return f"fact {_labelled(decl.name, decl.label, decl.label_quote)}: " + ", ".join([_type(decl.type), *options])


def _type(fact_type: n.FactType) -> str:
    kind = fact_type.kind
    if kind is n.FactKind.ENUM:
        quotes = fact_type.level_quotes or ("",) * len(fact_type.levels)
        return f"enum({', '.join(level(name, quote) for name, quote in zip(fact_type.levels, quotes, strict=True))})"
    if kind is n.FactKind.MONEY:
        return f"money {fact_type.money_unit or '元'}"
    if kind is n.FactKind.LIST:
        fields = [
            ", ".join(
                [
                    f"{field.name}: {_type(field.type)}",
                    *_options(field.bounds, field.optional, field.absent, field.default, field.record),
                ]
            )
            for field in fact_type.fields
        ]
        return "list of { " + ", ".join(fields) + " }"
    return str(kind.value)


def _options(
    bounds: tuple[n.Bound, ...],
    optional: bool,
    absent: n.Absence | None,
    default: n.DefaultValue | None,
    record: bool,
) -> list[str]:
    options = [bound.text for bound in bounds]
    if optional:
        options.append("optional")
    if absent is not None:
        options.append(f"absent: {absent.value}")
    if default is not None:
        if isinstance(default, n.Literal):
            options.append(f"default {default.text}")
        elif isinstance(default, n.BoolLit):
            options.append(f"default {boolean(default)}")
        else:
            options.append(f"default {level(default.value, default.quote)}")
    if record:
        options.append("record")
    return options


def _let_kind(let: n.LetDecl) -> str:
    return "" if let.kind is None else f": {let.kind.value}"


def _veto(veto: n.Veto) -> str:
    reason = f", {label(veto.reason, veto.reason_quote)}" if veto.reason is not None else ""
    return f"veto when {expression(veto.condition)}{reason}"


def _assertion(item: n.Assertion) -> str:
    within = f" within {item.tolerance.text}" if item.tolerance is not None else ""
    message = f" {label(item.message, item.message_quote)}" if item.message is not None else ""
    warn = ", warn" if item.warn else ""
    return f"assert {expression(item.left)} {item.op.value} {expression(item.right)}{within}{message}{warn}"


def _na_policy(policy: n.NotApplicablePolicy) -> str:
    source = "" if policy.source is None else f" {policy.source}"
    return f"not_applicable{source} -> {policy.target}"


def _grade_cap(cap: n.GradeCap) -> str:
    reason = f", {label(cap.reason, cap.reason_quote)}" if cap.reason is not None else ""
    return f"cap {level(cap.grade, cap.grade_quote)} when {expression(cap.condition)}{reason}"


def _statement(item: object, depth: int) -> list[Piece]:
    match item:
        case n.Assertion():
            return [Piece(depth, _assertion(item), _origin(item.span), _end(item.span))]
        case n.Section() | n.Indicator():
            return _tree(item, depth)
        case n.Veto():
            return [Piece(depth, _veto(item), _origin(item.span), _end(item.span))]
        case n.NotApplicablePolicy():
            return [Piece(depth, _na_policy(item), _origin(item.span), _end(item.span))]
        case n.GradeCap():
            return [Piece(depth, _grade_cap(item), _origin(item.span), _end(item.span))]
        case n.FactDecl():
            return [Piece(depth, _fact(item), _origin(item.span), _end(item.span))]
        case n.LetDecl():
            text = (
                f"let {_labelled(item.name, item.label, item.label_quote)}{_let_kind(item)} = {expression(item.expr)}"
            )
            return [Piece(depth, text, _origin(item.span), _end(item.span))]
        case n.Meta():
            quoted = item.quote or not item.value.replace(".", "", 1).isdigit()
            value = label(item.value, item.quote or '"') if quoted else item.value
            return [Piece(depth, f"meta {item.key} {value}", _origin(item.span), _end(item.span))]
        case n.Grades():
            bands = [f"{level(b.name, b.name_quote)} {b.op.value} {expression(b.threshold)}" for b in item.bands]
            bands.append(f"{item.else_word} {level(item.otherwise, item.otherwise_quote)}")
            return [Piece(depth, "grades: " + "; ".join(bands), _origin(item.span), _end(item.span))]
        case n.Rounding():
            text = f"rounding {item.target} {item.places} {item.mode.value}"
            return [Piece(depth, text, _origin(item.span), _end(item.span))]
    raise TypeError(f"not a statement: {item!r}")  # pragma: no cover - the AST has no other statements


def _in_written_order(items: list[object]) -> list[object]:
    """Statements sorted by where they were written; a stable sort keeps an AST built in code as listed."""
    return sorted(items, key=lambda item: getattr(item, "span", Span(0, 0)).start)


def _tree(item: n.Section | n.Indicator, depth: int) -> list[Piece]:
    uncapped = " uncapped" if isinstance(item, n.Section) and item.uncapped else ""
    head = f"{_labelled(item.id, item.label, item.label_quote)} {item.points.text}{item.points.suffix}{uncapped} {{"
    if isinstance(item, n.Indicator):
        pieces = [Piece(depth, f"{item.kind.value} {head}", _origin(item.span))]
        if item.standard is not None:
            span = item.standard_span
            text = f"standard {label(item.standard, item.standard_quote)}"
            pieces.append(Piece(depth + 1, text, _origin(span), _end(span)))
        if item.target is not None:
            pieces.append(Piece(depth + 1, _target(item.target), _origin(item.target.span), _end(item.target.span)))
        if item.actual is not None:
            span = item.actual.span
            pieces.append(Piece(depth + 1, f"actual {expression(item.actual)}", _origin(span), _end(span)))
        pieces += _rule_pieces(item.rule, depth + 1)
    else:
        pieces = [Piece(depth, f"section {head}", _origin(item.span))]
        for child in _in_written_order([*item.children, *item.vetoes, *item.na_policies]):
            pieces += _statement(child, depth + 1)
    closing = None if item.span.end == 0 else item.span.end - 1
    pieces.append(Piece(depth, "}", closing))
    return pieces


def _target(target: n.Target) -> str:
    value = target.value
    match value:
        case n.Literal():
            written = value.text
        case n.Name():
            written = value.ident
        case n.StringLit():
            written = label(value.value, value.quote)
    return "target " + ("" if target.op is None else f"{target.op.value} ") + written


def _group(item: object) -> object:
    """Top-level statements of one kind form a group; a blank line separates groups.  Facts and derived
    values are one group, so a `let` written under its facts stays with them."""
    match item:
        case n.Meta() | n.Grades() | n.Rounding():
            return "header"
        case n.FactDecl() | n.LetDecl():
            return "declarations"
        case n.Veto():
            return "vetoes"
        case n.Assertion():
            return "assertions"
        case n.NotApplicablePolicy() | n.GradeCap():
            return "policies"
        case _:
            return id(item)  # every section and top-level indicator stands apart


def layout(rubric: n.Rubric, header_start: int | None) -> list[Piece]:
    """Every piece of the output in written order (the header first, as the grammar requires)."""
    head = f"rubric {_labelled(rubric.id, rubric.label, rubric.label_quote)} {rubric.full.text}{rubric.full.suffix}"
    head += " uncapped" if rubric.uncapped else ""
    pieces = [Piece(0, head, header_start)]
    items: list[object] = [
        *rubric.meta,
        *([rubric.grades] if rubric.grades is not None else []),
        *rubric.rounding,
        *rubric.facts,
        *rubric.lets,
        *rubric.vetoes,
        *rubric.assertions,
        *rubric.na_policies,
        *rubric.grade_caps,
        *rubric.children,
    ]
    previous: object = "header"
    for item in _in_written_order(items):
        group = _group(item)
        statement = _statement(item, 0)
        statement[0].gap = group != previous
        previous = group
        pieces += statement
    return pieces
