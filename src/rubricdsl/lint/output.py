"""Findings as text, JSON and SARIF.  Text and the per-finding JSON fields come from ``render.diagnostics``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rubricdsl import __version__
from rubricdsl.diagnostics import Diagnostic, Severity
from rubricdsl.lint.engine import LintReport
from rubricdsl.lint.registry import all_rules
from rubricdsl.render.diagnostics import render_text, to_json


def as_text(reports: Sequence[LintReport], lang: str) -> str:
    blocks = [render_text(finding, report.source, lang) for report in reports for finding in report.findings]
    counts = {severity: 0 for severity in Severity}
    for report in reports:
        for finding in report.findings:
            counts[finding.severity] += 1
    total = sum(counts.values())
    if lang == "zh":
        summary = (
            f"发现 {total} 个问题（错误 {counts[Severity.ERROR]}，警告 {counts[Severity.WARNING]}，"
            f"提示 {counts[Severity.INFO]}）"
            if total
            else "未发现问题"
        )
    else:
        summary = (
            f"found {total} finding(s): {counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} "
            f"warning(s), {counts[Severity.INFO]} info"
            if total
            else "no findings"
        )
    return "\n\n".join([*blocks, summary]) + "\n"


def finding_to_dict(finding: Diagnostic, report: LintReport, lang: str) -> dict[str, Any]:
    data = to_json(finding, report.source, lang)
    location = data["location"] or {}
    return {
        "code": data["code"],
        "name": data["name"],
        "severity": data["severity"],
        "message": data["message"],
        "file": location.get("file", report.source.name),
        "line": location.get("line"),
        "column": location.get("column"),
        "end": location.get("end"),
        "help": data["help"],
    }


def as_json(reports: Sequence[LintReport], lang: str) -> str:
    found = [finding_to_dict(finding, report, lang) for report in reports for finding in report.findings]
    return json.dumps(found, ensure_ascii=False, indent=2) + "\n"


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def as_sarif(reports: Sequence[LintReport], lang: str) -> str:
    """SARIF 2.1.0: one run, the rule table as the driver's rules, one result per finding."""
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.documentation()},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.default_severity]},
            "properties": {"category": rule.category.value},
        }
        for rule in all_rules()
    ]
    results = []
    for report in reports:
        for finding in report.findings:
            flat = finding_to_dict(finding, report, lang)
            region: dict[str, Any] = {}
            if flat["line"] is not None:
                region = {"startLine": flat["line"], "startColumn": flat["column"]}
                if flat["end"]:
                    region |= {"endLine": flat["end"]["line"], "endColumn": flat["end"]["column"]}
            message = flat["message"] + (f" ({flat['help']})" if flat["help"] else "")
            location = {"physicalLocation": {"artifactLocation": {"uri": flat["file"]}}}
            if region:
                location["physicalLocation"]["region"] = region
            results.append(
                {
                    "ruleId": finding.code,
                    "level": _SARIF_LEVEL[finding.severity],
                    "message": {"text": message},
                    "locations": [location],
                    "properties": {"name": finding.name},
                }
            )
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "rubric lint",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
