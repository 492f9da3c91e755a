"""One section's row of a result: :class:`SectionStatic`, prepared once per rubric, and :class:`SectionResult`,
the row over one evaluation's (applicable points, score, veto[, adjustments]) of every section."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rubricdsl.ir.outcomes import Adjusted
from rubricdsl.results.rows import PlacedRow


class SectionStatic:
    """The parts of a section's result that are the same in every evaluation, prepared once per rubric;
    ``position`` is the section's place in the evaluation's list of (applicable points, score, veto)."""

    __slots__ = ("children", "id", "label", "path", "path_labels", "points", "position")

    def __init__(
        self,
        id: str,
        label: str,
        path: tuple[str, ...],
        path_labels: tuple[str, ...],
        points: Decimal,
        children: tuple[str, ...],
        position: int,
    ) -> None:
        self.id = id
        self.label = label
        self.path = path
        self.path_labels = path_labels
        self.points = points
        self.children = children
        self.position = position


_SECTION_FIELDS = (
    "id",
    "label",
    "path",
    "path_labels",
    "points",
    "applicable_points",
    "score",
    "vetoed",
    "children",
    "adjusted",
)
SectionValues = tuple[Decimal, Decimal, str | None] | tuple[Decimal, Decimal, str | None, Any]


class SectionResult(PlacedRow):
    """One section's score.  Immutable; the static parts come from the rubric's :class:`SectionStatic`, the
    rest from the evaluation's (applicable points, score, veto) of every section, which may be computed on
    first access."""

    __slots__ = ("_static", "_values")
    _FIELDS = _SECTION_FIELDS
    _static: SectionStatic

    def __init__(self, static: SectionStatic, values: Sequence[SectionValues]) -> None:
        self._static = static
        self._values = values

    @property
    def applicable_points(self) -> Decimal:
        """The points of the section's applicable indicators (those not marked not applicable)."""
        return self._values[self._static.position][0]

    @property
    def score(self) -> Decimal:
        """The sum of the scores of the section's rows, after any veto."""
        return self._values[self._static.position][1]

    @property
    def vetoed(self) -> str | None:
        """The veto's reason or condition text when one fired."""
        return self._values[self._static.position][2]

    @property
    def children(self) -> tuple[str, ...]:
        """Ids of the sections and indicators directly inside, in rubric order."""
        return self._static.children

    @property
    def adjusted(self) -> Adjusted | None:
        """The section's penalties and bonuses (``base``, ``bonus``, ``penalty``, ``final``), None without."""
        values = self._values[self._static.position]
        return values[3] if len(values) > 3 else None

    @property
    def base(self) -> Decimal:
        """The score before penalties and bonuses (after points moved from not-applicable indicators)."""
        adjusted = self.adjusted
        return self.score if adjusted is None else adjusted.base

    @property
    def bonus(self) -> Decimal:
        """The sum of the section's scored bonuses (0 without)."""
        adjusted = self.adjusted
        return Decimal(0) if adjusted is None else adjusted.bonus

    @property
    def penalty(self) -> Decimal:
        """The sum of the section's scored penalties (0 without)."""
        adjusted = self.adjusted
        return Decimal(0) if adjusted is None else adjusted.penalty

    @property
    def lost(self) -> Decimal:
        """Applicable points not scored."""
        return self.applicable_points - self.score

    def __reduce__(self) -> tuple[Any, ...]:
        return _restore_section, (self._fields(),)


def _restore_section(fields: tuple[Any, ...]) -> SectionResult:
    values = dict(zip(_SECTION_FIELDS, fields, strict=True))
    static = SectionStatic(
        values["id"], values["label"], values["path"], values["path_labels"], values["points"], values["children"], 0
    )
    row = (values["applicable_points"], values["score"], values["vetoed"], values["adjusted"])
    return SectionResult(static, (row,))
