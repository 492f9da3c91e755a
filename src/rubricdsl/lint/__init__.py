"""``rubric lint``: prove a rubric sound before it is published.

:func:`lint_source` parses and checks a rubric, runs every enabled rule over it and its range analysis
(:mod:`rubricdsl.lint.ranges`), and returns the findings; check errors (E1xx/E2xx) are findings too.
"""

from rubricdsl.lint.config import ConfigError as ConfigError
from rubricdsl.lint.config import LintConfig as LintConfig
from rubricdsl.lint.config import load_config as load_config
from rubricdsl.lint.engine import LintReport as LintReport
from rubricdsl.lint.engine import lint_source as lint_source
from rubricdsl.lint.ranges import Ranges as Ranges
from rubricdsl.lint.ranges import analyse as analyse
from rubricdsl.lint.registry import all_rules as all_rules
from rubricdsl.lint.registry import find_rule as find_rule

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
