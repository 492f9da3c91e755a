"""JUnit XML for CI systems (GitLab, Jenkins, GitHub test reporters): one ``<testsuite>`` per rubric, one
``<testcase>`` per facts file.

Written with :mod:`xml.etree.ElementTree`, which escapes text and attributes; characters XML 1.0 cannot carry
at all (control characters from a hostile facts file) are replaced by U+FFFD first.  A case whose claims do
not hold is a ``<failure>``; one that could not run (invalid rubric, unreadable facts) is an ``<error>``.
No timings are written, so the report of a suite is the same on every run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from rubricdsl.testing.report import case_lines
from rubricdsl.testing.runner import CaseResult, SuiteResult

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _could_not_run(case: CaseResult, suite: SuiteResult) -> bool:
    return not suite.valid or case.result is None


def junit_report(suites: list[SuiteResult], lang: str) -> str:
    root = ET.Element("testsuites", name="rubric test")
    all_tests = all_failures = all_errors = 0
    for suite in suites:
        failures = sum(not c.passed and not _could_not_run(c, suite) for c in suite.cases)
        errors = sum(not c.passed and _could_not_run(c, suite) for c in suite.cases)
        element = ET.SubElement(
            root,
            "testsuite",
            name=clean(suite.rubric),
            tests=str(len(suite.cases)),
            failures=str(failures),
            errors=str(errors),
            skipped="0",
        )
        for case in suite.cases:
            testcase = ET.SubElement(element, "testcase", classname=clean(suite.rubric), name=clean(case.name))
            if case.passed:
                continue
            lines = case_lines(case, suite, lang)
            kind = "error" if _could_not_run(case, suite) else "failure"
            first = lines[1].strip() if len(lines) > 1 else lines[0]
            rubric_errors = suite.errors if not suite.valid else ()
            codes = sorted({d.code for d in (*case.unmet, *case.problems, *rubric_errors)}) or ["T501"]
            detail = ET.SubElement(testcase, kind, message=clean(first), type=" ".join(codes))
            detail.text = clean("\n".join(line.strip() for line in lines[1:]) + "\n")
        all_tests += len(suite.cases)
        all_failures += failures
        all_errors += errors
    root.set("tests", str(all_tests))
    root.set("failures", str(all_failures))
    root.set("errors", str(all_errors))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
