"""“Did you mean …?”: the closest known name within an edit distance of about half the word.

:func:`did_you_mean` answers one question over a list; :class:`Suggester` indexes a fixed set of names once
(by folded form and by length) for the many questions a facts file with unknown keys asks.  Both give the
same answer: the candidate with the fewest edits, the earliest one on a tie.  Distances are computed only
as far as they can still win (a banded edit distance that stops at the best distance so far), so a
hostile list of names costs little more than its length.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_WORD = 200  # longer words get no suggestion: nobody mistypes 200 characters


def _fold(word: str) -> str:
    return word.casefold().replace("_", "").replace("-", "")


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def distance_within(a: str, b: str, limit: int) -> int:
    """The edit distance of ``a`` and ``b`` if it is at most ``limit``, else ``limit + 1``.

    Only the diagonal band ``|i - j| <= limit`` can hold a path that cheap, and the work stops as soon as a
    whole row exceeds the limit.
    """
    beyond = limit + 1
    length_b = len(b)
    if abs(len(a) - length_b) > limit:
        return beyond
    previous = [j if j <= limit else beyond for j in range(length_b + 1)]
    for i, char_a in enumerate(a, 1):
        current = [beyond] * (length_b + 1)
        current[0] = i if i <= limit else beyond
        row_min = current[0]
        for j in range(max(1, i - limit), min(length_b, i + limit) + 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != b[j - 1]))
            current[j] = value if value < beyond else beyond
            if value < row_min:
                row_min = value
        if row_min > limit:
            return beyond
        previous = current
    return previous[length_b]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    return Suggester(candidates).suggest(word)


_INDEXED_LENGTH = 64  # longer names are only scanned: their deletion neighbourhoods would be large


def _deletions(word: str) -> set[str]:
    """``word`` and every string one deletion away from it."""
    return {word, *(word[:index] + word[index + 1 :] for index in range(len(word)))}


class Suggester:
    """A fixed set of candidate names, indexed for repeated :meth:`suggest` calls.

    Two candidates at edit distance 0 or 1 from a word always share a member of their one-deletion
    neighbourhoods, so looking those up finds *every* candidate that close without a scan; only when none
    is that close are the others scanned, nearest lengths first, each skipped when its characters alone
    rule it out (a character of one that the other lacks costs at least one edit).
    """

    def __init__(self, candidates: Iterable[str]) -> None:
        self._by_fold: dict[str, list[tuple[int, str]]] = {}
        self._by_length: dict[int, list[tuple[int, str, str, frozenset[str]]]] = {}
        self._near: dict[str, list[tuple[int, str, str]]] = {}
        for order, candidate in enumerate(dict.fromkeys(candidates)):
            folded = _fold(candidate)
            self._by_fold.setdefault(folded, []).append((order, candidate))
            self._by_length.setdefault(len(folded), []).append((order, candidate, folded, frozenset(folded)))
            if len(folded) <= _INDEXED_LENGTH:
                for deletion in _deletions(folded):
                    self._near.setdefault(deletion, []).append((order, candidate, folded))

    def suggest(self, word: str) -> str | None:
        folded = _fold(word)
        if len(folded) > MAX_WORD:
            return None
        same = [(order, candidate) for order, candidate in self._by_fold.get(folded, ()) if candidate != word]
        if same:
            return min(same)[1]
        allowed = max(1, len(folded) // 2)
        best: tuple[int, int, str] | None = None  # (distance, order, candidate)
        if len(folded) <= _INDEXED_LENGTH + 1:
            for deletion in _deletions(folded):
                for order, candidate, other in self._near.get(deletion, ()):
                    if candidate == word:
                        continue
                    distance = distance_within(folded, other, min(2, allowed))
                    if distance <= allowed and (best is None or (distance, order) < best[:2]):
                        best = (distance, order, candidate)
            if best is not None and best[0] <= 1:
                return best[2]  # every candidate within distance 1 was among those looked up
        letters = frozenset(folded)
        # Nearest lengths first: the length difference is a lower bound on the distance.
        for length in sorted(self._by_length, key=lambda length: abs(length - len(folded))):
            limit = allowed if best is None else best[0]
            if abs(length - len(folded)) > limit:
                break
            for order, candidate, other, other_letters in self._by_length[length]:
                limit = allowed if best is None else best[0]
                if candidate == word or max(len(letters - other_letters), len(other_letters - letters)) > limit:
                    continue
                distance = distance_within(folded, other, limit)
                if distance <= limit and (best is None or (distance, order) < best[:2]):
                    best = (distance, order, candidate)
        return best[2] if best else None
