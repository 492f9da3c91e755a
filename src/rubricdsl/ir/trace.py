"""Traces as flat columns: the one naming every reader of a trace shares.

An indicator's frame maps stable keys to values, and a nested rule's frame sits under its own key
(:class:`~rubricdsl.ir.nodes.Scope`).  Flattened with dotted paths (``arm``, ``rule1.units``) it is a row: the
"branch that fired" columns of a SQL query (``<indicator>.<path>``), the cells of a lint witness, the values
an explanation reads.  The E307 guard's ``score`` binding is the score itself and is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rubricdsl.ir.lower import SCORE_KEY


def columns(frame: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"arm": 1, "rule1": {"units": 2}}`` → ``{"arm": 1, "rule1.units": 2}`` (prefixed when asked)."""
    found: dict[str, Any] = {}
    for key, value in frame.items():
        if not prefix and key == SCORE_KEY:
            continue
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            found.update(columns(value, f"{path}."))
        else:
            found[path] = value
    return found
