"""Lint configuration: ``[tool.rubricdsl.lint]`` in ``pyproject.toml``, or ``[lint]`` in ``rubric.toml``.

Keys: ``select`` and ``ignore`` (lists of rule names, codes, code prefixes such as ``L1``, category names,
or ``ALL``), ``severity`` (a table from rule name or code to ``error``/``warning``/``info``) and ``fail-on``
(the lowest severity that makes ``rubric lint`` exit 1; ``warning`` by default) and ``max-absent-share`` (the
share of the full score one absent fact may remove before ``absent-fact-removes-points`` warns: ``"20%"``
or ``0.2``, the default).  Without ``--config`` the
nearest ``rubric.toml`` or ``pyproject.toml`` with that table, from the rubric's directory upwards, is used.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from rubricdsl.diagnostics import Severity
from rubricdsl.lint.rule import LintRule

SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class ConfigError(Exception):
    """The configuration file is unreadable or says something we do not understand."""


@dataclass(frozen=True)
class LintConfig:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    max_absent_share: Fraction = Fraction(1, 5)  # absent-fact-removes-points
    path: Path | None = None

    def enabled(self, rule: type[LintRule]) -> bool:
        return any(_matches(key, rule) for key in self.select) and not any(_matches(key, rule) for key in self.ignore)

    def severity_of(self, rule: type[LintRule]) -> Severity:
        return self.severity.get(rule.name) or self.severity.get(rule.code) or rule.default_severity

    def fails(self, severity: Severity) -> bool:
        return SEVERITY_RANK[severity] >= SEVERITY_RANK[self.fail_on]


def _matches(key: str, rule: type[LintRule]) -> bool:
    return key == "ALL" or key == rule.name or key == rule.category.value or rule.code.startswith(key.upper())


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity(str(value))
    except ValueError:
        raise ConfigError(f"{where}: severity must be error, warning or info, not {value!r}") from None


def from_table(table: Mapping[str, Any], path: Path | None = None) -> LintConfig:
    from rubricdsl.lint.registry import all_rules

    known = {rule.name for rule in all_rules()} | {rule.code for rule in all_rules()}
    categories = {rule.category.value for rule in all_rules()}
    where = str(path) if path else "configuration"
    unknown_keys = set(table) - {"select", "ignore", "severity", "fail-on", "max-absent-share"}
    if unknown_keys:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown_keys))}")

    def selectors(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = table.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{where}: `{key}` must be a list of rule names or codes")
        for item in value:
            if item != "ALL" and item not in known and item not in categories and not _is_prefix(item, known):
                raise ConfigError(f"{where}: `{key}` names unknown rule `{item}`")
        return tuple(value)

    raw_severity = table.get("severity", {})
    if not isinstance(raw_severity, dict):
        raise ConfigError(f"{where}: `severity` must be a table of rule = level")
    severity: dict[str, Severity] = {}
    for rule_key, level in raw_severity.items():
        if rule_key not in known:
            raise ConfigError(f"{where}: `severity` names unknown rule `{rule_key}`")
        severity[rule_key] = _severity(level, where)
    return LintConfig(
        select=selectors("select", ("ALL",)),
        ignore=selectors("ignore", ()),
        severity=severity,
        fail_on=_severity(table.get("fail-on", "warning"), where),
        max_absent_share=_share(table.get("max-absent-share", "20%"), where),
        path=path,
    )


def _share(value: Any, where: str) -> Fraction:
    """``"20%"`` or ``0.2`` as an exact share in [0, 1]."""
    text = str(value).strip()
    try:
        share = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
    except InvalidOperation:
        share = Decimal(-1)
    if isinstance(value, bool) or not share.is_finite() or not 0 <= share <= 1:
        raise ConfigError(f'{where}: `max-absent-share` must be a share such as "20%" or 0.2, not {value!r}')
    return Fraction(share)


def _is_prefix(item: str, known: set[str]) -> bool:
    return item[:1].upper() == "L" and any(code.startswith(item.upper()) for code in known)


def _table(path: Path) -> Mapping[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    nested = _nested_table(data, ("tool", "rubricdsl", "lint"), path)
    found = nested if path.name == "pyproject.toml" else data.get("lint", nested)
    if found is not None and not isinstance(found, dict):
        raise ConfigError(f"{path}: the lint settings must be a table")
    return found


def _nested_table(data: Mapping[str, Any], keys: tuple[str, ...], path: Path) -> Any:
    """``data[a][b][c]`` or None; a level that is there but not a table (``tool = "x"``) is a ConfigError."""
    found: Any = data
    for depth, key in enumerate(keys):
        if not isinstance(found, dict):
            raise ConfigError(f"{path}: `{'.'.join(keys[:depth])}` must be a table")
        found = found.get(key)
        if found is None:
            return None
    return found


def load_config(explicit: Path | None, start: Path | None) -> LintConfig:
    """The configuration at ``explicit``, else the nearest one above ``start``, else the defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"no such configuration file: {explicit}")
        return from_table(_table(explicit) or {}, explicit)
    if start is None:
        return LintConfig()
    directory = start.resolve()
    directory = directory if directory.is_dir() else directory.parent
    for folder in (directory, *directory.parents):
        for name in ("rubric.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return from_table(table, candidate)
    return LintConfig()
