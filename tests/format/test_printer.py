"""The printer writes the issue-9 declarations back as written: a let's kind, an absence policy, `record`."""

from __future__ import annotations

import rubricdsl
from rubricdsl.format import format_source
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax.parse import parse_rubric

CANONICAL = """rubric t "t" 10

fact spent "执行数": money 万元, >= 0
fact planned "预算数": money 万元, > 0
fact survey "满意度": percent, optional, absent: not_applicable
fact 受益人数 "受益人数": count, record
fact 备注 "备注": number, optional, record

let 执行率 "执行率": percent = spent / planned
let gap: money = planned - spent

indicator i "执行率" 5 {
  score 执行率: >=90% -> 5; else 0
}

indicator j "满意度" 5 {
  score survey: >=90% -> 5; else 0
}
"""


def test_the_new_declarations_come_back_unchanged() -> None:
    assert format_source(CANONICAL) == CANONICAL


def test_they_lower_to_node_fields() -> None:
    rubric = parse_rubric(SourceFile("t", CANONICAL))
    facts = {decl.name: decl for decl in rubric.facts}
    assert facts["survey"].optional and facts["survey"].absent is not None
    assert facts["受益人数"].record and not facts["受益人数"].optional
    assert facts["备注"].record and facts["备注"].optional and facts["备注"].absent is None
    kinds = {let.name: let.kind for let in rubric.lets}
    assert kinds == {"执行率": rubricdsl.syntax.nodes.FactKind.PERCENT, "gap": rubricdsl.syntax.nodes.FactKind.MONEY}
    rubricdsl.loads(CANONICAL)  # and the whole checks


def test_absent_alone_is_printed_with_the_optional_it_implies() -> None:
    text = CANONICAL.replace("percent, optional, absent: not_applicable", "percent, absent: not_applicable")
    assert format_source(text) == CANONICAL
