"""JUnit XML is well-formed whatever a facts file contains: escaped by ElementTree, control characters replaced."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rubricdsl.diagnostics import messages
from rubricdsl.testing.junit import clean, junit_report
from rubricdsl.testing.runner import CaseResult, SuiteResult


def test_control_characters_are_replaced_and_markup_escaped() -> None:
    assert clean("a\x00b\x1bc\td") == "a\ufffdb\ufffdc\td"
    hostile = 'x\x00<y> & "z" ]]>'
    unmet = messages.make("T501", None, what="grade", expected=hostile, got="优", subject="grade")
    suite = SuiteResult(f"r{hostile}.rubric", None)
    suite.compiled = object()  # type: ignore[assignment]  # valid for the report: only `valid` is read
    suite.cases.append(CaseResult(f"c{hostile}.facts.json", False, True, [unmet]))
    root = ET.fromstring(junit_report([suite], "en").encode("utf-8"))
    (case,) = root.iter("testcase")
    assert case.get("name") == 'cx\ufffd<y> & "z" ]]>.facts.json'
    failure = case.find("error")  # no result was recorded, so to JUnit the case could not run
    assert failure is not None
    assert failure.get("message") == 'grade: expected x\ufffd<y> & "z" ]]>, got 优'
    assert root.get("failures") == "0" and root.get("errors") == "1"
