"""What an absent fact means must be written down when the fact is scored (issue 9 §4).

An absent ``optional`` fact used to make its indicator not applicable, and the total was rescaled without
a word: a table whose one answered row scored 10 of 100 points printed 100 优.  Now a fact that an indicator
reads (directly or through a ``let``) may be ``optional`` only with its policy stated:
``absent: not_applicable`` (the indicator leaves the sum and the total is rescaled) or a ``default``.  A bare
``optional`` stays valid for facts no indicator reads (kept for the record, or read only by a veto).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.syntax import nodes as n


class ReadsFacts(Protocol):
    @property
    def node(self) -> n.Indicator: ...

    @property
    def facts(self) -> tuple[str, ...]: ...


def needs_policy(decl: n.FactDecl) -> bool:
    return decl.optional and decl.absent is None and decl.default is None


def absence_policy_problems(facts: Iterable[n.FactDecl], indicators: Iterable[ReadsFacts]) -> list[Diagnostic]:
    """One ``E233`` per bare ``optional`` fact that an indicator scores with, naming the first such indicator,
    and one ``E235`` per fact that states two policies (a ``default`` and ``absent: not_applicable``)."""
    facts = list(facts)
    unstated = {decl.name: decl for decl in facts if needs_policy(decl)}
    problems = [
        messages.make("E235", decl.span, name=decl.name)
        for decl in facts
        if decl.absent is not None and decl.default is not None
    ]
    for info in indicators:
        for name in info.facts:
            decl = unstated.pop(name, None)
            if decl is not None:
                problems.append(messages.make("E233", decl.span, name=name, indicator=info.node.id))
    return problems
