"""Every lint finding (code, severity, span, message and hint in both languages) on a fixed corpus, as JSON.

The corpus: every ``.rubric`` file under rubrics/ and tests/, every ```rubric block in docs/, and synthetic
rubrics of fixed sizes and seeds.  ``findings_snapshot.json`` was written by the linter as it was before lint
shared its per-rubric work between rules and before parsing went one-pass (commit e0bfc22, issue 13 §3)::

    git archive e0bfc22 src | tar -x -C /tmp/old && PYTHONPATH=/tmp/old/src python -m tests.lint.findings_snapshot

test_findings_snapshot.py checks that today's linter finds exactly the same.  Rerun it the same way (against
the code you compare with) when a change is meant to alter findings, and say so in the commit.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from rubricdsl.lint import lint_source
from rubricdsl.reading.source import SourceFile
from rubricdsl.testing.synth import synth_rubric

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).with_name("findings_snapshot.json")
SYNTHETIC = [(5, 1), (40, 7), (120, 13), (500, 500), (2000, 2000)]
_BLOCK = re.compile(r"^```rubric[^\n]*\n(.*?)^```", re.M | re.S)


def corpus() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in ("rubrics", "tests"):
        for path in sorted((ROOT / folder).glob("**/*.rubric")):
            found[str(path.relative_to(ROOT))] = path.read_bytes().decode("utf-8", errors="replace")
    for path in sorted((ROOT / "docs").glob("**/*.md")):
        for index, block in enumerate(_BLOCK.findall(path.read_text(encoding="utf-8"))):
            found[f"{path.relative_to(ROOT)}#{index}"] = block
    for size, seed in SYNTHETIC:
        found[f"synth({size}, seed={seed})"] = synth_rubric(size, seed=seed).text
    return found


def findings(name: str, text: str) -> list[dict[str, Any]]:
    report = lint_source(SourceFile(name, text))
    return [
        {
            "code": finding.code,
            "name": finding.name,
            "severity": finding.severity.value,
            "span": None if finding.span is None else [finding.span.start, finding.span.end],
            "message": [finding.message.en, finding.message.zh],
            "hint": None if finding.hint is None else [finding.hint.en, finding.hint.zh],
            "subject": finding.subject,
        }
        for finding in report.findings
    ]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot() -> dict[str, dict[str, Any]]:
    """Each input's findings with the digest of its text (only an unchanged input's findings compare)."""
    return {name: {"sha256": digest(text), "findings": findings(name, text)} for name, text in corpus().items()}


if __name__ == "__main__":
    sys.setrecursionlimit(10_000)
    SNAPSHOT.write_text(json.dumps(snapshot(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}", file=sys.stderr)
