from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator

from rubricdsl.diagnostics import Diagnostic, Text
from rubricdsl.lint.registry import register
from rubricdsl.lint.rule import Category, LintContext, LintRule
from rubricdsl.reading.source import Span
from rubricdsl.syntax import nodes as n


@register
class ConfusableIdentifier(LintRule):
    """## What it does
    Finds identifiers that mix Latin letters with Cyrillic or Greek ones, or that contain full-width
    letters or digits (`ｂｕｄｇｅｔ`, typed with a Chinese input method).  Chinese characters mixed with
    Latin letters are fine and not reported.

    ## Why is this bad?
    `bаdget` with a Cyrillic `а` looks exactly like `badget` but is another name: a rule reading one
    while the facts file supplies the other fails in ways nobody can see on screen.

    ## Example
    ```text
    fact bаdget_planned "计划投入": money 元, > 0
    ```
    (the second letter is Cyrillic `а`, U+0430)

    ## Use instead
    ```text
    fact budget_planned "计划投入": money 元, > 0
    ```
    """

    code = "L402"
    name = "confusable-identifier"
    category = Category.STYLE
    summary = "an identifier with look-alike letters from another script"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        rubric = ctx.checked.rubric
        declared: list[tuple[str, Span]] = [(rubric.id, rubric.span)]
        declared += [(decl.name, decl.span) for decl in rubric.facts]
        declared += [(let.name, let.span) for let in rubric.lets]
        stack: list[n.Section | n.Indicator] = list(rubric.children)
        while stack:
            item = stack.pop()
            declared.append((item.id, item.span))
            if isinstance(item, n.Section):
                stack += item.children
        for ident, span in declared:
            problem = _problem(ident)
            if problem is None:
                continue
            char, en, zh = problem
            code = f"U+{ord(char):04X}"
            yield self.finding(
                span,
                Text(f"`{ident}` {en} (`{char}` {code})", f"`{ident}` {zh}（`{char}` {code}）"),
                Text(
                    "retype the name with one script; look-alike letters make names that read the same but differ",
                    "请用同一种文字重新输入该名称；形近字母会造成看似相同、实则不同的名称",
                ),
            )


@functools.cache
def _script(char: str) -> str:
    if "\uff01" <= char <= "\uff5e":
        return "fullwidth"
    if not char.isalpha():
        return "other"
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script.lower()
    return "other"


def _problem(ident: str) -> tuple[str, str, str] | None:
    if ident.isascii():  # no full-width, Cyrillic or Greek letter: nothing to find (most names)
        return None
    scripts = {char: _script(char) for char in ident}
    for char, script in scripts.items():
        if script == "fullwidth":
            return char, "contains a full-width character", "含有全角字符"
    if "latin" in scripts.values():
        for char, script in scripts.items():
            if script in ("cyrillic", "greek"):
                word = "Cyrillic" if script == "cyrillic" else "Greek"
                word_zh = "西里尔" if script == "cyrillic" else "希腊"
                return char, f"mixes Latin and {word} letters", f"混用了拉丁字母和{word_zh}字母"
    return None
