"""One walk over expressions (syntax/nodes/walk.py): source order, and the two scopes of an aggregate."""

from __future__ import annotations

import rubricdsl
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.nodes.walk import names_read, subexpressions

RUBRIC = rubricdsl.loads(
    """rubric walk "walk" 10
fact funds "funds": list of { paid: money 元, due: money 元 }
fact spent "spent": money 元
fact planned "planned": money 元, > 0
let mix "mix" = -(spent / planned) + count(funds where paid > due) * (min(spent, planned) / planned)
indicator a "a" 10 {
  score mix: >= 1 -> 10; else 0
}
"""
)
MIX = RUBRIC.checked.lets["mix"].expr


def test_names_come_in_source_order_with_the_aggregates_list_then_its_condition() -> None:
    assert list(names_read(MIX)) == ["spent", "planned", "funds", "paid", "due", "spent", "planned", "planned"]


def test_a_where_can_be_left_out_and_so_can_the_list() -> None:
    assert list(names_read(MIX, where=False)) == ["spent", "planned", "funds", "spent", "planned", "planned"]
    kinds = [type(node).__name__ for node in subexpressions(MIX, items=False)]
    assert "Aggregate" in kinds and kinds.count("Name") == 7  # paid, due and the five outside


def test_every_node_is_visited_once_and_before_its_operands() -> None:
    seen = list(subexpressions(MIX))
    place = {id(node): at for at, node in enumerate(seen)}  # by identity: equal nodes (two `planned`) differ
    assert seen[0] is MIX and len(place) == len(seen)
    binaries = [node for node in seen if isinstance(node, n.Binary)]
    assert len(binaries) == 5  # + / > * /
    for node in binaries:
        assert place[id(node)] < place[id(node.left)] < place[id(node.right)]
