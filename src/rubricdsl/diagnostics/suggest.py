"""“Did you mean …?”: the closest known name within an edit distance of about half the word."""

from __future__ import annotations

from collections.abc import Iterable


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


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    folded = _fold(word)
    if len(folded) > 200:
        return None
    best: tuple[int, str] | None = None
    allowed = max(1, len(folded) // 2)
    for candidate in candidates:
        if candidate == word:
            continue
        other = _fold(candidate)
        if abs(len(other) - len(folded)) > allowed:  # cannot be close enough; skip the quadratic work
            continue
        distance = edit_distance(folded, other)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None
