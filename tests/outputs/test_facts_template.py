"""``rubric template``: the workbook carries labels, ids, units and validation, and once filled in (here by a
program, the way a person would type) ``rubric eval`` reads it back without edits."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from tests.conftest import SEED_FACTS, SEED_RUBRIC, read_json

openpyxl = pytest.importorskip("openpyxl", reason="the [excel] extra is part of [dev]")


def _seed_facts() -> dict[str, Any]:
    # `$notes`, `$expect`: the facts file's metadata, not facts
    return {key: value for key, value in read_json(SEED_FACTS).items() if not key.startswith("$")}


def _typed(value: Any) -> Any:
    """A facts value as a person types it in the template: 是/否 from the drop-down, 96% as the share."""
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, str) and value.endswith("%"):
        return float(Decimal(value[:-1]) / 100)  # typed 96 into a percent cell
    return value


def _template(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "facts.xlsx"
    run = CliRunner().invoke(app, ["template", str(SEED_RUBRIC), "-o", str(out), *extra])
    assert run.exit_code == 0, run.output
    return out


def test_form_template_has_labels_ids_units_and_validation(tmp_path: Path) -> None:
    seed = rubricdsl.load(SEED_RUBRIC)
    sheet = openpyxl.load_workbook(_template(tmp_path))["事实"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("事实名称", "填写值", "单位", "填写要求", "备注", "标识")
    by_id = {row[5]: row for row in rows[2:]}
    assert set(seed.schema.specs) | {"not_applicable"} == set(by_id)
    assert by_id["budget_planned"][0] == "预算资金计划投入金额" and by_id["budget_planned"][2] == "元"
    assert "范围 > 0" in by_id["budget_planned"][3]
    assert by_id["satisfaction"][2] == "%"
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    at = {row[5]: index for index, row in enumerate(rows, start=1)}
    goal = validations[f"B{at['goal_set']}"]
    assert goal.type == "list" and goal.formula1 == '"是,否"'
    satisfaction = validations[f"B{at['satisfaction']}"]
    assert (satisfaction.type, satisfaction.operator, satisfaction.formula1, satisfaction.formula2) == (
        "decimal",
        "between",
        "0",
        "1",
    )
    assert sheet[f"B{at['satisfaction']}"].number_format == "0.00%"
    activities = validations[f"B{at['activities']}"]
    assert (activities.type, activities.operator, activities.formula1) == ("whole", "greaterThanOrEqual", "0")


def test_filled_form_template_scores_the_seed(tmp_path: Path) -> None:
    path = _template(tmp_path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["事实"]
    facts = _seed_facts()
    for row in sheet.iter_rows(min_row=3):
        ident = row[5].value
        if ident in facts:
            row[1].value = _typed(facts[ident])
    workbook.save(path)
    run = CliRunner().invoke(app, ["eval", str(SEED_RUBRIC), str(path), "--format", "json"])
    assert run.exit_code == 0, run.stderr
    assert '"total": 100' in run.stdout and '"complete": true' in run.stdout


def test_filled_batch_template_scores_each_row(tmp_path: Path) -> None:
    path = _template(tmp_path, "--batch")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["项目"]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "项目名称" and header[-2:] == ["不适用指标", "备注"]
    assert "预算资金计划投入金额（budget_planned）" in header
    projects = [("甲", _seed_facts(), ""), ("乙", _seed_facts() | {"activities": 9}, "procurement")]
    for row, (name, facts, not_applicable) in enumerate(projects, start=2):
        sheet.cell(row, 1).value = name
        for column, title in enumerate(header[1:-2], start=2):
            ident = title.rsplit("（", 1)[1].rstrip("）")
            sheet.cell(row, column).value = _typed(facts[ident])
        sheet.cell(row, len(header) - 1).value = not_applicable or None
        sheet.cell(row, len(header)).value = "已核对"
    workbook.save(path)
    run = CliRunner().invoke(app, ["eval", str(SEED_RUBRIC), str(path), "--format", "csv"])
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.strip().split("\n")
    assert lines[1].startswith("甲,true,100,优,,,")
    seed = rubricdsl.load(SEED_RUBRIC)
    expected = seed.evaluate(_seed_facts() | {"activities": 9, "not_applicable": ["procurement"]}).total
    assert lines[2].startswith(f"乙,true,{expected:f},")


def test_template_needs_an_xlsx_name(tmp_path: Path) -> None:
    run = CliRunner().invoke(app, ["template", str(SEED_RUBRIC), "-o", str(tmp_path / "facts.csv")])
    assert run.exit_code == 2


def test_enum_drop_down_and_bounds_in_the_unit_typed(tmp_path: Path) -> None:
    rubric = tmp_path / "r.rubric"
    rubric.write_text(
        'rubric demo "示例" 10\n'
        'fact planned "计划投入资金": money 万元, > 0, <= 500万元\n'
        'fact quality "服务质量": enum(好, 中, 差)\n'
        'fact rate "完成率": percent, in [0%, 100%]\n'
        'indicator a "投入" 2 { when planned > 0 -> 2; else 0 }\n'
        'indicator b "质量" 4 { levels quality: 好 -> 100%; 中 -> 60%; 差 -> 0% }\n'
        'indicator c "完成" 4 { score rate: >= 90% -> 4; else 0 }\n',
        encoding="utf-8",
    )
    out = tmp_path / "t.xlsx"
    assert CliRunner().invoke(app, ["template", str(rubric), "-o", str(out)]).exit_code == 0
    workbook = openpyxl.load_workbook(out)
    sheet = workbook["事实"]
    rows = {row[5]: (index, row) for index, row in enumerate(sheet.iter_rows(values_only=True), start=1)}
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    planned_at, planned = rows["planned"]
    assert planned[2] == "万元"
    money = validations[f"B{planned_at}"]
    assert (money.type, money.operator, money.formula1, money.formula2) == ("decimal", "between", "0", "500")
    quality = validations[f"B{rows['quality'][0]}"]
    assert quality.type == "list" and quality.formula1 == '"好,中,差"'
    # filled as a person would: 50 (万元), 中 from the list, 96%
    sheet[f"B{planned_at}"] = 50
    sheet[f"B{rows['quality'][0]}"] = "中"
    sheet[f"B{rows['rate'][0]}"] = 0.96
    workbook.save(out)
    run = CliRunner().invoke(app, ["eval", str(rubric), str(out), "--format", "json"])
    assert run.exit_code == 0, run.stderr
    assert '"total": 8.4' in run.stdout
