"""Cross-fact consistency checks (`assert`, issue 11 §3): a violated assertion is a fact problem naming the facts
and their exact values; the rubric says whether it fails the result (F462) or only warns (F463)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.diagnostics import Severity
from rubricdsl.evaluate.reference import covers
from rubricdsl.evaluate.sql.generator import Generator
from rubricdsl.format import format_source
from rubricdsl.ir.lower import lower_program

RUBRIC = """\
rubric fund "资金" 10
fact total_budget "年度资金总额": money 万元
fact fiscal "财政拨款": money 万元
fact carryover "上年结转": money 万元, default 0
fact other "其他资金": money 万元, default 0
fact reported_a "报告第一部分数": number
fact reported_b "报告第二部分数": number
fact spent "支出": money 万元, optional
assert total_budget == fiscal + carryover + other within 0.01万元 "年度资金总额应等于各来源之和"
assert reported_a == reported_b "报告前后数据应一致", warn
assert spent <= total_budget "支出不应超过资金总额"
indicator i "资金到位" 10 { score fiscal / total_budget: >= 100% -> 10; else 0 }
"""
GOOD = {"total_budget": "89.974", "fiscal": "89.974", "reported_a": 32, "reported_b": 32, "spent": 80}


@pytest.fixture(scope="module")
def rubric() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(RUBRIC, name="fund.rubric")


def _codes(result: rubricdsl.EvaluationResult) -> list[str]:
    return [problem.code for problem in result.fact_problems]


def test_consistent_facts_raise_nothing(rubric: rubricdsl.CompiledRubric) -> None:
    result = rubric.evaluate(GOOD)
    assert result.complete and result.fact_problems == () and result.total == Decimal(10)


def test_a_total_row_reading_0_beside_its_sources_fails_the_result_naming_every_value(
    rubric: rubricdsl.CompiledRubric,
) -> None:
    result = rubric.evaluate({**GOOD, "total_budget": 0.005, "spent": 0})
    (problem,) = result.fact_problems
    assert (problem.code, problem.severity) == ("F462", Severity.ERROR)
    assert problem.message.zh == (
        "事实之间不一致（assert#1）：年度资金总额应等于各来源之和：`total_budget` 为 0.005万元，"
        "`fiscal + carryover + other` 为 89.974万元（容差 0.01万元）；`fiscal` 89.974万元，`carryover` 0万元，"
        "`other` 0万元"
    )
    assert problem.message.en == (
        "the facts disagree (assert#1): 年度资金总额应等于各来源之和: `total_budget` is 0.005万元, "
        "`fiscal + carryover + other` is 89.974万元 (tolerance 0.01万元); `fiscal` 89.974万元, `carryover` 0万元, `other` 0万元"
    )
    assert not result.complete
    assert result.scores() == {"i": Decimal(10)}  # the scores stand; the result is not final


def test_a_figure_given_as_32_and_29_08_only_warns_when_the_rubric_says_warn(rubric: rubricdsl.CompiledRubric) -> None:
    result = rubric.evaluate({**GOOD, "reported_b": "29.08"})
    (problem,) = result.fact_problems
    assert (problem.code, problem.severity) == ("F463", Severity.WARNING)
    assert "`reported_a` 为 32，`reported_b` 为 29.08" in problem.message.zh
    assert result.complete


@pytest.mark.parametrize(
    ("total", "holds"),
    [("89.964", True), ("89.984", True), ("89.9639", False), ("89.9841", False)],
)
def test_the_tolerance_is_inclusive_and_exact(rubric: rubricdsl.CompiledRubric, total: str, holds: bool) -> None:
    codes = _codes(rubric.evaluate({**GOOD, "total_budget": total, "spent": 0}))
    assert codes == ([] if holds else ["F462"])


def test_an_inequality_holds_at_equality_and_fails_beyond(rubric: rubricdsl.CompiledRubric) -> None:
    assert _codes(rubric.evaluate({**GOOD, "spent": "89.974"})) == []
    assert _codes(rubric.evaluate({**GOOD, "spent": "89.9741"})) == ["F462"]


def test_within_on_inequalities_widens_by_the_tolerance() -> None:
    text = RUBRIC.replace('spent <= total_budget "', 'spent <= total_budget within 1万元 "')
    text = text.replace("assert reported_a == reported_b", "assert reported_a >= reported_b within 0.5")
    widened = rubricdsl.loads(text)
    assert _codes(widened.evaluate({**GOOD, "spent": "90.974"})) == []
    assert _codes(widened.evaluate({**GOOD, "spent": "90.9741"})) == ["F462"]
    assert _codes(widened.evaluate({**GOOD, "reported_b": "32.5"})) == []
    assert _codes(widened.evaluate({**GOOD, "reported_b": "32.51"})) == ["F463"]


def test_an_assertion_over_a_missing_fact_is_not_checked_and_says_so(rubric: rubricdsl.CompiledRubric) -> None:
    facts = {key: value for key, value in GOOD.items() if key != "spent"}
    result = rubric.evaluate(facts)
    (problem,) = result.fact_problems
    assert (problem.code, problem.severity) == ("F464", Severity.WARNING)
    assert "`spent`" in problem.message.en and result.complete


def test_one_list_names_every_fact_problem_at_once(rubric: rubricdsl.CompiledRubric) -> None:
    result = rubric.evaluate({**GOOD, "total_budget": 0.005, "reported_b": 29.08, "fiscal": "很多"})
    # fiscal is invalid: its assertion is not checked (F464); the others are reported beside F403, the spending
    # check too (80万元 of a 0.005万元 budget)
    assert _codes(result) == ["F403", "F464", "F463", "F462"]
    result = rubric.evaluate({**GOOD, "total_budget": 0.005, "reported_b": 29.08, "spent": "100"})
    assert sorted(_codes(result)) == ["F462", "F462", "F463"]


def test_each_assertion_problem_names_its_assertion_so_two_violations_stay_apart(
    rubric: rubricdsl.CompiledRubric, tmp_path: Path
) -> None:
    import json

    facts = {**GOOD, "total_budget": 0.005, "reported_b": 29.08, "spent": "100"}
    result = rubric.evaluate(facts)
    named = [(problem.code, problem.subject) for problem in result.fact_problems]
    assert sorted(named) == [("F462", "assert#1"), ("F462", "assert#3"), ("F463", "assert#2")]
    for problem in result.fact_problems:  # the sentence says it too: a text or report shows no subject field
        assert f"({problem.subject})" in problem.message.en and f"（{problem.subject}）" in problem.message.zh
    document = result.to_dict(numbers="string")
    assert sorted(item["subject"] for item in document["fact_problems"]) == ["assert#1", "assert#2", "assert#3"]
    not_checked = rubric.evaluate({key: value for key, value in GOOD.items() if key != "spent"})
    assert [(p.code, p.subject) for p in not_checked.fact_problems] == [("F464", "assert#3")]
    # a batch row lists the assertion with its code, as the SQL back end's problems column does
    (tmp_path / "fund.rubric").write_text(RUBRIC, encoding="utf-8")
    records = tmp_path / "projects.jsonl"
    records.write_text(json.dumps({"$id": "p1", **facts}) + "\n", encoding="utf-8")
    for fmt in ("csv", "jsonl"):
        out = CliRunner().invoke(app, ["eval", str(tmp_path / "fund.rubric"), str(records), "--format", fmt])
        assert out.exit_code == 1, out.output
        row = out.stdout.splitlines()[-1]
        listed = json.loads(row)["problems"] if fmt == "jsonl" else row.split(",")[5].split()
        assert sorted(listed) == ["F462:assert#1", "F462:assert#3", "F463:assert#2"]


def test_exit_codes_say_what_happened(tmp_path: Path) -> None:
    (tmp_path / "fund.rubric").write_text(RUBRIC, encoding="utf-8")
    runner = CliRunner()

    def run(**change: Any) -> tuple[int, str]:
        import json

        (tmp_path / "f.json").write_text(json.dumps({**GOOD, **change}), encoding="utf-8")
        result = runner.invoke(app, ["eval", str(tmp_path / "fund.rubric"), str(tmp_path / "f.json")])
        return result.exit_code, result.stderr

    assert run()[0] == 0
    code, err = run(reported_b="29.08")
    assert code == 0 and "F463" in err
    code, err = run(total_budget="0")
    assert code == 1 and "F462" in err and "89.974万元" in err


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("assert reported_a != reported_b within 0.5", "E273"),
        ("assert total_budget == fiscal within 0.01", "E274"),
        ("assert total_budget == fiscal within 1%", "E274"),
        ("assert reported_a == reported_b within 0.01万元", "E274"),
        ("assert total_budget == reported_a", "E215"),
        ("assert total_budget == nothing", "E201"),
    ],
)
def test_checker_problems(line: str, code: str) -> None:
    with pytest.raises(rubricdsl.RubricError) as caught:
        rubricdsl.loads(RUBRIC.replace('assert spent <= total_budget "支出不应超过资金总额"', line))
    assert code in [d.code for d in caught.value.diagnostics]


def test_the_formatter_keeps_assertions(rubric: rubricdsl.CompiledRubric) -> None:
    formatted = format_source(RUBRIC, name="fund.rubric")
    assert 'assert reported_a == reported_b "报告前后数据应一致", warn' in formatted
    assert rubricdsl.loads(formatted).checked.rubric.assertions == rubric.checked.rubric.assertions


def test_assertions_go_to_the_ir_alone_and_sql_checks_them(rubric: rubricdsl.CompiledRubric) -> None:
    assert not covers(rubric.checked)
    assert "F462" in Generator(lower_program(rubric.checked)).generate().sql  # held equal in tests/evaluate/sql


def test_results_show_every_assertion_with_its_outcome(rubric: rubricdsl.CompiledRubric) -> None:
    from io import StringIO

    from rich.console import Console

    from rubricdsl.render.table import print_result
    from rubricdsl.results.schema import ResultModel

    result = rubric.evaluate({**GOOD, "reported_b": "29.08", "spent": None})
    assert [(a.message, a.status, a.warn) for a in result.assertions] == [
        ("年度资金总额应等于各来源之和", "holds", False),
        ("报告前后数据应一致", "violated", True),
        ("支出不应超过资金总额", "not_checked", False),
    ]
    assert result.assertions[0].text.zh == (
        "成立（assert#1）：年度资金总额应等于各来源之和：`total_budget` 为 89.974万元，`fiscal + carryover + other` 为 "
        "89.974万元（容差 0.01万元）"
    )
    document = result.to_dict(numbers="string", lang="zh")
    assert [item["status"] for item in document["assertions"]] == ["holds", "violated", "not_checked"]
    assert [item["subject"] for item in document["assertions"]] == ["assert#1", "assert#2", "assert#3"]
    assert ResultModel.from_result(result).assertions is not None
    buffer = StringIO()
    print_result(result, Console(file=buffer, width=200), lang="zh")
    shown = buffer.getvalue()
    assert "✓ 成立（assert#1）：年度资金总额应等于各来源之和" in shown
    assert "✗ 事实之间不一致（assert#2）：报告前后数据应一致" in shown
    assert "? 未能检查（assert#3）：支出不应超过资金总额" in shown
    plain = rubricdsl.loads(RUBRIC.split("assert")[0] + RUBRIC.split("\n")[-2] + "\n").evaluate(GOOD)
    assert "assertions" not in plain.to_dict(numbers="string")


def test_the_report_summary_says_which_checks_did_not_hold(rubric: rubricdsl.CompiledRubric) -> None:
    from rubricdsl.outputs.html import summary_lines
    from rubricdsl.outputs.tables import indicator_table

    head, lines = summary_lines(indicator_table(rubric, rubric.evaluate({**GOOD, "total_budget": "0.005", "spent": 0})))
    assert "评分未完成：事实之间不一致或事实有误" in head and "一致性检查 3 项，1 项未通过。" in head
    assert any(
        line.startswith("事实之间不一致（assert#1）：年度资金总额应等于各来源之和：`total_budget` 为 0.005万元")
        for line in lines
    )
    head, _ = summary_lines(indicator_table(rubric, rubric.evaluate(GOOD)))
    assert "一致性检查 3 项，均成立。" in head


def test_strict_raises_on_a_violated_assertion_but_not_on_a_warning(rubric: rubricdsl.CompiledRubric) -> None:
    with pytest.raises(rubricdsl.FactsError) as caught:
        rubric.evaluate({**GOOD, "total_budget": "0.005", "spent": 0}, strict=True)
    assert [problem.code for problem in caught.value.problems] == ["F462"]
    assert rubric.evaluate({**GOOD, "reported_b": 29.08}, strict=True).complete
