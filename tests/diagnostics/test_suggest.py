"""The indexed "did you mean" gives the plain scan's answer, and its cost does not grow with hostile input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rubricdsl.diagnostics.suggest import Suggester, _fold, distance_within, edit_distance

LETTERS = st.text(alphabet="abcde_-Xé预算", min_size=0, max_size=12)


def reference(word: str, candidates: list[str]) -> str | None:
    """The plain scan the index replaces: fewest edits within half the word, the first on a tie."""
    folded = _fold(word)
    best: tuple[int, str] | None = None
    allowed = max(1, len(folded) // 2)
    for candidate in candidates:
        if candidate == word:
            continue
        distance = edit_distance(folded, _fold(candidate))
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


@settings(max_examples=400, deadline=None)
@given(st.lists(LETTERS, max_size=30), st.lists(LETTERS, min_size=1, max_size=5))
def test_the_index_answers_as_the_plain_scan(candidates: list[str], words: list[str]) -> None:
    suggester = Suggester(candidates)
    for word in [*words, *candidates[:3]]:
        assert suggester.suggest(word) == reference(word, candidates)


@settings(max_examples=300, deadline=None)
@given(LETTERS, LETTERS, st.integers(min_value=0, max_value=8))
def test_the_banded_distance_is_exact_up_to_its_limit(a: str, b: str, limit: int) -> None:
    assert distance_within(a, b, limit) == min(edit_distance(a, b), limit + 1)


def test_a_word_far_longer_than_any_name_gets_no_suggestion_and_costs_nothing() -> None:
    assert Suggester(["budget"]).suggest("b" * 1_000_000) is None
