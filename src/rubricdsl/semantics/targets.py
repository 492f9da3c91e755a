"""An indicator's target (年度指标值) and actual value (实际完成值), checked and resolved.

``target 500`` / ``target >= 90%`` / ``target plan_count`` / ``target "有效提升"`` states the target; in the
indicator's rule the name ``target`` stands for the target's value.  The checker resolves that name here, once:
the checked rubric carries the rule with ``target`` replaced by the literal or the name it stands for (at the
same span, so every later stage — both evaluators, the explanation, the linter — reads an ordinary rule and
the formatter, which prints the rubric as written, keeps ``target``).

The actual value is ``actual EXPR`` when written, else the rule's subject (what a score, deduct or levels rule
grades, what a proportional rule measures); a rule with no single subject (when, checklist, formula, judged)
has none unless the author writes one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import Any

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.reading.source import SourceFile
from rubricdsl.semantics.types import ExprTyper, Type
from rubricdsl.syntax import nodes as n

TARGET_NAME = "target"
# Keywords only at the head of an indicator's body, where no name can stand: a fact may still be called so.
SOFT_KEYWORDS = frozenset({"target", "actual"})


def default_actual(rule: object) -> n.Expr | None:
    """The value a rule grades, when it grades one: the 实际完成值 unless ``actual`` says otherwise."""
    match rule:
        case n.ScoreRule() | n.DeductRule() | n.LevelsRule():
            return rule.subject
        case n.ProportionalRule():
            return rule.achieved
        case _:
            return None


def actual_of(indicator: n.Indicator) -> n.Expr | None:
    return indicator.actual if indicator.actual is not None else default_actual(indicator.rule)


def target_text(target: n.Target) -> str:
    """The target as a table cell shows it: ``≥90%``, ``≤2000元``, ``500``, ``有效提升``."""
    symbol = {n.Op.GE: "≥", n.Op.GT: ">", n.Op.LE: "≤", n.Op.LT: "<", n.Op.EQ: "=", n.Op.NE: "≠"}
    value = target.value
    written = value.text if isinstance(value, n.Literal) else value.value if isinstance(value, n.StringLit) else ""
    return ("" if target.op is None else symbol[target.op]) + written


def refers_to_target(rule: object, names: Callable[[object], list[str]]) -> bool:
    return TARGET_NAME in names(rule)


def resolve(
    indicator: n.Indicator,
    typer: ExprTyper,
    declared: Callable[[str], bool],
    names: Callable[[object], list[str]],
    report: Callable[[Diagnostic], None],
    source: SourceFile,
) -> n.Indicator:
    """``indicator`` with ``target`` in its rule replaced by the target's value; problems are reported.

    ``declared(name)`` says whether a fact or derived value has that name; ``names(rule)`` lists the free names
    of a rule's expressions."""
    target = indicator.target
    if target is None:
        return indicator
    if isinstance(target.value, n.Name):
        typer.type_of(target.value)  # an unknown name is reported like any other
    if isinstance(target.value, n.StringLit) and target.op is not None:
        report(messages.make("E264", target.span, detail="a descriptive target has no value to compare",
                             detail_zh="文字描述的年度指标值没有可比较的数值"))  # fmt: skip
    _check_kind(indicator, target, typer, report, source)
    if not refers_to_target(indicator.rule, names):
        return indicator
    if declared(TARGET_NAME):
        report(messages.make("E264", target.span, detail="a fact or derived value is also called `target`",
                             detail_zh="已有名为 `target` 的事实或计算值，含义不明"))  # fmt: skip
        return indicator
    if isinstance(target.value, n.StringLit):
        report(messages.make("E264", target.span, detail="the target is descriptive text, not a value",
                             detail_zh="年度指标值是文字描述，不是数值"))  # fmt: skip
        return indicator
    return replace(indicator, rule=_substituted(indicator.rule, target.value))


def _check_kind(
    indicator: n.Indicator,
    target: n.Target,
    typer: ExprTyper,
    report: Callable[[Diagnostic], None],
    source: SourceFile,
) -> None:
    """E263 when the target and the value it is a target for are of kinds that never compare."""
    actual = actual_of(indicator)
    if actual is None or isinstance(target.value, n.StringLit):
        return
    found = typer.type_of(actual)
    wanted = Type(target.value.kind.value) if isinstance(target.value, n.Literal) else typer.type_of(target.value)
    if "error" in (found.kind, wanted.kind) or _compatible(found, wanted):
        return
    kind_en, kind_zh = wanted.describe()
    actual_en, actual_zh = found.describe()
    report(
        messages.make(
            "E263",
            target.span,
            target=target_text(target) or _name(target.value),
            kind=kind_en,
            kind_zh=kind_zh,
            actual=" ".join(source.snippet(actual.span).split()),
            actual_kind=actual_en,
            actual_kind_zh=actual_zh,
        )
    )


def _compatible(actual: Type, target: Type) -> bool:
    if not (actual.numeric and target.numeric):
        return False
    kinds = {actual.kind, target.kind}
    if "money" in kinds and len(kinds) > 1:
        return False
    return kinds != {"percent", "count"}


def _name(value: n.Literal | n.Name) -> str:
    return value.ident if isinstance(value, n.Name) else value.text


def _substituted(node: Any, value: n.Literal | n.Name) -> Any:
    """``node`` rebuilt with every name ``target`` replaced by ``value`` (any rule form: nodes are frozen
    dataclasses of nodes and tuples).  The replacement keeps the span of the target's value, so explanations
    and findings quote the value where it is declared (`500`), never the bare word `target`."""
    if isinstance(node, n.Name):
        return value if node.ident == TARGET_NAME else node
    if isinstance(node, tuple):
        rebuilt = tuple(_substituted(item, value) for item in node)
        return node if _same(rebuilt, node) else rebuilt
    if is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for field in fields(node):
            inner = getattr(node, field.name)
            if inner is None or isinstance(inner, (str, int, bool)) or not field.compare:
                continue
            new = _substituted(inner, value)
            if new is not inner:
                changes[field.name] = new
        return replace(node, **changes) if changes else node
    return node


def with_resolved(rubric: n.Rubric, resolved: dict[str, n.Indicator]) -> n.Rubric:
    """``rubric`` whose indicators are the resolved ones (by id), sections rebuilt only where one changed."""

    def children(items: tuple[n.Section | n.Indicator, ...]) -> tuple[n.Section | n.Indicator, ...]:
        rebuilt: list[n.Section | n.Indicator] = []
        for item in items:
            if isinstance(item, n.Indicator):
                rebuilt.append(resolved.get(item.id, item))
            else:
                inner = children(item.children)
                rebuilt.append(item if _same(inner, item.children) else replace(item, children=inner))
        return tuple(rebuilt)

    return replace(rubric, children=children(rubric.children))


def _same(left: tuple[Any, ...], right: tuple[Any, ...]) -> bool:
    return all(a is b for a, b in zip(left, right, strict=True))
