"""Curated syntax errors: turn lark's failure into the mistake a policy writer actually made.

Four kinds of knowledge, tried in order:

1. **Characters** lark cannot lex at all (``→``, ``｛``, ``'``, ``&&``): a table from the character to the
   fix.
2. **Brackets**: a stray ``)``/``}``, or a ``(``/``{`` still open where the parser wanted it closed, is
   found by scanning the text (skipping labels and comments) so the caret points at the bracket itself,
   not at the end of the file.  A ``}`` too many is looked for by indentation, where the block was
   closed twice, rather than at the last ``}`` where the parser noticed.
3. **Labelled bad examples** (their table is in hint_examples.py), as in lark's
   ``UnexpectedInput.match_examples``: every example is parsed once and the LR state it fails in is
   recorded with its label.  An error in the same state with the same kind of token gets that label.

   Why not call ``match_examples`` itself: its ``ParserState.__eq__`` also compares the depth of the
   parser stack, so an example written at top level never matches the same mistake inside a section;
   and it re-parses every example on every error.  We match on the LR state alone (as Menhir's
   ``.messages`` files do) and build the table once.  Because LALR merges states, one state can be
   reached from several places (``10 •`` is the same state in a band and in a ``let``), so each label
   also names a *repair* — the token that was probably left out — and the label only applies when
   feeding that token and then the unexpected one lets the parser go on.

4. **Names** where something else belongs: an unquoted label, a misspelled keyword.

A band that swallowed the next band's comparison (``-> 3 >= 70% -> 2``) is recognised from the parser's
value stack, and a band's test written as a range (``0-10% -> 2``) from the text.  Every hint is a
catalogue code (E103–E125, E143, E144, E243); ``tests/cases/syntax`` holds a golden case for
each, in English and Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from rubricdsl.diagnostics.suggest import did_you_mean
from rubricdsl.reading.source import LINE_END, Span, line_number
from rubricdsl.syntax.grammar import lark_parser
from rubricdsl.syntax.hint_examples import EXAMPLES as EXAMPLES
from rubricdsl.syntax.hint_examples import acceptable as acceptable
from rubricdsl.syntax.hint_examples import example_table as example_table
from rubricdsl.syntax.hint_examples import failure_key as failure_key
from rubricdsl.syntax.hint_examples import repair_works
from rubricdsl.syntax.words import describe_token


@dataclass(frozen=True, slots=True)
class Hint:
    """A specific diagnostic for a syntax error: catalogue ``code``, where it points and its arguments."""

    code: str
    span: Span
    args: Mapping[str, Any] = field(default_factory=dict)  # the catalogue template's fields


# ---- 1. characters that are not part of the language ------------------------------------------------

# Full-width forms a Chinese input method produces that the grammar does *not* accept (it accepts
# ：；，、（）％≥≤＞＜＝ as the ASCII form), mapped to what to type instead.
FULL_WIDTH: Final[dict[str, str]] = {
    "｛": "{",
    "｝": "}",
    "【": "[",
    "】": "]",
    "［": "[",
    "］": "]",
    "－": "-",
    "—": "-",
    "–": "-",
    "＋": "+",
    "＊": "*",
    "／": "/",
    "．": ".",
    "。": ";",
    "！": "!",
    "＃": "#",
    "＂": '"',
}
ARROWS: Final = frozenset("→⇒➔➙➜⟶")
QUOTES: Final = frozenset("'‘’「」『』«»„")
SYMBOL_OPERATORS: Final[dict[str, str]] = {"&": "and", "|": "or", "!": "not"}
TWO_CHAR_ARROWS: Final = frozenset({"=>", "＝>", "=＞", "＝＞", "-＞", ">>"})


def _character_hint(text: str, offset: int) -> Hint | None:
    char = text[offset] if offset < len(text) else ""
    here = Span(offset, offset + 1)
    if char in ARROWS:
        return Hint("E104", here, {"found": char})
    if char in QUOTES:
        return Hint("E118", here, {"char": char})
    if char in FULL_WIDTH:
        return Hint("E106", here, {"char": char, "ascii": FULL_WIDTH[char]})
    if char in SYMBOL_OPERATORS:
        doubled = text[offset : offset + 2] in ("&&", "||")
        shown = text[offset : offset + 2] if doubled else char
        return Hint("E122", Span(offset, offset + len(shown)), {"char": shown, "word": SYMBOL_OPERATORS[char]})
    return None


# ---- 2. brackets ------------------------------------------------------------------------------------------

_OPENERS: Final = {"(": "(", "（": "(", "{": "{"}
_CLOSERS: Final = {")": "(", "）": "(", "}": "{"}
_BRACKET_SCAN: Final = re.compile(
    r'"[^"\r\n]*"|“(?:[^“”\r\n]|“[^“”\r\n]*”)*”|“[^”\r\n]*”|#[^\r\n]*|[(（{)）}]'  # labels as the STRING terminal
)


def open_brackets(text: str, end: int) -> list[tuple[str, int]]:
    """The brackets still open at ``end``, innermost last, as (``(`` or ``{``, offset).

    Labels and comments are skipped, so a ``(`` inside ``"说明（一）"`` does not count.  A closer with
    nothing to close is ignored here; the parser reports it.
    """
    stack: list[tuple[str, int]] = []
    for match in _BRACKET_SCAN.finditer(text, 0, end):
        piece = match.group()
        if piece in _OPENERS:
            stack.append((_OPENERS[piece], match.start()))
        elif piece in _CLOSERS and stack and stack[-1][0] == _CLOSERS[piece]:
            stack.pop()
    return stack


def _indent_of_line(text: str, offset: int) -> int:
    start = index = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    while index < len(text) and text[index] in " \t\u3000":
        index += 1
    return index - start


def _misindented_closer(text: str, end: int) -> int | None:
    """The first `}` before ``end`` whose line is indented differently from the line of the `{` it closes.

    When the parser meets a `}` with nothing left to close, the extra brace is usually further up, where
    a block was closed twice; with the usual indentation, that `}` sits deeper than the `{` it now closes.
    """
    stack: list[int] = []
    for match in _BRACKET_SCAN.finditer(text, 0, end):
        piece = match.group()
        if piece == "{":
            stack.append(match.start())
        elif piece == "}" and stack:
            opener = stack.pop()
            if _indent_of_line(text, opener) != _indent_of_line(text, match.start()):
                return match.start()
    return None


_CLOSER_TYPE: Final = {"(": "_RPAR", "{": "_RBRACE"}
_UNCLOSED_CODE: Final = {"(": "E108", "{": "E107"}


def _bracket_hint(text: str, error: UnexpectedToken, offset: int) -> Hint | None:
    token = error.token
    expected = set(error.expected)
    if token.type in ("_RPAR", "_RBRACE") and token.type not in expected:
        opening = "(" if token.type == "_RPAR" else "{"
        stack = open_brackets(text, offset)
        if not any(kind == opening for kind, _ in stack):
            early = _misindented_closer(text, offset) if opening == "{" else None
            if early is not None:
                return Hint("E125", Span(early, early + 1), {"line": line_number(text, offset)})
            return Hint("E109", _span_of(token, offset), {"char": str(token), "opening": opening})
        if stack[-1][0] != opening:  # `{ ( }`: the `(` inside was never closed
            kind, at = stack[-1]
            return Hint(_UNCLOSED_CODE[kind], Span(at, at + 1))
        return None
    wanted = [kind for kind, closer in _CLOSER_TYPE.items() if closer in expected]
    if not wanted:
        return None
    stack = open_brackets(text, offset)
    if not stack or stack[-1][0] not in wanted:
        return None
    kind, at = stack[-1]
    if token.type == "$END" or repair_works(error, Token(_CLOSER_TYPE[kind], ")" if kind == "(" else "}")):
        return Hint(_UNCLOSED_CODE[kind], Span(at, at + 1))
    return None


# ---- 3. labelled bad examples (their table: hint_examples.py) -------------------------------------------


def _example_hint(text: str, error: UnexpectedToken, offset: int) -> Hint | None:
    if error.state is None:
        return None
    for label in example_table().get((error.state.position, error.token.type), ()):
        repair = EXAMPLES[label][0]
        if repair is None or repair_works(error, Token(*repair)):
            found = describe_token(error.token.type, str(error.token))
            args = {"found": found.en, "found_zh": found.zh, "text": str(error.token)}
            span = _span_of(error.token, offset) if repair is None else _gap_span(text, error, offset)
            return Hint(label, span, args)
    return None


def _gap_span(text: str, error: UnexpectedToken, offset: int) -> Span:
    """Where a left-out token belongs: right after the previous token when the next one is on a later line
    (`else` at the end of line 100, `}` on line 101: the caret goes on line 100, where the writer looks)."""
    end = _end_of_parsed(error)
    if end is None or LINE_END.search(text, end, offset) is None:
        return _span_of(error.token, offset)
    return Span(end, end + 1)


def _end_of_parsed(error: UnexpectedToken) -> int | None:
    """The end offset of the last token or subtree the parser has already taken."""
    if error.state is None or not error.state.value_stack:
        return None
    last = error.state.value_stack[-1]
    if isinstance(last, Token):
        return last.end_pos
    meta = getattr(last, "meta", None)
    return None if meta is None or getattr(meta, "empty", True) else int(meta.end_pos)


def _band_after_band_hint(text: str, error: UnexpectedToken, offset: int) -> Hint | None:
    """`-> 3 >= 70% -> 2`: the band value swallowed the next band's comparison, and `->` is unexpected.

    The `;` belongs before that comparison, so the caret goes there rather than on the arrow.
    """
    if error.token.type != "_ARROW" or error.state is None or not error.state.value_stack:
        return None
    if "_SEMI" not in error.expected:
        return None
    last = error.state.value_stack[-1]
    if getattr(last, "data", None) != "compare" or len(last.children) != 3:
        return None
    operator = last.children[1]
    if not isinstance(operator, Token) or operator.start_pos is None:
        return None
    found = describe_token(operator.type, str(operator))
    return Hint("E105", _span_of(operator, operator.start_pos), {"found": found.en, "found_zh": found.zh})


# ---- a full-width label that ended at a quote inside it ------------------------------------------------------

_STRINGS: Final = re.compile(r'"[^"\r\n]*"|“(?:[^“”\r\n]|“[^“”\r\n]*”)*”|“[^”\r\n]*”')  # the STRING terminal
_REST_OF_LABEL: Final = re.compile(r"[^\s:：,，;；{}()（）]*")  # what the writer still meant to be the label


def _label_ended_early_hint(text: str, error: UnexpectedToken, offset: int) -> Hint | None:
    """`“本年度“三公经费”预算数”` with unbalanced inner quotes, `“评价“等级”“结果””` two deep: the label stopped at
    an inner `”` and what follows it, written right after, cannot follow a label (E144)."""
    if error.token.type == "$END":
        return None
    return label_ended_early(text, offset)


def label_ended_early(text: str, offset: int) -> Hint | None:
    """E144 when a full-width label ends right before ``offset``, where something that cannot follow it is."""
    if offset == 0 or text[offset - 1] != "”":
        return None
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    label = next(
        (m for m in _STRINGS.finditer(text, line_start, offset) if m.end() == offset and m.group()[0] == "“"), None
    )
    if label is None:
        return None
    rest = _REST_OF_LABEL.match(text, offset)
    tail = rest.group() if rest else ""
    whole = label.group()[1:] + (tail[:-1] if tail.endswith("”") else tail)
    fixed = f'"{whole}"' if '"' not in whole else f"“{whole}”"
    return Hint("E144", Span(label.start(), offset), {"text": label.group(), "fixed": fixed})


# ---- a band written as a range ----------------------------------------------------------------------------

# `0-10% -> 2`, `80～100% -> 5`, `10-15 -> 3`: a table's range spelling where a band's test belongs.  The unit
# may be written on the upper end only (`80-100%` is 80% to 100%).
_RANGE: Final = re.compile(
    r"(?P<low>\d+(?:\.\d+)?)(?P<low_unit>[%％]|万元|元)?[ \t\u3000]*[-－—–~～]"
    r"[ \t\u3000]*(?P<high>\d+(?:\.\d+)?)(?P<high_unit>[%％]|万元|元)?"
)


def range_interval(low: str, high: str, unit: str) -> tuple[str, str]:
    """The interval a range `low-high` most often means in a 评价标准, and the other reading.

    A top band (`80-100%`) holds both ends; a band from 0 (`0-10%`) leaves 0 to a band of its own (the
    "=0" band of a lower-is-better ladder, domain-patterns P1); any other holds its lower end, as
    "85%（含）-95%" does.  Only the writer knows: the hint shows both.
    """
    unit = "%" if unit == "％" else unit
    low_text = low if Decimal(low) == 0 else f"{low}{unit}"
    high_text = f"{high}{unit}"
    if unit == "%" and Decimal(high) == 100:
        return f"[{low_text}, {high_text}]", f"({low_text}, {high_text}]"
    if Decimal(low) == 0:
        return f"({low_text}, {high_text}]", f"[{low_text}, {high_text})"
    return f"[{low_text}, {high_text})", f"({low_text}, {high_text}]"


def _range_band_hint(text: str, error: UnexpectedToken, offset: int) -> Hint | None:
    """A band's test written as a range (E143), where the parser wanted `>=`, `[` or `(`."""
    if error.token.type not in ("NUMBER", "PERCENT", "MONEY") or "CMP" not in error.expected:
        return None
    found = _RANGE.match(text, offset)
    if found is None:
        return None
    unit = found["high_unit"] or found["low_unit"] or ""
    suggested, other = range_interval(found["low"], found["high"], unit)
    return Hint("E143", Span(found.start(), found.end()), {"text": found.group(), "fixed": suggested, "other": other})


# ---- 4. names where something else belongs ------------------------------------------------------------------

_KEYWORD = re.compile(r"^[a-z_]+$")


def _keywords(expected: set[str]) -> list[str]:
    words = []
    for terminal in lark_parser().terminals:
        if terminal.name in expected and terminal.pattern.type == "str":
            value = str(terminal.pattern.value)
            if _KEYWORD.match(value):
                words.append(value)
    return words


def _name_hint(text: str, error: UnexpectedToken, offset: int) -> Hint | None:
    token = error.token
    if token.type != "NAME":
        return None
    expected = set(error.expected)
    span = _span_of(token, offset)
    # a label is due (after an id), not the rest of an expression (which an assertion's message may follow)
    if "STRING" in expected and "NAME" not in expected and "PLUS" not in expected:
        return Hint("E117", span, {"found": str(token)})
    suggestion = did_you_mean(str(token), _keywords(expected))
    if suggestion is not None:
        return Hint("E120", span, {"found": str(token), "keyword": suggestion})
    return None


def _missing_rule_hint(text: str, error: UnexpectedToken, offset: int) -> Hint | None:
    if error.token.type == "_RBRACE" and "SCORE" in error.expected:
        return Hint("E121", _span_of(error.token, offset))
    return None


# A rule with `;`-separated parts of its own written as a `when` outcome without parentheses: the contextual
# lexer reads its keyword as a name (`-> score x: …` fails at `x`), or `judged s within` fails at `within`.
_UNWRAPPED_RULE = re.compile(r"(?:->|\belse)\s*(?P<keyword>score|when|checklist|levels)\s*$")
_WHEN = re.compile(r"\bwhen\b")
_UNWRAPPED_WITHIN = re.compile(r"(?:->|\belse)\s*(?P<keyword>judged)\s+[^\W\d]\w*\s*$")


def _unwrapped_rule_hint(text: str, error: UnexpectedToken, offset: int) -> Hint | None:
    before = text[:offset]
    found = _UNWRAPPED_WITHIN.search(before) if error.token.type == "WITHIN" else _UNWRAPPED_RULE.search(before)
    if found is None or not _WHEN.search(before, before.rfind("{") + 1):
        return None  # not in a `when` (a score band's outcome cannot be a rule at all)
    keyword = "judged … within" if found["keyword"] == "judged" else found["keyword"]
    start = found.start("keyword")
    return Hint("E243", Span(start, start + len(found["keyword"])), {"keyword": keyword})


def _span_of(token: Token, offset: int) -> Span:
    end = token.end_pos if token.end_pos is not None else offset
    return Span(offset, max(end, offset + 1))


def syntax_hint(text: str, error: UnexpectedInput) -> Hint | None:
    """The curated diagnostic for ``error`` in ``text``, or None when none of the known mistakes fits."""
    if isinstance(error, UnexpectedCharacters):
        offset = error.pos_in_stream or 0
        return label_ended_early(text, offset) or _character_hint(text, offset)
    if not isinstance(error, UnexpectedToken):
        return None
    token = error.token
    offset = token.start_pos if token.start_pos is not None and token.type != "$END" else len(text.rstrip())
    if token.type in ("EQ", "MINUS", "CMP"):
        pair = text[offset : offset + 2]
        if pair in TWO_CHAR_ARROWS and "_ARROW" in error.expected:
            return Hint("E104", Span(offset, offset + 2), {"found": pair})
    for rule in _TOKEN_RULES:
        hint = rule(text, error, offset)
        if hint is not None:
            return hint
    return None


# Brackets first: an unclosed `{` explains a surprising token better than any example does.
_TOKEN_RULES: Final[tuple[Callable[[str, UnexpectedToken, int], Hint | None], ...]] = (
    _bracket_hint,
    _label_ended_early_hint,
    _unwrapped_rule_hint,
    _band_after_band_hint,
    _range_band_hint,
    _example_hint,
    _name_hint,
    _missing_rule_hint,
)
