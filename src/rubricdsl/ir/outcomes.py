"""What happened to a section's score between its children's sum and its final score, and to the grade after
it was found (issue 10: points moved from not-applicable indicators, penalties and bonuses, grade caps).

Plain records, filled by the IR interpreter and read by the result stage (steps, section results, JSON,
tables); they import nothing of the pipeline, so every stage may read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Move:
    """Points of not-applicable indicators moved to applicable siblings.

    ``named``: ``sources`` is one indicator, whose ``points`` went to the one receiver, scored
    ``receiver_score`` of ``receiver_points`` (the section gained ``receiver_score × points / receiver_points``;
    with ``receiver_score`` None the receiver had failed and gained the points without a score).  Otherwise pro
    rata: the ``points`` of ``sources`` went to every applicable child in proportion to its applicable points
    (``receivers``: id and points received), the section's ``before`` × (``applicable`` + points) /
    ``applicable``."""

    named: bool
    sources: tuple[str, ...]
    points: Decimal
    receivers: tuple[tuple[str, Decimal], ...]
    before: Decimal
    after: Decimal
    applicable: Decimal  # the applicable points the points were spread over (pro rata), or the receiver's
    receiver_score: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Adjusted:
    """A section's (or the total's) penalties and bonuses: ``base`` (the score they act on), the sums of its
    scored ``bonus`` and ``penalty`` values, and ``final`` = base + bonus − penalty floored at 0 and, unless
    the section is uncapped, capped at ``points``."""

    base: Decimal
    bonus: Decimal
    penalty: Decimal
    final: Decimal
    points: Decimal


@dataclass(frozen=True, slots=True)
class CapOutcome:
    """A grade cap whose condition held: its position among the rubric's caps, the grade it holds the result
    to, and whether it lowered the grade (False: the grade was already at or below it)."""

    index: int
    grade: str
    lowered: bool
