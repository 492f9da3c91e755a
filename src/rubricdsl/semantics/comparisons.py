"""Whether two typed values can be compared, with the hint that names the slip when they cannot.

Numbers compare across kinds except money with what is not money (E215) and a percent with a count (E203); a
share beside a bare number above 1, or money beside a bare non-zero number, is the slip of a missing ``%`` or
unit (E230, E231: the hint gives the corrected literal).  Levels compare with ``==``/``!=`` only, against
their own level names (E209); text, yes/no values and dates each compare with their own kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rubricdsl.diagnostics import messages
from rubricdsl.reading.source import Span
from rubricdsl.semantics.types import HasSpan, Type
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.nodes.walk import names_read

if TYPE_CHECKING:
    from rubricdsl.semantics.types import ExprTyper


def compare(
    typer: ExprTyper, left: Type, left_expr: HasSpan, right: Type, right_expr: HasSpan, op: n.Op, at: Span | None = None
) -> None:
    """Report when two sides cannot be compared, at ``at`` or else over both sides."""
    if "error" in (left.kind, right.kind):
        return
    span = at or left_expr.span.cover(right_expr.span)
    if left.numeric and right.numeric:
        if _bare_number_slip(typer, left, left_expr, right, right_expr, at):
            return
        kinds = {left.kind, right.kind}
        zero_side = any(isinstance(side, n.Literal) and side.value == 0 for side in (left_expr, right_expr))
        if "money" in kinds and len(kinds) > 1 and not zero_side:
            typer.report(
                messages.make(
                    "E215",
                    span,
                    detail="money is compared with a value that is not money",
                    detail_zh="金额与非金额数值进行比较",
                )
            )
        elif kinds == {"percent", "count"}:
            typer.report(
                messages.make(
                    "E203",
                    span,
                    detail="a percent is compared with a count",
                    detail_zh="百分数与计数进行比较",
                    help="a count is compared with a plain number (`>= 12`); if the fact is a share, declare it `percent`",
                    help_zh="计数应与普通数字比较（如 `>= 12`）；如果这个事实是比率，请把它声明为 `percent`",
                )
            )
        return
    if "text" in (left.kind, right.kind):
        from rubricdsl.semantics.lists import compare_text

        compare_text(typer.report, left, right, op, span)
        return
    if {left.kind, right.kind} <= {"enum", "string"}:
        if op not in (n.Op.EQ, n.Op.NE):
            typer.report(
                messages.make(
                    "E203",
                    span,
                    detail="levels can only be compared with == or !=",
                    detail_zh="等级只能用 == 或 != 比较",
                )
            )
            return
        enum_type = left if left.kind == "enum" else right
        other, subject = (right_expr, left_expr) if left.kind == "enum" else (left_expr, right_expr)
        if enum_type.kind == "enum" and isinstance(other, n.StringLit) and other.value not in enum_type.levels:
            name = subject.ident if isinstance(subject, n.Name) else "…"
            typer.report(
                messages.make("E209", other.span, level=other.value, name=name, levels="、".join(enum_type.levels))
            )
        return
    if left.kind == right.kind == "bool" and op in (n.Op.EQ, n.Op.NE):
        return
    if left.kind == right.kind == "date":
        return  # days compare by the calendar: earlier is less
    en_l, zh_l = left.describe()
    en_r, zh_r = right.describe()
    typer.report(
        messages.make("E203", span, detail=f"cannot compare {en_l} with {en_r}", detail_zh=f"无法比较{zh_l}与{zh_r}")
    )


def _bare_number_slip(
    typer: ExprTyper, left: Type, left_expr: HasSpan, right: Type, right_expr: HasSpan, at: Span | None
) -> bool:
    """Report a share compared with a bare number above 1, or money with a bare non-zero number."""
    for kind, subject, other in ((left, left_expr, right_expr), (right, right_expr, left_expr)):
        if not (isinstance(other, n.Literal) and other.kind is n.LiteralKind.NUMBER):
            continue
        where = at or other.span
        en, zh = _shown(subject)
        if kind.kind == "percent" and abs(other.value) > 1:
            fixed = fixed_zh = f"{other.text}%"
            if abs(other.value) < 10:  # `>= 1.5` may mean 1.5% or 150%: offer both
                times = format((other.value * 100).normalize(), "f")
                fixed, fixed_zh = f"{fixed}` or `{times}%", f"{fixed}` 或 `{times}%"
            typer.report(
                messages.make("E230", where, what=en, what_zh=zh, text=other.text, fixed=fixed, fixed_zh=fixed_zh)
            )
            return True
        if kind.kind == "money" and other.value != 0:
            unit = next((u for u in map(typer.money_unit, _names_in(subject)) if u is not None), "元")
            fixed = f"{other.text}{unit}"
            typer.report(messages.make("E231", where, what=en, what_zh=zh, text=other.text, fixed=fixed))
            return True
    return False


def _names_in(subject: HasSpan) -> list[str]:
    """Names an expression reads, left to right (a declaration's type node reads none; nor does a `where`,
    whose names are item fields)."""
    return list(names_read(subject, where=False)) if isinstance(subject, n.Expr) else []


def _shown(subject: HasSpan) -> tuple[str, str]:
    """How a message names the compared value: its name when it is one, else a generic word."""
    if isinstance(subject, n.Name):
        return f"`{subject.ident}`", f"`{subject.ident}` "
    return "this value", "该值"
