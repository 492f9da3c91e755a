"""The rule table: every rule module registers its class here, keyed by code and by name.

Importing :mod:`rubricdsl.lint.rules` imports every rule module, so the table is complete once that
package is loaded; codes and names are checked for uniqueness as they register.
"""

from __future__ import annotations

from typing import TypeVar

from rubricdsl.lint.rule import LintRule

_BY_CODE: dict[str, type[LintRule]] = {}
_BY_NAME: dict[str, type[LintRule]] = {}

R = TypeVar("R", bound=type[LintRule])


def register(rule: R) -> R:
    if rule.code in _BY_CODE or rule.name in _BY_NAME:
        raise ValueError(f"lint rule {rule.code} {rule.name} is registered twice")
    _BY_CODE[rule.code] = rule
    _BY_NAME[rule.name] = rule
    return rule


def all_rules() -> list[type[LintRule]]:
    import rubricdsl.lint.rules  # noqa: F401  the import registers every rule

    return sorted(_BY_CODE.values(), key=lambda rule: rule.code)


def find_rule(key: str) -> type[LintRule] | None:
    """A rule by name (``unreachable-band``) or code (``L101``, any case)."""
    all_rules()
    return _BY_NAME.get(key) or _BY_CODE.get(key.upper())
