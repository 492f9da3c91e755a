"""``rubric lint``: prove a rubric sound before it is published.

:func:`lint_source` parses and checks a rubric, runs every enabled rule over it and its range analysis
(:mod:`rubricdsl.lint.ranges`), and returns the findings; check errors (E1xx/E2xx) are findings too.

The names below are imported on first use: the rule forms read :mod:`rubricdsl.lint.intervals` when a rubric
is compiled, and compiling one (``rubric eval``) should not load the linter's engine, rules and config.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rubricdsl.lint.config import ConfigError as ConfigError
    from rubricdsl.lint.config import LintConfig as LintConfig
    from rubricdsl.lint.config import load_config as load_config
    from rubricdsl.lint.engine import LintReport as LintReport
    from rubricdsl.lint.engine import lint_source as lint_source
    from rubricdsl.lint.ranges import Ranges as Ranges
    from rubricdsl.lint.ranges import analyse as analyse
    from rubricdsl.lint.registry import all_rules as all_rules
    from rubricdsl.lint.registry import find_rule as find_rule

_HOMES = {
    "ConfigError": "config",
    "LintConfig": "config",
    "load_config": "config",
    "LintReport": "engine",
    "lint_source": "engine",
    "Ranges": "ranges",
    "analyse": "ranges",
    "all_rules": "registry",
    "find_rule": "registry",
}

__all__ = [
    "ConfigError",
    "LintConfig",
    "LintReport",
    "Ranges",
    "all_rules",
    "analyse",
    "find_rule",
    "lint_source",
    "load_config",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
