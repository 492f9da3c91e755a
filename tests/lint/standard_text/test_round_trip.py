"""The generated 评价标准 (``rubric standard``), read back by the L501 reader, agrees with the rule it came from.

The generator lives in the tables output (``rubricdsl.outputs.standard_text``, branch ``xlsx``); until that is
merged these tests are skipped with that reason, never silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.lint.standard_text import disagreements, read_standard
from rubricdsl.syntax import nodes as n

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = sorted((ROOT / "rubrics").glob("*.rubric"))
# the rule forms the reader must read back; levels, judged and formula sentences are prose it leaves alone
READ_BACK = (n.ScoreRule, n.DeductRule, n.ChecklistRule, n.ProportionalRule, n.WhenRule)


def _indicators() -> list[tuple[Path, n.Indicator]]:
    found = []
    for path in SHIPPED:
        compiled = rubricdsl.loads(path.read_text(encoding="utf-8"))
        found += [(path, indicator) for indicator in n.walk_indicators(compiled.checked.rubric.children)]
    return found


@pytest.mark.parametrize(("path", "indicator"), _indicators(), ids=lambda value: getattr(value, "id", ""))
def test_the_generated_sentence_reads_back_as_its_rule(path: Path, indicator: n.Indicator) -> None:
    from rubricdsl.outputs.standard_text import standard_text

    compiled = rubricdsl.loads(path.read_text(encoding="utf-8"))
    sentence = standard_text(compiled, indicator)
    reading = read_standard(sentence)
    if isinstance(indicator.rule, READ_BACK):
        assert reading is not None, sentence
    if reading is not None:
        assert disagreements(reading, indicator, lambda span: "", None) == [], sentence


def test_the_command_prints_every_indicator(capsys: pytest.CaptureFixture[str]) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["standard", str(ROOT / "rubrics" / "xiangtan-sme-2021.rubric"), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "预算完成率≥90%，计5分；≥80%，计3分；≥70%，计2分；≥60%，计1分；其他情况计0分" in result.output
    assert result.output.count("\n  原文: ") == 21


def test_the_round_trip_fails_on_a_changed_sentence() -> None:
    """The comparison is not vacuous: a generated sentence with one threshold moved disagrees with its rule."""
    from rubricdsl.outputs.standard_text import standard_text

    compiled = rubricdsl.loads((ROOT / "rubrics" / "xiangtan-sme-2021.rubric").read_text(encoding="utf-8"))
    indicator = next(i for i in n.walk_indicators(compiled.checked.rubric.children) if i.id == "budget_completion")
    sentence = standard_text(compiled, indicator).replace("≥80%", "≥85%")
    reading = read_standard(sentence)
    assert reading is not None
    assert len(disagreements(reading, indicator, lambda span: "", None)) == 1


def test_the_command_without_the_generator_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from typer.testing import CliRunner

    monkeypatch.setitem(sys.modules, "rubricdsl.outputs.standard_text", None)  # the import now fails
    result = CliRunner().invoke(app, ["standard", str(ROOT / "rubrics" / "xiangtan-sme-2021.rubric")])
    assert result.exit_code == 2
