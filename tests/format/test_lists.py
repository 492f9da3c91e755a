"""The formatter writes list and text declarations and aggregates back in canonical form, and proves it."""

from __future__ import annotations

import rubricdsl
from rubricdsl.format import format_source

CANONICAL = """rubric t "t" 10

fact project "项目名称": text, record
fact funds "专项资金": list of { name: text, planned: money 万元, > 0, paid: money 万元, >= 0, late: bool, default 否, level: enum(好, "较好"), optional }, >= 1

let paid_total "拨付合计": money = sum(funds.paid where not late)

indicator i "拨付" 5 {
  formula 5 * share(funds where paid >= planned and level == "好")
}

indicator j "到位" 5 {
  when
    all(funds where paid >= planned) -> 5;
    count(funds) > 2 and any(funds where late) -> 2;
    else 0
}
"""


def test_list_and_text_declarations_and_aggregates_come_back_unchanged() -> None:
    assert format_source(CANONICAL) == CANONICAL
    rubricdsl.loads(CANONICAL)


def test_a_multi_line_declaration_is_written_on_one_line() -> None:
    spread = CANONICAL.replace(
        "list of { name: text, planned:",
        "list of {\n  name: text,\n  planned:",
    ).replace('level: enum(好, "较好"), optional }', 'level: enum(好, "较好"), optional\n}')
    assert spread != CANONICAL
    assert format_source(spread) == CANONICAL
