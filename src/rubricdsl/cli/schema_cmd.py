"""``rubric schema``: the JSON Schema of a rubric's facts file, for editors and the programs that feed it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from rubricdsl.cli.app import LangOption, app, resolve_lang
from rubricdsl.cli.common import load_or_exit


@app.command("schema")
def schema_command(
    rubric: Annotated[Path, typer.Argument(metavar="RUBRIC", help="The rubric file.")],
    lang: LangOption = None,
) -> None:
    """Print the JSON Schema that a facts file for RUBRIC must satisfy: examples in each fact's unit, its
    declared bounds, descriptions in the chosen language (--lang zh|en)."""
    language = resolve_lang(lang)
    compiled = load_or_exit(rubric, language)
    schema = compiled.facts_json_schema(language)
    sys.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
