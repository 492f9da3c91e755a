"""The Unicode facts the CSV reading spells in SQL: Python's decimal digits and whitespace, and the characters
whose ``casefold()`` is a letter of the yes/no words.

They come from Python's own tables (``str.isdecimal``, ``str.isspace``, ``str.casefold``), so that the SQL
engine reads a cell as the facts layer does.  Finding them means one pass over all 1,114,112 code points
(~0.5 s each time a process generated a CSV query), so a snapshot is shipped beside this module
(``unicode_sets.json``), used when it was taken from the running Python's Unicode version and computed
afresh otherwise.  Regenerate it with ``python -m rubricdsl.evaluate.sql.unicode_sets`` (a test checks it
equals the computation).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rubricdsl.inputs.fact_values import _NO, _YES

SNAPSHOT = Path(__file__).with_name("unicode_sets.json")


@dataclass(frozen=True, slots=True)
class UnicodeSets:
    version: str  # unicodedata.unidata_version they were read from
    digits: tuple[int, ...]  # code points Python's str.isdecimal accepts
    spaces: tuple[int, ...]  # code points str.isspace accepts (what str.strip removes)
    folds: dict[str, tuple[str, ...]]  # each yes/no letter: every character whose casefold() is it


def compute() -> UnicodeSets:
    """The sets from the running Python's tables, in one pass over every code point."""
    letters = {letter for word in (*_YES, *_NO) for letter in word}
    folds: dict[str, list[str]] = {letter: [] for letter in letters}
    digits: list[int] = []
    spaces: list[int] = []
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        if character.isdecimal():
            digits.append(code)
        if character.isspace():
            spaces.append(code)
        folded = character.casefold()
        if folded in folds:
            folds[folded].append(character)
        elif len(folded) > 1 and any(folded in word for word in (*_YES, *_NO)):
            # a character folding to several letters inside a word: a character class could not spell it
            raise AssertionError(f"{character!r} folds to {folded!r}")
    return UnicodeSets(
        unicodedata.unidata_version,
        tuple(digits),
        tuple(spaces),
        {letter: tuple(found) for letter, found in sorted(folds.items())},
    )


def _as_json(sets: UnicodeSets) -> str:
    data = {"version": sets.version, "digits": sets.digits, "spaces": sets.spaces, "folds": sets.folds}
    return json.dumps(data, ensure_ascii=True, indent=0) + "\n"


@cache
def unicode_sets() -> UnicodeSets:
    """The snapshot when it matches the running Python's Unicode version, else the sets computed afresh."""
    try:
        data = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return compute()
    if data.get("version") != unicodedata.unidata_version:
        return compute()
    folds = {str(letter): tuple(found) for letter, found in data["folds"].items()}
    return UnicodeSets(data["version"], tuple(data["digits"]), tuple(data["spaces"]), folds)


def main() -> None:
    SNAPSHOT.write_text(_as_json(compute()), encoding="utf-8")
    print(f"wrote {SNAPSHOT} (Unicode {unicodedata.unidata_version})")


if __name__ == "__main__":
    main()
