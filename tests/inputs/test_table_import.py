"""``rubric import``: an indicator table back into a rubric — round trips through ``rubric table`` (same
table, same scores) and a table laid out by hand the way the seed report's is."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from tests.conftest import SEED_RUBRIC

openpyxl = pytest.importorskip("openpyxl", reason="the [excel] extra is part of [dev]")
pytest.importorskip("docx", reason="the [word] extra is part of [dev]")

NO_STANDARDS = """\
rubric plain "无评价标准文字的示例" 20
fact rate "预算完成率": percent
fact events "活动次数": count
fact admin "工作经费开支率": percent
fact ok "结果公示": bool
fact has_rules "有管理办法": bool
fact rules_sound "办法健全": bool
section manage "项目管理" 12 {
  indicator budget "预算" 4 { score rate: >= 90% -> 4; >= 60% -> 2; else 0 }
  indicator activity "活动" 4 { deduct events: base 4, -1 per missing below 12 }
  indicator expense "开支" 4 { deduct admin: base 4, -1 per 1% above 5%, whole steps, cap 3 }
}
section decide "项目决策" 8 {
  indicator publish "公示" 4 { when ok -> 4; else 0 }
  indicator method "办法" 4 { checklist: has_rules -> 2 "有管理办法"; rules_sound -> 2 "办法健全" }
}
"""


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _without_footer(markdown: str) -> list[str]:
    return [line for line in markdown.split("\n") if not line.startswith("评分规则 ")]


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_seed_table_round_trips(tmp_path: Path, kind: str) -> None:
    table = tmp_path / f"table.{kind}"
    assert _run("table", str(SEED_RUBRIC), "-o", str(table)).exit_code == 0
    draft = tmp_path / "draft.rubric"
    run = _run("import", str(table), "-o", str(draft), "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert "20 rule(s) proposed" in run.stderr and "1 judged" in run.stderr
    again = _run("table", str(draft))
    assert _without_footer(again.stdout) == _without_footer(_run("table", str(SEED_RUBRIC)).stdout)
    text = draft.read_text(encoding="utf-8")
    assert text.count("# review: proposed") == 20
    assert "judged i9_score" in text and "# TODO: write the rule" in text  # 专款专用: no known phrasing


def test_generated_standards_import_as_the_same_rules(tmp_path: Path) -> None:
    """A rubric without standard texts: its table says each rule in words, and the import reads the words
    back into rules that score every fact set the same way."""
    original_path = tmp_path / "plain.rubric"
    original_path.write_text(NO_STANDARDS, encoding="utf-8")
    table = tmp_path / "table.xlsx"
    assert _run("table", str(original_path), "-o", str(table)).exit_code == 0
    draft = tmp_path / "draft.rubric"
    run = _run("import", str(table), "-o", str(draft))
    assert run.exit_code == 0, run.stderr
    original, imported = rubricdsl.load(original_path), rubricdsl.load(draft)
    assert "  judged " not in draft.read_text(encoding="utf-8")
    by_label = {spec.label: name for name, spec in imported.schema.specs.items()}
    cases = [
        {"rate": "95%", "events": 12, "admin": "5%", "ok": True, "has_rules": True, "rules_sound": True},
        {"rate": "70%", "events": 9, "admin": "6.5%", "ok": False, "has_rules": True, "rules_sound": False},
        {"rate": "10%", "events": 0, "admin": "30%", "ok": True, "has_rules": False, "rules_sound": True},
        {"rate": "60%", "events": 11, "admin": "7%", "ok": False, "has_rules": False, "rules_sound": False},
    ]
    for facts in cases:
        mine = original.evaluate(facts)
        labels = {original.schema.specs[name].label: value for name, value in facts.items()}
        theirs = imported.evaluate({by_label[label]: value for label, value in labels.items()})
        assert theirs.complete, theirs.fact_problems
        assert [item.score for item in theirs.indicators] == [item.score for item in mine.indicators], facts
        assert theirs.total == mine.total


def _hand_made(tmp_path: Path) -> Path:
    """The seed report's layout: 一级|分值|二级|分值|三级|指标完成情况|评价标准|分值|得分, merged section cells."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2022年某专项资金绩效评价指标表"])
    sheet.append(["一级指标", "分值", "二级指标", "分值", "三级指标", "指标完成情况", "评价标准", "分值", "得分"])
    rows = [
        ["项目决策", 10, "决策过程", 10, "项目\n申报", "", "是，计4分；否，计0分。", 4, ""],
        ["", "", "", "", "资金分配", "", "有分配办法（3分）；分配公平（3分）", 6, ""],
        ["项目绩效", 20, "产出", 20, "培训人次", "", "≥500人次计10分，每少10人次扣1分", 10, ""],
        ["", "", "", "", "社会效益", "", "由专家根据实地调研情况酌情打分", "10分", ""],
        ["合计", 30, "", "", "", "", "", 30, ""],
    ]
    for row in rows:
        sheet.append(row)
    for cells in ("A3:A4", "B3:B4", "C3:C4", "D3:D4", "A5:A6", "B5:B6", "C5:C6", "D5:D6", "A1:I1"):
        sheet.merge_cells(cells)
    path = tmp_path / "hand.xlsx"
    workbook.save(path)
    return path


def test_a_hand_made_table_in_the_seed_layout(tmp_path: Path) -> None:
    draft = tmp_path / "hand.rubric"
    run = _run("import", str(_hand_made(tmp_path)), "-o", str(draft))
    assert run.exit_code == 0, run.stderr
    text = draft.read_text(encoding="utf-8")
    assert 'rubric hand "2022年某专项资金绩效评价指标表" 30' in text
    assert re.search(r'section s1 "项目决策" 10 \{\n  section s1_1 "决策过程" 10 \{', text)
    assert 'indicator i1 "项目 申报" 4' in text and "when i1_met -> 4; else 0" in text
    assert 'checklist: i2_1 -> 3 "有分配办法"; i2_2 -> 3 "分配公平"' in text
    assert (
        "judged i4_score" in text
        and "# TODO: write the rule" in text
        and 'standard "由专家根据实地调研情况酌情打分"' in text
    )
    compiled = rubricdsl.load(draft)
    assert compiled.max == Decimal(30)
    assert [(info.node.label, info.node.points.value) for info in compiled.checked.indicators] == [
        ("项目 申报", 4),
        ("资金分配", 6),
        ("培训人次", 10),
        ("社会效益", 10),
    ]
    # 每少10人次扣1分: whole steps or pro rata is not said, so the draft leaves it unstated for `rubric lint`
    assert "deduct i3_value: base 10, -1 per 10 below 500\n" in text
    assert 'fact i3_value "培训人次": count' in text


def test_a_table_without_its_header_row(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "年龄"])
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    run = _run("import", str(path), "-o", str(tmp_path / "d.rubric"), "--lang", "en")
    assert run.exit_code == 1
    assert "F407" in run.stderr and "评价标准" in run.stderr
    assert not (tmp_path / "d.rubric").exists()


def test_a_table_with_blank_section_cells_and_points_in_labels(tmp_path: Path) -> None:
    """Not merged but left blank below their first row, sections continue; 项目决策（10分） carries its points;
    the header says 评分标准 and 分值（分）."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["一级指标", "二级指标", "三级指标", "分值（分）", "评分标准"])
    sheet.append(["项目决策（10分）", "决策过程", "项目申报", 4, "是，计4分；否，计0分"])
    sheet.append(["", "", "资金分配", 6, "有办法（3分）；公平（3分）"])
    sheet.append(["项目绩效", "产出", "活动次数", 10, "≥12次计10分，每少一次扣一分"])
    sheet.append(["合计", "", "", 20, ""])
    path = tmp_path / "blank.xlsx"
    workbook.save(path)
    draft = tmp_path / "blank.rubric"
    run = _run("import", str(path), "-o", str(draft))
    assert run.exit_code == 0, run.stderr
    compiled = rubricdsl.load(draft)
    assert [(info.path, info.node.label) for info in compiled.checked.indicators] == [
        (("s1", "s1_1"), "项目申报"),
        (("s1", "s1_1"), "资金分配"),
        (("s2", "s2_1"), "活动次数"),
    ]
    text = draft.read_text(encoding="utf-8")
    assert 'section s1 "项目决策" 10 {' in text  # the points written in the label
    assert 'section s2 "项目绩效" 10 {' in text and "the sum of its parts" in text  # none given: summed
    assert "deduct i3_value: base 10, -1 per missing below 12" in text
    assert compiled.evaluate({"i1_met": True, "i2_1": True, "i2_2": False, "i3_value": 9}).total == Decimal(14)


def test_a_table_whose_points_do_not_add_up_gives_a_draft_and_says_where(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["一级指标", "分值", "三级指标", "分值", "评价标准"])
    sheet.append(["项目决策", 10, "项目申报", 4, "是，计4分；否，计0分"])
    sheet.append(["", "", "资金分配", 5, "由专家打分"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    draft = tmp_path / "d.rubric"
    run = _run("import", str(path), "-o", str(draft), "--lang", "en")
    assert run.exit_code == 1
    assert draft.is_file() and "E205" in run.stderr and "add up to 9" in run.stderr
