"""List-valued facts and text: their types, the aggregates over a list's items, and their declarations' checks.

A list fact (``fact funds: list of { name: text, paid: money 万元 }``) has items with typed fields; it is read
only through an aggregate, ``count(L)``, ``count(L where c)``, ``all(L where c)``, ``any(L where c)``,
``share(L where c)`` and ``sum(L.field)`` (optionally ``sum(L.field where c)``).  Inside ``where`` the item's
fields are in scope by name; a field may not share a name with a fact or a derived value (so a name always
means one thing, and the facts an expression reads are its free names that are facts).  ``where`` holds no
aggregate of its own: an item is one level deep.

Text (a fact declared ``text``: a project's name, a note) is shown in results and compared with ``==`` and
``!=`` against quoted text only.
"""

from __future__ import annotations

from collections.abc import Callable

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.diagnostics.suggest import did_you_mean
from rubricdsl.reading.source import Span
from rubricdsl.semantics.types import BOOL, COUNT, ERROR, PERCENT, ExprTyper, Type
from rubricdsl.syntax import nodes as n

NEEDS_WHERE = frozenset({"all", "any", "share"})


def list_type(fact_type: n.FactType) -> Type:
    """The type of a list fact: kind ``list`` with its fields' types (a field's type is a scalar fact's)."""
    fields = tuple((field.name, _scalar(field.type)) for field in fact_type.fields)
    return Type("list", fields=fields)


def _scalar(fact_type: n.FactType) -> Type:
    if fact_type.kind is n.FactKind.ENUM:
        return Type("enum", fact_type.levels)
    return Type(fact_type.kind.value)


def aggregate_type(typer: ExprTyper, expr: n.Aggregate) -> Type:
    """The type of ``f(L…)``; every problem reported through the typer."""
    items = typer.type_of(expr.items)
    if items.kind == "error":
        _type_inner(typer, expr, {})
        return ERROR
    if items.kind != "list":
        if expr.field is None and expr.where is None:  # `count(flag)`: the function over one value
            return typer.call(n.Call(function=expr.function, args=(expr.items,), span=expr.span))
        typer.report(messages.make("E265", expr.items.span, name=expr.items.ident, function=expr.function))
        return ERROR
    fields = dict(items.fields)
    problem = _shape_problem(expr)
    if problem is not None:
        typer.report(messages.make("E267", expr.span, detail=problem[0], detail_zh=problem[1]))
        _type_inner(typer, expr, fields)
        return ERROR
    summed = _type_inner(typer, expr, fields)
    if expr.function == "sum":
        if summed is None or summed.kind == "error":
            return ERROR
        if not summed.numeric:
            en, zh = summed.describe()
            detail = f"`sum` adds numbers, but `{expr.items.ident}.{expr.field.ident if expr.field else ''}` is {en}"
            typer.report(
                messages.make("E267", expr.span, detail=detail, detail_zh=f"`sum` 只能对数值求和，该字段是{zh}")
            )
            return ERROR
        return summed
    if expr.function == "count":
        return COUNT
    if expr.function == "share":
        return PERCENT
    return BOOL


def _shape_problem(expr: n.Aggregate) -> tuple[str, str] | None:
    name = expr.items.ident
    if expr.function == "sum" and expr.field is None:
        return (
            f"`sum` over a list adds one field: write `sum({name}.field)`",
            f"对列表求和需指明字段：`sum({name}.字段)`",
        )
    if expr.function != "sum" and expr.field is not None:
        return (
            f"only `sum` takes a field; `{expr.function}` counts items: write `{expr.function}({name} where …)`",
            f"只有 `sum` 取字段；`{expr.function}` 按条目计：请写 `{expr.function}({name} where …)`",
        )
    if expr.function in NEEDS_WHERE and expr.where is None:
        return (
            f"`{expr.function}` needs a condition on the items: `{expr.function}({name} where …)`",
            f"`{expr.function}` 需要条目条件：`{expr.function}({name} where …)`",
        )
    if expr.where is not None and _has_aggregate(expr.where):
        return (
            "a `where` condition cannot hold another aggregate; compute it in a `let` first",
            "`where` 条件中不能再嵌套汇总函数；请先用 `let` 算出",
        )
    return None


def _type_inner(typer: ExprTyper, expr: n.Aggregate, fields: dict[str, Type]) -> Type | None:
    """Type the condition (a yes/no over the item) and the summed field; the field's type, if one is named."""
    inner = typer.within(fields)
    if expr.where is not None:
        inner.condition(expr.where)
    if expr.field is None:
        return None
    found = fields.get(expr.field.ident)
    if found is None:
        if fields:
            suggestion = did_you_mean(expr.field.ident, list(fields))
            typer.report(
                messages.make(
                    "E266",
                    expr.field.span,
                    name=expr.items.ident,
                    field=expr.field.ident,
                    suggestion=suggestion,
                    fields="、".join(fields),
                    hint=suggestion is not None,
                )
            )
        return ERROR
    return found


def _has_aggregate(expr: n.Expr) -> bool:
    stack: list[n.Expr] = [expr]
    while stack:
        item = stack.pop()
        match item:
            case n.Aggregate():
                return True
            case n.Binary():
                stack.extend((item.left, item.right))
            case n.Negate() | n.Not():
                stack.append(item.operand)
            case n.Call():
                stack.extend(item.args)
            case _:
                pass
    return False


def given_type(typer: ExprTyper, expr: n.Call) -> Type:
    """``given(field)`` inside ``where``: whether the item has the (optional) field; yes/no."""
    (arg,) = expr.args if len(expr.args) == 1 else (None,)
    if isinstance(arg, n.Name) and arg.ident in typer.fields:
        return BOOL
    typer.report(
        messages.make(
            "E267",
            expr.span,
            detail="`given` takes one field of a list's item, inside `where`: `count(funds where given(paid_on))`",
            detail_zh="`given` 只用于 `where` 中，参数为条目的一个字段：`count(funds where given(paid_on))`",
        )
    )
    for found in expr.args:
        typer.type_of(found)
    return ERROR


def compare_text(report: Callable[[Diagnostic], None], left: Type, right: Type, op: n.Op, span: Span) -> None:
    """Text meets quoted text (or text) with ``==``/``!=``; anything else is E268."""
    kinds = {left.kind, right.kind}
    if not kinds <= {"text", "string"}:
        other = right if left.kind == "text" else left
        en, zh = other.describe()
        report(messages.make("E268", span, what=f"with {en}", what_zh=f"与{zh}比较"))
    elif op not in (n.Op.EQ, n.Op.NE):
        report(messages.make("E268", span, what=f"with `{op.value}`", what_zh=f"用 `{op.value}` 比较"))


def check_list_fact(decl: n.FactDecl, taken: Callable[[str], bool], report: Callable[[Diagnostic], None]) -> None:
    """A list declaration's own problems: duplicate fields, a field named like a fact or derived value, the
    option that belongs to the list (``absent:``) written on a field, and a default for a list.  ``record`` on a
    field says it is kept for the record (shown, read by nothing: lint L133 does not ask for a reader)."""
    seen: set[str] = set()
    for field in decl.type.fields:
        if field.name in seen:
            report(messages.make("E211", field.span, what=f"{decl.name}.{field.name}"))
        seen.add(field.name)
        if taken(field.name):
            report(
                messages.make(
                    "E269",
                    field.span,
                    detail=f"the field `{field.name}` of `{decl.name}` has the name of a fact or derived value",
                    detail_zh=f"`{decl.name}` 的字段 `{field.name}` 与某个事实或派生值同名",
                    help="inside `where` a field hides what it is named like; rename the field",
                    help_zh="在 `where` 中字段会遮住同名的事实或派生值；请给字段换个名称",
                )
            )
        if field.absent is not None:
            option = "absent: not_applicable"
            report(
                messages.make(
                    "E269",
                    field.span,
                    detail=f"`{option}` is said of the whole list, not of the field `{field.name}`",
                    detail_zh=f"`{option}` 用于整个列表，不能用于字段 `{field.name}`",
                    help="write it after the closing `}`; a field takes bounds, `optional`, `default` and `record`",
                    help_zh="请写在右花括号 `}` 之后；字段只能写上下限、`optional`、`default` 和 `record`",
                )
            )
    if not decl.type.fields:
        return
    if decl.default is not None:
        report(
            messages.make(
                "E269",
                decl.default.span,
                detail=f"a list cannot have a default: `{decl.name}` is given item by item",
                detail_zh=f"列表不能有默认值：`{decl.name}` 需逐项给出",
                help="an empty list is written `[]` in the facts file",
                help_zh="空列表在事实文件中写作 `[]`",
            )
        )


def field_decl(decl: n.FactDecl, field: n.ItemField) -> n.FactDecl:
    """A field as a scalar declaration named ``list.field``, checked (bounds, default) as a fact is."""
    return n.FactDecl(
        name=f"{decl.name}.{field.name}",
        label=None,
        type=field.type,
        bounds=field.bounds,
        optional=field.optional,
        default=field.default,
        span=field.span,
    )
