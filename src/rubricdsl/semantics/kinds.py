"""A derived value's declared kind (``let 执行率 "执行率": percent = …``), checked against the inferred one.

The declaration is the author's statement of what the value *is*; it wins over inference where the two can
mean the same thing and is an error (``E232``) where they cannot:

* ``percent`` fits a share or a plain number (``1 - 执行率``, ``x / y`` over numbers);
* ``number`` fits any non-money number: it says "not a share" (人均人数 = 人次 ÷ 期数 is a count ÷ count
  but no share), so bare-number comparisons are then allowed;
* ``count``, ``money`` and ``bool`` fit only themselves (a declaration never converts units).
"""

from __future__ import annotations

from collections.abc import Callable

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.semantics.types import Type
from rubricdsl.syntax import nodes as n

_FITS: dict[n.FactKind, frozenset[str]] = {
    n.FactKind.PERCENT: frozenset({"percent", "number"}),
    n.FactKind.NUMBER: frozenset({"number", "percent", "count"}),
    n.FactKind.COUNT: frozenset({"count"}),
    n.FactKind.MONEY: frozenset({"money"}),
    n.FactKind.BOOL: frozenset({"bool"}),
}

_HELP: dict[n.FactKind, tuple[str, str]] = {
    n.FactKind.PERCENT: (
        "a share is a quotient of two amounts of one kind, e.g. `spent / planned`",
        "比率是两个同类数量之商，例如 `spent / planned`",
    ),
    n.FactKind.NUMBER: ("money stays money: remove the declaration", "金额不能声明为普通数值：请删除该声明"),
    n.FactKind.COUNT: ("only a sum or difference of counts is a count", "只有计数之间的加减结果才是计数"),
    n.FactKind.MONEY: ("only an expression over money is money", "只有金额之间的运算结果才是金额"),
    n.FactKind.BOOL: ("a yes/no value is a condition such as `a > b`", "是/否值应为条件，例如 `a > b`"),
}


def declared_kind(let: n.LetDecl, inferred: Type, report: Callable[[Diagnostic], None]) -> Type:
    """The type ``let`` has for the rest of the rubric; reports a declaration that does not fit."""
    if let.kind is None or inferred.kind == "error":
        return inferred
    declared = Type(let.kind.value)
    if inferred.kind in _FITS[let.kind]:
        return declared
    en_declared, zh_declared = declared.describe()
    en_found, zh_found = inferred.describe()
    help_en, help_zh = _HELP[let.kind]
    report(
        messages.make(
            "E232",
            let.span,
            name=let.name,
            declared=en_declared,
            declared_zh=zh_declared,
            found=en_found,
            found_zh=zh_found,
            help=help_en,
            help_zh=help_zh,
        )
    )
    return inferred
