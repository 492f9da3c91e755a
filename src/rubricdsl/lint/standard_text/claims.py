"""What a 评价标准 text says, as data: the claims the reader extracts and the lint compares with the rule.

Percents are fractions of one (90% → 9/10), money is in 元, points are plain numbers; a quantity with no unit
and the value 0 fits any kind ("设备故障率=0").
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Kind = Literal["percent", "number", "money"]


@dataclass(frozen=True)
class Quantity:
    value: Fraction
    kind: Kind
    text: str

    def fits(self, kind: Kind) -> bool:
        return self.kind == kind or self.value == 0


@dataclass(frozen=True)
class Range:
    """The subject values a clause speaks about; an end whose inclusion the text leaves open is ``None``."""

    low: Quantity | None = None
    low_inclusive: bool | None = None
    high: Quantity | None = None
    high_inclusive: bool | None = None

    def contains(self, value: Fraction) -> bool | None:
        """Whether ``value`` is in the range; ``None`` at an end whose inclusion is not known."""
        for end, inclusive, below in ((self.low, self.low_inclusive, True), (self.high, self.high_inclusive, False)):
            if end is None:
                continue
            if value == end.value:
                if inclusive is None:
                    return None
                if not inclusive:
                    return False
            elif (value < end.value) == below:
                return False
        return True

    def ends(self) -> list[Quantity]:
        return [end for end in (self.low, self.high) if end is not None]


@dataclass(frozen=True)
class BandClaim:
    """ "90%以上（5分）": the subject in ``range`` scores ``points`` (``None`` range: 否则/否, every other value)."""

    range: Range | None
    points: Fraction
    text: str


@dataclass(frozen=True)
class LadderReading:
    bands: tuple[BandClaim, ...]  # in text order; the first that contains a value decides, as in a score rule


@dataclass(frozen=True)
class DeductReading:
    """ "≤5%，计2分；每上升1%扣0.25分，扣完为止": base, threshold, direction, step, rate and cap as written."""

    base: Fraction | None  # None: not stated; FULL_MARKS: 满分
    threshold: Quantity | None
    above: bool  # deducts as the subject rises above the threshold
    step: Quantity | None  # None: one unit (每少一次)
    rate: Fraction
    cap: Fraction | None
    text: str


@dataclass(frozen=True)
class YesNoReading:
    yes: Fraction
    no: Fraction
    text: str


@dataclass(frozen=True)
class ChecklistReading:
    items: tuple[tuple[str, Fraction], ...]  # (label as written, points)


@dataclass(frozen=True)
class ProportionalReading:
    lower_is_better: bool | None  # 反向指标 / 指标值/实际值; None when the text does not say
    scale: Fraction | None  # "× 10": the points the ratio multiplies; None for ×分值 or unstated
    cap: Fraction | None  # "最高 10 分"
    text: str


FULL_MARKS = Fraction(-1)  # a marker for 满分/分值: the indicator's own points

Reading = LadderReading | DeductReading | YesNoReading | ChecklistReading | ProportionalReading
