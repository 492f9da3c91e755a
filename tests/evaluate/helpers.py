"""Build one-indicator rubrics around a rule, so each rule form can be tested at its boundaries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import rubricdsl

DEFAULT_FACTS = """
fact x "x": number
fact rate "比率": percent
fact n "次数": count
fact ok "是否": bool
fact amount "金额": money 万元
fact level "等级": enum(好, 较好, 一般, 较差)
fact judged_score "评议得分": number
"""


def rubric_with(rule: str, points: int | str = 10, facts: str = DEFAULT_FACTS, extra: str = "") -> str:
    return (
        f'rubric t "测试" {points}\n{facts}\n{extra}\n'
        f'section s "部分" {points} {{\n  indicator i "指标" {points} {{\n    {rule}\n  }}\n}}\n'
    )


def score(rule: str, values: dict[str, Any], points: int | str = 10, **kwargs: Any) -> Decimal | None:
    result = rubricdsl.loads(rubric_with(rule, points, **kwargs)).evaluate(values)
    return result.scores()["i"]
