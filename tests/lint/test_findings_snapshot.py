"""Lint finds exactly what it found before it shared per-rubric work between rules and before parsing went
one-pass (issue 13 §3): codes, severities, spans, messages and hints, on every rubric file, every docs
example and synthetic rubrics (tests/lint/findings_snapshot.py says how the snapshot was made).

Only inputs whose text is still the one snapshotted compare (a test case edited since has other findings);
nearly all must be."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

from tests.lint.findings_snapshot import SNAPSHOT, corpus, digest, findings

EXPECTED: dict[str, dict[str, Any]] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
CORPUS = corpus()
COMPARABLE = sorted(
    name for name, text in CORPUS.items() if name in EXPECTED and EXPECTED[name]["sha256"] == digest(text)
)


def test_the_snapshot_still_covers_the_corpus() -> None:
    assert len(COMPARABLE) >= 0.9 * len(EXPECTED) and len(COMPARABLE) > 300
    assert any(name.startswith("synth(2000") for name in COMPARABLE)
    codes = {finding["code"] for name in COMPARABLE for finding in EXPECTED[name]["findings"]}
    assert len(codes) > 40 and any(code.startswith("L") for code in codes) and any(c.startswith("E") for c in codes)


@pytest.mark.parametrize("name", COMPARABLE)
def test_findings_are_unchanged(name: str) -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    assert findings(name, CORPUS[name]) == EXPECTED[name]["findings"]
