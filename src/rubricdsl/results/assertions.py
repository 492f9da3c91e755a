"""Assertions (``assert``) as fact problems that name the facts and their exact values, in both languages.

A violated assertion is ``F462`` (an error: the result is not final, exit 1) or, marked ``warn``, ``F463`` (a
warning: the result stands).  One that could not be checked, because a value it reads is missing or invalid,
is ``F464`` (a warning: the missing fact is already its own problem).  Values are shown as every value is
(results/display.py), with the digits that keep each side on its side of the other: 29.08 is never shown as
≈29 beside 29.

Each problem's subject is the assertion it is about, ``assert#N`` (:func:`rubricdsl.ir.assertions.subject`),
also shown in its sentence, so two violated assertions in one row stay apart in every rendering.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rubricdsl.diagnostics import Diagnostic, Severity, Text, messages
from rubricdsl.ir.assertions import Checked, subject
from rubricdsl.results.display import expression_kind, rubric_money_unit, show
from rubricdsl.results.model import AssertionOutcome
from rubricdsl.semantics.check import CheckedRubric, free_names
from rubricdsl.syntax import nodes as n


class AssertionReport:
    """Prepared once per rubric: each assertion's source text, its sides' display kinds and the names it reads."""

    def __init__(self, checked: CheckedRubric, kinds: Mapping[str, str]) -> None:
        self.checked = checked
        self.kinds = kinds
        unit = rubric_money_unit(checked)
        source = checked.source
        self._items = [
            (
                item,
                source.snippet(item.left.span),
                source.snippet(item.right.span),
                expression_kind(item.left, checked, kinds, unit),
                expression_kind(item.right, checked, kinds, unit),
                tuple(dict.fromkeys([*free_names(item.left), *free_names(item.right)])),
                source.snippet(item.span),
            )
            for item in checked.rubric.assertions
        ]

    def problems(self, outcomes: tuple[Checked, ...], env: Mapping[str, Any]) -> list[Diagnostic]:
        """The fact problems of these outcomes: one per assertion that does not hold or was not checked."""
        return [problem for _, problem in self.report(outcomes, env) if problem is not None]

    def report(
        self, outcomes: tuple[Checked, ...], env: Mapping[str, Any]
    ) -> list[tuple[AssertionOutcome, Diagnostic | None]]:
        """Each assertion's outcome as results show it, with its fact problem (None when it holds)."""
        found: list[tuple[AssertionOutcome, Diagnostic | None]] = []
        for outcome, (item, left, right, left_kind, right_kind, names, text) in zip(outcomes, self._items, strict=True):
            message = item.message or text
            ident = subject(outcome.assertion)
            if outcome.held is None:
                # the names with no value; else a side itself could not be computed (a division by zero)
                absent = "、".join(f"`{name}`" for name in names if name not in env) or f"`{left}`、`{right}`"
                problem = messages.make(
                    "F464",
                    None,
                    severity=Severity.WARNING,
                    subject=ident,
                    assertion=ident,
                    message=message,
                    names=absent,
                )
                found.append((AssertionOutcome(message, "not_checked", item.warn, problem.message, ident), problem))
                continue
            args: dict[str, object] = {
                "assertion": ident,
                "message": message,
                "left": left,
                "right": right,
                "left_value": self._shown(outcome.left, left_kind, outcome.right),
                "right_value": self._shown(outcome.right, right_kind, outcome.left),
                **self._within(item),
                **self._reads(names, (left, right), env),
            }
            if outcome.held:
                sentence = Text(
                    "holds ({assertion}): {message}: `{left}` is {left_value}, `{right}` is {right_value}{within}".format(
                        **args
                    ),
                    "成立（{assertion}）：{message}：`{left}` 为 {left_value}，`{right}` 为 {right_value}{within_zh}".format(
                        **args
                    ),
                )
                found.append((AssertionOutcome(message, "holds", item.warn, sentence, ident), None))
                continue
            code, severity = ("F463", Severity.WARNING) if item.warn else ("F462", Severity.ERROR)
            problem = messages.make(code, None, severity=severity, subject=ident, hint=True, **args)
            found.append((AssertionOutcome(message, "violated", item.warn, problem.message, ident), problem))
        return found

    @staticmethod
    def _shown(value: Any, kind: str, other: Any) -> str:
        return show(value, kind, [other] if isinstance(other, Decimal) else [])

    def _within(self, item: n.Assertion) -> dict[str, str]:
        if item.tolerance is None:
            return {"within": "", "within_zh": ""}
        text = item.tolerance.text
        return {"within": f" (tolerance {text})", "within_zh": f"（容差 {text}）"}

    def _reads(self, names: tuple[str, ...], sides: tuple[str, str], env: Mapping[str, Any]) -> dict[str, str]:
        """The facts and derived values read, with their values, unless a side is that one name alone."""
        shown = [name for name in names if name not in sides and name in env]
        if not shown:
            return {"reads": "", "reads_zh": ""}
        listed = [f"`{name}` {show(env[name], self.kinds.get(name, ''))}" for name in shown]
        return {"reads": "; " + ", ".join(listed), "reads_zh": "；" + "，".join(listed)}
