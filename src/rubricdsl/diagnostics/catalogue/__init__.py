"""The diagnostic codes' entries, one module per family of codes, in the order the documentation lists them.

:data:`CATALOGUE` is what :mod:`rubricdsl.diagnostics.messages` builds diagnostics from; a code is defined in
exactly one family (a test holds the families disjoint).
"""

from __future__ import annotations

from typing import Final

from rubricdsl.diagnostics.catalogue import adjustments, expectations, facts, machine, rubric, scoring, sql, syntax
from rubricdsl.diagnostics.catalogue.entry import Entry

FAMILIES: Final = (syntax, rubric, adjustments, scoring, facts, expectations, machine, sql)
CATALOGUE: Final[dict[str, Entry]] = {code: entry for family in FAMILIES for code, entry in family.ENTRIES.items()}

__all__ = ["CATALOGUE", "FAMILIES", "Entry"]
