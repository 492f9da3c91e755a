"""`否则` for `else` and `分` after points (issue 10, form 9): the formatter keeps the author's spelling, its
output means the same (an equal AST, the same scores) and formats to itself."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import rubricdsl
from rubricdsl.format import format_source
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.parse import parse_rubric

# Each `{else}` is an `else` keyword and each `{fen}` a place where points may carry `分`.
TEMPLATE = """rubric demo "示例" 40{fen}
grades: 优 >= 36{fen}; 良 >= 30{fen}; {else} 差
fact ok "合规": bool
fact rate "完成率": percent
fact n "次数": count
fact q "质量": enum(好, 差)
indicator a "甲" 10{fen} {{ score rate: >= 90% -> 10{fen}; [60%, 90%) -> 6{fen}; {else} 0{fen} }}
indicator b "乙" 10 {{ when ok and n > 1 -> 10{fen}; n > 3 -> 4.5{fen}; {else} 0{fen} }}
section s "部分" 20{fen} {{
  indicator c "丙" 5 {{ deduct n: base 5{fen}, -1{fen} per 1 above 0, whole steps, cap 3{fen} }}
  indicator d "丁" 5 {{ checklist: ok -> 2{fen} "甲项"; n > 0 -> 3{fen} }}
  indicator e "戊" 10 {{ levels q: 好 -> 10{fen}; 差 -> 40% }}
}}
"""
SLOTS = TEMPLATE.count("{else}") + TEMPLATE.count("{fen}")

FACTS = [
    {"ok": True, "rate": Decimal("0.95"), "n": 2, "q": "好"},
    {"ok": False, "rate": Decimal("0.6"), "n": 5, "q": "差"},
    {"ok": True, "rate": Decimal("0.2"), "n": 0, "q": "好"},
]


def fill(elses: list[str], fens: list[str]) -> str:
    out, e, f = [], iter(elses), iter(fens)
    for piece in re.split(r"(\{else\}|\{fen\}|\{\{|\}\})", TEMPLATE):
        match piece:
            case "{else}":
                out.append(next(e))
            case "{fen}":
                out.append(next(f))
            case "{{":
                out.append("{")
            case "}}":
                out.append("}")
            case _:
                out.append(piece)
    return "".join(out)


spellings = st.tuples(
    st.lists(st.sampled_from(["else", "否则"]), min_size=3, max_size=3),
    st.lists(st.sampled_from(["", "分", " 分"]), min_size=SLOTS - 3, max_size=SLOTS - 3),
)


@settings(max_examples=60, deadline=None)
@given(spellings)
def test_formatting_keeps_each_spelling_and_the_meaning(drawn: tuple[list[str], list[str]]) -> None:
    elses, fens = drawn
    text = fill(elses, fens)
    formatted = format_source(text)
    assert format_source(formatted) == formatted
    assert parse_rubric(SourceFile("a", formatted)) == parse_rubric(SourceFile("b", text))
    assert formatted.count("否则") == elses.count("否则")
    assert len(re.findall(r"\belse\b", formatted)) == elses.count("else")
    assert len(re.findall(r"\d分", formatted)) == sum(1 for fen in fens if fen)  # ` 分` comes out as `分`
    written, canonical = rubricdsl.loads(text), rubricdsl.loads(formatted)
    for facts in FACTS:
        assert written.evaluate(facts).scores() == canonical.evaluate(facts).scores()


def test_fen_and_fouze_never_change_the_ast() -> None:
    plain = parse_rubric(SourceFile("a", fill(["else"] * 3, [""] * (SLOTS - 3))))
    marked = parse_rubric(SourceFile("b", fill(["否则"] * 3, ["分"] * (SLOTS - 3))))
    assert plain == marked
    rule = marked.children[0].rule
    assert isinstance(rule, n.ScoreRule) and rule.else_word == "否则"
    assert isinstance(rule.otherwise, n.Literal) and rule.otherwise.suffix == "分" and rule.otherwise.value == 0
