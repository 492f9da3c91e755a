"""``# rubric: ignore[name]`` silences a finding on its own line or the next one, and nothing else."""

from __future__ import annotations

from tests.lint.helpers import lint_text, names

HEAD = 'rubric demo "示例" 15\nfact used "已用": count\nfact spare "备用": count\n'
BODY = 'indicator one "一" 15 { score used: >=1 -> 15; else 0 }\n'


def test_without_suppression_the_finding_is_reported() -> None:
    assert names(lint_text(HEAD + BODY).findings) == ["unused-fact"]


def test_same_line() -> None:
    text = HEAD.replace('"备用": count', '"备用": count  # rubric: ignore[unused-fact]') + BODY
    assert names(lint_text(text).findings) == []


def test_line_before_and_by_code() -> None:
    text = HEAD.replace("fact spare", "# rubric: ignore[L201]\nfact spare") + BODY
    assert names(lint_text(text).findings) == []


def test_two_lines_before_does_not_count() -> None:
    text = HEAD.replace("fact spare", "# rubric: ignore[unused-fact]\n\nfact spare") + BODY
    assert names(lint_text(text).findings) == ["unused-fact"]


def test_another_rule_name_does_not_suppress() -> None:
    text = HEAD.replace('"备用": count', '"备用": count  # rubric: ignore[unused-value]') + BODY
    assert names(lint_text(text).findings) == ["unused-fact"]


def test_unknown_names_are_reported_with_a_suggestion_and_the_known_one_still_applies() -> None:
    text = HEAD.replace('"备用": count', '"备用": count  # rubric: ignore[unused-fact, unsued-value]') + BODY
    report = lint_text(text)
    (finding,) = report.findings
    assert finding.name == "unknown-suppression"
    assert finding.message.en == "unknown rule `unsued-value` in a suppression"
    assert finding.hint is not None and finding.hint.en == "did you mean `unused-value`?"
    assert report.source.snippet(finding.span) == "unused-fact, unsued-value"  # type: ignore[arg-type]


def test_check_errors_cannot_be_suppressed() -> None:
    text = HEAD + 'indicator one "一" 15 { score usd: >=1 -> 15; else 0 }  # rubric: ignore[unknown-name]\n'
    assert "unknown-name" in names(lint_text(text).findings)
