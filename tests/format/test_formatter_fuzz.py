"""Grammar-generated rubrics: whatever parses formats to a stable, equivalent text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.format import SuppressionWouldMove, format_source
from rubricdsl.format.comments import header_start
from rubricdsl.format.coverage import Path, node_spans
from rubricdsl.lint import lint_source
from rubricdsl.reading.source import SourceFile
from rubricdsl.syntax import nodes as n
from rubricdsl.syntax.grammar import lark_parser
from rubricdsl.syntax.nodes import Comment
from rubricdsl.syntax.parse import parse_rubric


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(from_lark(lark_parser(), start="start"))
def test_generated_rubrics_format_stably(text: str) -> None:
    try:
        original = parse_rubric(SourceFile("fuzz", text))
    except RubricSyntaxError:
        return  # from_lark may omit whitespace between tokens; a clean syntax error is fine here
    formatted = format_source(text)  # raises FormatError if meaning, comments or stability would break
    assert parse_rubric(SourceFile("fuzz", formatted)) == original
    assert format_source(formatted) == formatted


# ---- the linter's verdict: a suppression covers the same code after formatting -------------------------

# Statements whose findings are on facts, derived values, bands, rules and indicators; `|` separates the
# pieces the layout may put on lines of their own.
_STATEMENTS = [
    'fact used "已用": count',
    'fact spare "备用": count',
    'fact share "比率": percent',
    'fact ok "合规": bool',
    'let half "一半" = used / 2',
    "let unused_half = used / 3",
]
_TREE = [
    'indicator a "甲" 5 { | score used: | >=10 -> 5; | >=5 -> 3; | >=20 -> 1; | else 0 | }',
    'indicator b "乙" 5 { | standard "标准" | score share: | >=90% -> 5; | [80%, 90%) -> 3; | else 0 | }',
    'indicator c "丙" 5 { | when | half > 3 -> 5; | half > 4 -> 2; | else 0 | }',
    'indicator d "丁" 5 { | deduct share: base 5, -1 per 1% below 100% | }',
    'section s "部分" 10 { | indicator e 5 { | checklist: | ok -> 3 "合规"; | used > 1 -> 2 | } | '
    'veto when ok == 否, "不合规" | indicator f "己" 5 { | formula used * 1 | } | }',
]
# rules that fire on the statements above, a rule that does not, and a misspelt one (itself a finding)
_SUPPRESSED = ["unused-fact", "unused-value", "missing-chinese-label", "unreachable-band", "L109", "L201", "L999"]
_COMMENT = st.sampled_from(_SUPPRESSED).map(lambda name: f"# rubric: ignore[{name}]") | st.just("# 说明")
_BREAK = st.sampled_from([" ", " ", "\n", "\n\n", "\n    "])
_GAP = st.one_of(
    _BREAK,
    _COMMENT.map(lambda text: f"  {text}\n"),  # after code, at the end of its line
    _COMMENT.map(lambda text: f"\n{text}\n"),  # alone on its line
)


@st.composite
def _suppressed_rubrics(draw: st.DrawFn, *, inside_pieces: bool) -> str:
    """The statements above in any order, pieces on one line or many, comments between any two pieces
    (and, with ``inside_pieces``, between any two tokens)."""
    statements = draw(st.permutations(_STATEMENTS)) + draw(st.permutations(_TREE))
    pieces = ['rubric demo "示例" 30', *(piece.strip() for text in statements for piece in text.split("|"))]
    inner = _GAP if inside_pieces else st.just(" ")
    return "".join(" ".join(t + draw(inner) for t in p.split(" ")).rstrip(" ") + draw(_GAP) for p in pieces)


def _verdict(text: str) -> list[tuple[str, object]]:
    """Each finding's code and the AST node it is on (its message where it is on no node)."""
    report = lint_source(SourceFile("fuzz", text))
    assert report.checked is not None, text
    nodes: dict[tuple[int, int], list[Path]] = {}
    for path, span in node_spans(report.checked.rubric, ()):
        nodes.setdefault((span.start, span.end), []).append(path)
    found: list[tuple[str, object]] = []
    for finding in report.findings:
        span = finding.span
        where = nodes.get((span.start, span.end)) if span is not None else None
        found.append((finding.code, tuple(where) if where else finding.message.en))
    return sorted(found, key=repr)


# The generated texts are long and a failing one takes minutes to shrink; the first failure is readable.
_VERDICT = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


@_VERDICT
@given(_suppressed_rubrics(inside_pieces=False))
def test_formatting_never_changes_the_linters_verdict(text: str) -> None:
    formatted = format_source(text)  # never SuppressionWouldMove: every piece is on one line
    assert _verdict(formatted) == _verdict(text), formatted
    assert format_source(formatted) == formatted


def _piece_extents(rubric: n.Rubric, header: int) -> Iterator[tuple[int, int]]:
    """Where each piece of code the layout keeps on one line was written: statements, bands, and the heads
    of the rubric, sections, indicators and rules (up to what they hold)."""
    yield header, rubric.full.span.end
    stack: list[object] = [*rubric.meta, *rubric.rounding, *rubric.facts, *rubric.lets, *rubric.vetoes]
    stack += [*([rubric.grades] if rubric.grades else []), *rubric.children]
    while stack:
        item = stack.pop()
        if isinstance(item, n.Section):
            inner = [*item.children, *item.vetoes]
            yield item.span.start, min(child.span.start for child in inner)
            stack += inner
        elif isinstance(item, n.Indicator):
            yield item.span.start, item.standard_span.start if item.standard else item.rule.span.start
            if item.standard:
                yield item.standard_span.start, item.standard_span.end
            stack.append(item.rule)
        elif isinstance(item, (n.ScoreRule, n.WhenRule, n.ChecklistRule, n.LevelsRule)):
            parts: list[Any] = [*getattr(item, "bands", ()), *getattr(item, "branches", ())]
            parts += [*getattr(item, "items", ()), *getattr(item, "shares", ())]
            otherwise = getattr(item, "otherwise", None)
            spans = [part.span for part in parts] + ([otherwise.span] if otherwise is not None else [])
            yield item.span.start, min(span.start for span in spans)
            yield from ((span.start, span.end) for span in spans)
        else:
            span = getattr(item, "span")  # noqa: B009 - every other statement is one piece
            yield span.start, span.end


def _breaks_a_piece_near(text: str, comment: Comment) -> bool:
    """Whether a piece of code that touches the suppression's lines runs over more than one line:
    formatting joins its lines, so the suppression cannot cover the same nodes afterwards."""
    source = SourceFile("fuzz", text)
    line = source.position(comment.span.start).line
    rubric = parse_rubric(source)
    for start, end in _piece_extents(rubric, header_start(source, rubric.comments)):
        text_of = text[start:end].rstrip()
        first, last = source.position(start).line, source.position(start + max(len(text_of) - 1, 0)).line
        if last > first and first <= line + 1 and last >= line:
            return True
    return False


@_VERDICT
@given(_suppressed_rubrics(inside_pieces=True))
def test_a_suppression_formatting_cannot_keep_in_place_leaves_the_file_alone(text: str) -> None:
    try:
        formatted = format_source(text)
    except SuppressionWouldMove as refused:
        assert _breaks_a_piece_near(text, refused.comment), text
        return
    assert _verdict(formatted) == _verdict(text), formatted
    assert format_source(formatted) == formatted


# ---- the author's spelling and order -----------------------------------------------------------------------

_TRUE, _FALSE = st.sampled_from(["true", "是"]), st.sampled_from(["false", "否"])
_BOOLEAN = _TRUE | _FALSE
_QUOTE = st.sampled_from(['"{}"', "“{}”"])
_COLON, _COMMA = st.sampled_from([":", "："]), st.sampled_from([",", "，"])


@st.composite
def _spelled_rubrics(draw: st.DrawFn) -> str:
    """Declarations in any order, with booleans, quotes and punctuation spelt either way."""
    quote = lambda text: draw(_QUOTE).format(text)  # noqa: E731 - one spelling per use
    declarations = [
        f"fact f{index} {quote(f'事实{index}')}{draw(_COLON)} bool{draw(_COMMA)} default {draw(_BOOLEAN)}"
        for index in range(draw(st.integers(1, 4)))
    ]
    declarations += [
        f"let v{index} {quote(f'派生{index}')} = f0 == {draw(_BOOLEAN)}" for index in range(draw(st.integers(0, 3)))
    ]
    levels = ", ".join(draw(st.sampled_from(["{}", '"{}"', "“{}”"])).format(name) for name in ("好", "较好", "差"))
    declarations.append(f"fact q {quote('质量')}{draw(_COLON)} enum({levels})")
    order = draw(st.permutations(declarations))
    branches = [f"f0 == {draw(_BOOLEAN)} -> 1" for _ in range(draw(st.integers(1, 3)))]
    points = draw(st.sampled_from(["1", "1分", "1 分"]))
    indicator = f"indicator i {quote('指标')} {points} {{ when {'; '.join(branches)}; else 0 }}"
    veto = f"veto when f0 == {draw(_BOOLEAN)}{draw(_COMMA)} {quote('否决')}"
    grade = lambda name: draw(st.sampled_from(["{}", '"{}"', "“{}”"])).format(name)  # noqa: E731
    grades = f"grades{draw(_COLON)} {grade('优')} >= 0.9; {grade('良')} >= 0.5; else {grade('差')}"
    return "\n".join([f"rubric t {quote('测试')} 1", grades, *order, indicator, veto]) + "\n"


def _spelling(text: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """The booleans, opening quotes, declared names and points written with 分, in the order written."""
    booleans = re.findall(r"\b(?:true|false)\b|是|否", re.sub(r'"[^"]*"|“[^”]*”', "", text))
    quotes = [string[0] for string in re.findall(r'"[^"]*"|“[^”]*”', text)]
    names = re.findall(r"^\s*(?:fact|let) (\w+)", text, flags=re.M)
    return booleans, quotes, names, re.findall(r"\d\s*分", text.replace(" 分", "分"))


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(_spelled_rubrics())
def test_formatting_keeps_the_authors_booleans_quotes_and_order(text: str) -> None:
    formatted = format_source(text)
    assert _spelling(formatted) == _spelling(text), formatted
    assert "：" not in formatted and "，" not in formatted  # punctuation is canonical ASCII (docs/style.md)
    assert format_source(formatted) == formatted
