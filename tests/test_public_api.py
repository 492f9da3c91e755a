"""The public surface: every name in ``__all__`` resolves, and importing the package stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import rubricdsl


@pytest.mark.parametrize("name", rubricdsl.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(rubricdsl, name) is not None
    assert name in dir(rubricdsl)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        rubricdsl.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_import_loads_neither_lark_nor_pydantic() -> None:
    code = "import sys, rubricdsl; print(sorted(m for m in ('lark', 'pydantic', 'rubricdsl.compiled') if m in sys.modules))"
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert printed.strip() == "[]"


def test_names_are_the_defining_modules_objects() -> None:
    from rubricdsl.compiled import CompiledRubric
    from rubricdsl.diagnostics.errors import RubricError

    assert rubricdsl.CompiledRubric is CompiledRubric
    assert rubricdsl.RubricError is RubricError
