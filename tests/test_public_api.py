"""The public surface: every name in ``__all__`` resolves, and importing the package stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_the_types_a_result_is_made_of_are_public() -> None:
    from rubricdsl.diagnostics import Text
    from rubricdsl.results.model import Step, ValueRead

    assert (rubricdsl.Text, rubricdsl.Step, rubricdsl.ValueRead) == (Text, Step, ValueRead)
    result = rubricdsl.loads(
        'rubric t "T" 10\nfact a "甲": number\nindicator i "乙" 10 { formula min(10, a) }\n'
    ).evaluate({"a": 3})
    assert isinstance(result.indicators[0].reason, rubricdsl.Text)
    assert all(isinstance(read, rubricdsl.ValueRead) for read in result.indicators[0].reads)
    assert isinstance(rubricdsl.ResultModel.from_result(result), rubricdsl.ResultModel)


def test_validate_facts_returns_diagnostics() -> None:
    rubric = rubricdsl.loads('rubric t "T" 10\nfact a "甲": number\nindicator i "乙" 10 { formula min(10, a) }\n')
    problems = rubric.validate_facts({"a": "many", "b": 1})
    assert [type(problem) for problem in problems] == [rubricdsl.Diagnostic] * 2
    assert sorted(problem.code for problem in problems) == ["F402", "F403"]
    assert [problem.code for problem in rubric.validate_facts([1, 2])] == ["F406"]


def test_the_api_reference_page_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rubricdsl.testing import apidoc

    assert apidoc.main(["--check"]) == 0, "docs/api.md is stale: run python -m rubricdsl.testing.apidoc"
    page = apidoc.render()
    for name in rubricdsl.__all__:
        assert name == "__version__" or f"`{name}" in page
    assert "(undocumented)" not in page
    stale = tmp_path / "api.md"
    stale.write_text(page.replace("Score one fact set.", "Score a fact set."), encoding="utf-8")
    monkeypatch.setattr(apidoc, "PAGE", stale)
    assert apidoc.main(["--check"]) == 1


def test_the_command_line_starts_without_the_pipeline() -> None:
    """`rubric --version` and `--help` must not pay for lark, pydantic or rich: commands import them on use."""
    code = (
        "import sys, rubricdsl.cli; "
        "print(sorted(m for m in ('lark', 'pydantic', 'rich', 'rubricdsl.compiled') if m in sys.modules))"
    )
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert printed.strip() == "[]"
