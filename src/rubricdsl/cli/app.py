"""The typer application and options shared by every command."""

from __future__ import annotations

import os
from enum import StrEnum
from typing import Annotated

import typer

import rubricdsl

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="rubricdsl: write, check and score 项目支出绩效评价 rubrics.",
)


class Lang(StrEnum):
    zh = "zh"
    en = "en"


def default_lang() -> Lang:
    for variable in ("RUBRIC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return Lang.zh if value.lower().startswith("zh") else Lang.en
    return Lang.en


LangOption = Annotated[
    Lang | None, typer.Option("--lang", help="Message language (default: from RUBRIC_LANG or the locale).")
]


def resolve_lang(lang: Lang | None) -> str:
    return (lang or default_lang()).value


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rubric {rubricdsl.__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")] = False,
) -> None:
    """Write, check and score 项目支出绩效评价 rubrics."""
