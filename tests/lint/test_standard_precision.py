"""L501 is silent on every shipped rubric and every rubric the docs show: none of them really disagrees.

The check also proves the reader reads them: a rule that reads nothing would pass the silence test, so the
share of standard texts it gives a reading for is pinned as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rubricdsl.lint.standard_text import read_standard
from rubricdsl.syntax import nodes as n
from tests.docs.test_doc_examples import RUBRIC_BLOCKS, Block
from tests.lint.helpers import lint_text

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "rubrics").glob("*.rubric"))
RULE = "standard-disagrees"


def _standard_findings(text: str, name: str) -> list[str]:
    report = lint_text(text, name)
    assert report.checked is not None
    return [finding.message.en for finding in report.findings if finding.name == RULE]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_shipped_rubrics_have_no_standard_findings(path: Path) -> None:
    assert _standard_findings(path.read_text(encoding="utf-8"), path.name) == []


@pytest.mark.parametrize("block", RUBRIC_BLOCKS, ids=lambda block: block.where)
def test_doc_examples_have_no_standard_findings(block: Block) -> None:
    assert _standard_findings(block.text, "doc.rubric") == []


def test_the_reader_reads_the_shipped_standards() -> None:
    """Every standard of the 湘潭县 table is read except none; a silent rule must not pass by reading nothing."""
    report = lint_text((ROOT / "rubrics" / "xiangtan-sme-2021.rubric").read_text(encoding="utf-8"))
    assert report.checked is not None
    texts = [i.standard for i in n.walk_indicators(report.checked.rubric.children) if i.standard]
    unread = [text for text in texts if read_standard(text) is None]
    assert len(texts) == 21
    assert unread == []
