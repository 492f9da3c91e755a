"""What a rubric declares about each fact, as the facts reader uses it: kind, unit, levels, bounds, default.

:class:`FactSpec` is one fact's declaration made plain (:func:`spec_of`); the keys every facts mapping may hold
besides facts (``not_applicable``, ``id``) are named here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.numbers import WAN

NOT_APPLICABLE_KEY = "not_applicable"
# Unknown keys reported one by one, each with its "did you mean"; the rest are counted in one F412.  A facts
# file of the wrong rubric (or 20,000 made-up keys) then costs milliseconds, not minutes, and reads well.
MAX_UNKNOWN_KEYS_REPORTED = 20
_MISSING: Any = object()

_EXPECTED = {
    n.FactKind.BOOL: ("true or false (or 是/否)", "“是”或“否”（也可写 true 或 false）"),
    n.FactKind.COUNT: ("a whole number of at least 0", "不小于 0 的整数"),
    n.FactKind.NUMBER: ("a number", "数值"),
    n.FactKind.PERCENT: (
        'a share such as 0.95 or a string such as "95%"',
        '小数（如 0.95）或带百分号的字符串（如 "95%"）',
    ),
    n.FactKind.MONEY: ('an amount such as 500000 or "50万元"', '金额（如 500000 或 "50万元"）'),
    n.FactKind.ENUM: ("one of {levels}", "以下之一：{levels}"),
    n.FactKind.TEXT: ('text such as "专项A"', '文本（如 "专项A"）'),
    n.FactKind.LIST: (
        'a list of items (in a CSV or spreadsheet cell: a JSON array such as [{{"name": "专项A"}}])',
        '条目列表（CSV 或表格单元格中写 JSON 数组，如 [{{"name": "专项A"}}]）',
    ),
    n.FactKind.DATE: ('a date such as "2021-12-31" or "2021年12月31日"', '日期（如 "2021-12-31" 或 "2021年12月31日"）'),
}
# a bare number for a `money 万元` fact is read in 万元: 500000 there would be 50亿元
_EXPECTED_WAN = ('an amount in 万元 such as 50 or "50万元"', '以万元计的金额（如 50 或 "50万元"）')


@dataclass(frozen=True, slots=True)
class FactSpec:
    name: str
    label: str
    kind: n.FactKind
    scale: Decimal  # multiplies a bare number into the canonical unit (万元 → 元)
    levels: frozenset[str]
    level_order: tuple[str, ...]
    bounds: tuple[n.Bound, ...]
    optional: bool
    default: Any  # _MISSING when there is none
    fields: tuple[FactSpec, ...] = ()  # a list's item fields (inputs/lists.py)

    @property
    def has_default(self) -> bool:
        return self.default is not _MISSING

    def expected(self) -> tuple[str, str]:
        en, zh = _EXPECTED_WAN if self.kind is n.FactKind.MONEY and self.scale == WAN else _EXPECTED[self.kind]
        levels = "、".join(self.level_order)
        return en.format(levels=levels), zh.format(levels=levels)

    def broken_bound(self, value: Decimal) -> n.Bound | None:
        for bound in self.bounds:
            if bound.low is not None and (
                value < bound.low.value or (value == bound.low.value and not bound.low_inclusive)
            ):
                return bound
            if bound.high is not None and (
                value > bound.high.value or (value == bound.high.value and not bound.high_inclusive)
            ):
                return bound
        return None


def spec_of(decl: n.FactDecl) -> FactSpec:
    default: Any = _MISSING
    if decl.default is not None:
        default = decl.default.value
    scale = WAN if decl.type.money_unit == "万元" else Decimal(1)
    fields = tuple(
        spec_of(
            n.FactDecl(name=f.name, label=None, type=f.type, bounds=f.bounds, optional=f.optional, default=f.default)
        )
        for f in decl.type.fields
    )
    return FactSpec(
        decl.name,
        decl.label or decl.name,
        decl.type.kind,
        scale,
        frozenset(decl.type.levels),
        decl.type.levels,
        decl.bounds,
        decl.optional,
        default,
        fields,
    )


ID_KEY = "id"  # with `$id`, what `rubric eval` on many projects takes as a row's id
