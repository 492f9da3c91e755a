"""``rubric lint`` and ``rubric rule``.

Exit codes of ``rubric lint``: 0 no finding at or above ``fail-on`` (warning by default); 1 such findings,
including a rubric that does not parse or check (its E1xx/E2xx errors are findings on their lines);
2 a file that cannot be read (missing, not UTF-8, binary), a bad configuration, or a bad command line.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import fail_usage
from rubricdsl.cli.exit_codes import INCOMPLETE, OK, USAGE


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


@app.command("lint")
def lint_command(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Rubric files to lint.")],
    output_format: Annotated[LintFormat, typer.Option("--format", "-f", help="Output format.")] = LintFormat.text,
    ranges: Annotated[
        bool,
        typer.Option(
            "--ranges", help="Also print the range of every value, band, indicator and section (text format)."
        ),
    ] = False,
    lang: LangOption = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="A pyproject.toml or rubric.toml with lint settings.")
    ] = None,
) -> None:
    """Find rubric mistakes before publication (exit 0 clean, 1 findings, 2 unreadable input or usage)."""
    from rubricdsl.diagnostics.errors import RubricError
    from rubricdsl.lint import ConfigError, LintReport, lint_source, load_config
    from rubricdsl.lint.output import as_json, as_sarif, as_text
    from rubricdsl.reading.rubric_file import read_rubric_text
    from rubricdsl.render.diagnostics import render_all

    language = resolve_lang(lang)
    try:
        settings = load_config(config, files[0] if files else None)
    except ConfigError as error:
        raise fail_usage(str(error)) from None
    reports: list[LintReport] = []
    unreadable = False
    for path in files:
        if not path.is_file():
            sys.stderr.write(f"rubric: {'找不到评分规则文件' if language == 'zh' else 'no such rubric file'}: {path}\n")
            unreadable = True
            continue
        try:
            source = read_rubric_text(path)
        except RubricError as error:
            sys.stderr.write(render_all(error.diagnostics, error.source, language) + "\n")
            unreadable = True
            continue
        reports.append(lint_source(source, settings))
    if output_format is LintFormat.json:
        sys.stdout.write(as_json(reports, language))
    elif output_format is LintFormat.sarif:
        sys.stdout.write(as_sarif(reports, language))
    else:
        if ranges:
            from rubricdsl.lint import analyse
            from rubricdsl.lint.tree import render_ranges

            for report in reports:
                if report.checked is not None:
                    sys.stdout.write(render_ranges(report.checked, analyse(report.checked), language) + "\n")
        sys.stdout.write(as_text(reports, language))
    if unreadable:
        raise typer.Exit(USAGE)
    failing = any(report.failing(settings) for report in reports)
    raise typer.Exit(INCOMPLETE if failing else OK)


@app.command("rule")
def rule_command(
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help="A rule name (unreachable-band) or code (L101).")
    ] = None,
) -> None:
    """Print a lint rule's documentation, or list every rule."""
    from rubricdsl.diagnostics.suggest import did_you_mean
    from rubricdsl.lint import all_rules, find_rule

    if name is None:
        for rule in all_rules():
            sys.stdout.write(f"{rule.code}  {rule.name:<32} {rule.default_severity.value:<8} {rule.summary}\n")
        return
    found = find_rule(name)
    if found is None:
        suggestion = did_you_mean(name, [rule.name for rule in all_rules()])
        hint = f" (did you mean `{suggestion}`?)" if suggestion else ""
        raise fail_usage(f"unknown rule `{name}`{hint}")
    header = f"# {found.name} ({found.code})\n\n"
    meta = f"Category: {found.category.value} · default severity: {found.default_severity.value}\n\n"
    sys.stdout.write(header + meta + found.documentation() + "\n")
