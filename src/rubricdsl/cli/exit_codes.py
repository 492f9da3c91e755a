"""Documented exit codes of every ``rubric`` command (see docs/cli.md)."""

OK = 0
INCOMPLETE = 1  # eval: scored, but facts were missing/invalid or an indicator failed; lint: findings
USAGE = 2  # the rubric is invalid, a file is missing, or the command line is wrong
INTERNAL_ERROR = 3  # a bug in rubricdsl
