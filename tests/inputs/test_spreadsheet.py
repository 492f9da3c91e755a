"""Facts from .xlsx: a form or rows by shape, cells keeping their meaning, float residue refused, headers as
Chinese labels — on workbooks built here with openpyxl the way Excel and WPS save them."""

from __future__ import annotations

import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.inputs.facts import FactSchema
from rubricdsl.inputs.files import FactsFileError
from rubricdsl.inputs.sheet_headers import header_to_fact, shared_label
from rubricdsl.inputs.spreadsheet import MissingExtra, read_spreadsheet
from rubricdsl.inputs.spreadsheet_cells import RefusedCell, float_value, format_places
from tests.conftest import SEED_FACTS, SEED_RUBRIC, read_json

openpyxl = pytest.importorskip("openpyxl", reason="the [excel] extra is part of [dev]")  # installed in CI

DEMO = """\
rubric demo "示例项目绩效评价" 20
fact planned "计划投入资金": money 万元, > 0
fact spent "实际使用资金": money 元, >= 0
fact events "公益服务活动次数": count
fact satisfaction "服务对象满意度": percent, in [0%, 100%]
fact published "结果公示": bool
fact twin_a "同名": count
fact twin_b "同名": count
let rate "预算完成率" = spent / planned
indicator budget "预算完成率" 5 { score rate: >= 90% -> 5; else 0 }
indicator activity "公益服务活动" 5 { deduct events: base 5, -1 per missing below 12 }
indicator survey "满意度" 5 { score satisfaction: >= 95% -> 5; else 0 }
indicator publicity "结果公示" 3 { when published -> 3; else 0 }
indicator twins "双胞胎" 2 { when twin_a + twin_b > 0 -> 2; else 0 }
"""


@pytest.fixture(scope="module")
def demo() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(DEMO, name="demo.rubric")


@pytest.fixture(scope="module")
def schema(demo: rubricdsl.CompiledRubric) -> FactSchema:
    return demo.schema


def _save(tmp_path: Path, rows: list[list[Any]], formats: dict[str, str] | None = None, name: str = "f.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "事实"
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    path = tmp_path / name
    workbook.save(path)
    return path


# ---- headers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "fact"),
    [
        ("planned", "planned"),
        ("计划投入资金", "planned"),
        (" 计划投入\n资金 ", "planned"),  # a header wrapped in its cell
        ("计划投入资金（planned）", "planned"),  # as the template writes it
        ("计划投入资金 [planned]", "planned"),
        ("计划投入资金（万元）", "planned"),  # the unit in brackets
        ("计划投入资金(万元)", "planned"),
        ("同名（twin_b）", "twin_b"),  # an ambiguous label is resolved by its id
        ("不适用指标", "not_applicable"),
        ("not_applicable", "not_applicable"),
    ],
)
def test_header_names_a_fact(schema: FactSchema, header: str, fact: str) -> None:
    assert header_to_fact(header, schema) == fact


@pytest.mark.parametrize("header", ["同名", "计划资金", "", None, "备注", "（planned）x"])
def test_header_that_names_no_single_fact(schema: FactSchema, header: str | None) -> None:
    assert header_to_fact(header, schema) is None


@pytest.mark.parametrize(
    ("header", "facts"),
    [
        ("同名", ("twin_a", "twin_b")),
        (" 同 名\n", ("twin_a", "twin_b")),
        ("同名（万元）", ("twin_a", "twin_b")),  # the shared label with a unit: still both
        ("同名（twin_b）", ()),  # resolved by its id
        ("计划投入资金", ()),  # one fact's label
        ("planned", ()),
        ("备注", ()),
        ("", ()),
        (None, ()),
    ],
)
def test_a_shared_label_says_which_facts_share_it(
    schema: FactSchema, header: str | None, facts: tuple[str, ...]
) -> None:
    """What the SQL engine names in S631; exactly the headers header_to_fact maps to no fact for sharing."""
    assert sorted(shared_label(header, schema)) == sorted(facts)
    if facts:
        assert header_to_fact(header, schema) is None


# ---- cells ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number_format", "places"),
    [
        ("General", None),
        (None, None),
        ("0", 0),
        ("0.00", 2),
        ("#,##0.00", 2),
        ("0%", 2),
        ("0.00%", 4),
        ('0.0"万元"', 1),
        ("[Red]0.000;-0.000", 3),
        ("0.00E+00", None),
        ("@", None),
    ],
)
def test_format_places(number_format: str | None, places: int | None) -> None:
    assert format_places(number_format) == places


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (0.95, "0%", Decimal("0.95")),  # a cell formatted 95% holds 0.95
        (0.956, "0%", Decimal("0.956")),  # more places than shown, plainly typed: kept exactly
        (0.1, "General", Decimal("0.1")),
        (500000.5, "#,##0.00", Decimal("500000.5")),
        (0.0900000762939453, "0.00%", None),  # a float32 copied in: residue beyond the shown 9.00%
        (0.30000000000000004, "General", None),  # =0.1+0.2
        (14.999999999999998, "0", None),
        (1 / 3, "0.00", None),  # a computed third is not the 0.33 the cell shows
    ],
)
def test_float_cells(value: float, number_format: str, expected: Decimal | None) -> None:
    found = float_value(value, number_format)
    if expected is None:
        assert isinstance(found, RefusedCell)
        assert str(found) == repr(value)
    else:
        assert found == expected


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4, allow_nan=False))
def test_a_typed_number_reads_back_exactly(typed: Decimal) -> None:
    """What a person types (at most 13 significant digits) is stored as the nearest double; reading it
    back gives the typed digits, in any format that shows them."""
    assert float_value(float(typed), "General") == typed
    assert float_value(float(typed), "0.0000") == typed


# ---- one project as a form -------------------------------------------------------------------------------


GOOD_FORM: list[list[Any]] = [
    ["示例项目 事实表"],  # a title row
    ["事实", "值", "备注"],
    ["计划投入资金", 50, "万元"],
    ["实际使用资金", "48万元", ""],
    ["公益服务活动次数", 12],
    ["服务对象满意度", 0.96],
    ["结果公示", True],
    ["同名（twin_a）", 1],
    ["同名（twin_b）", 0],
]


def test_form_scores_like_json(tmp_path: Path, demo: rubricdsl.CompiledRubric) -> None:
    path = _save(tmp_path, GOOD_FORM, {"B6": "0%"})
    sheet = read_spreadsheet(path, demo.schema)
    assert sheet.shape == "form"
    (project,) = sheet.projects
    assert project.facts["satisfaction"] == Decimal("0.96")
    assert project.facts["published"] is True
    assert project.cells["events"] == "事实!B5"
    assert project.problems == []
    result = demo.evaluate(project.facts)
    assert result.complete and result.total == Decimal(20)
    assert (
        result.total
        == demo.evaluate(
            {"planned": 50, "spent": "48万元", "events": 12, "satisfaction": "96%", "published": True, "twin_a": 1}
            | {"twin_b": 0}
        ).total
    )


def test_form_without_header_is_key_then_value(tmp_path: Path, demo: rubricdsl.CompiledRubric) -> None:
    rows = [row for row in GOOD_FORM[2:]]
    rows[3] = ["satisfaction", "96%"]
    path = _save(tmp_path, rows)
    (project,) = read_spreadsheet(path, demo.schema).projects
    assert demo.evaluate(project.facts).total == Decimal(20)


def test_form_problems_name_the_cell(tmp_path: Path, demo: rubricdsl.CompiledRubric) -> None:
    rows = [list(row) for row in GOOD_FORM]
    rows[4] = ["公益服务活动次数", datetime(2021, 12, 4)]  # a date where a count belongs
    rows[5] = ["服务对象满意度", 0.0900000762939453]
    rows[6] = ["结果公示", "#N/A"]
    rows.append(["公益服务活动次数", 3])  # given twice
    rows.append(["服务对象满意", "96%"])  # a misspelt label
    path = _save(tmp_path, rows, {"B6": "0.00%"})
    (project,) = read_spreadsheet(path, demo.schema).projects
    result = demo.evaluate(project.facts)
    located = project.locate(result.fact_problems)
    codes = sorted(problem.code for problem in located)
    assert codes == ["F402", "F403", "F430", "F431", "F433"]
    by_code = {problem.code: problem for problem in located}
    assert by_code["F430"].subject == "satisfaction"
    assert "事实!B6" in by_code["F430"].message.en and "9.00%" in by_code["F430"].message.zh
    assert by_code["F403"].subject == "events" and "(cell 事实!B5)" in by_code["F403"].message.en
    assert "2021-12-04" in by_code["F403"].message.en
    assert by_code["F431"].subject == "published"
    assert by_code["F433"].subject == "events"
    assert by_code["F402"].hint is not None and "satisfaction" in by_code["F402"].hint.en
    assert not result.complete
    assert result.indicator("survey").score is None  # the residue was not silently used
    assert result.indicator("activity").score is None


# ---- many projects as rows -------------------------------------------------------------------------------


def test_rows_with_label_id_and_bracketed_headers(tmp_path: Path, demo: rubricdsl.CompiledRubric) -> None:
    header = ["项目名称", "计划投入资金（万元）", "spent", "公益服务活动次数", "服务对象满意度", "结果公示"]
    header += ["同名（twin_a）", "同名（twin_b）", "备注", "不适用指标"]
    rows = [
        header,
        ["甲", 50, 480000, 12, 0.96, "是", 1, 0, "按时完成", ""],
        ["乙", 50, 400000, 9, 0.9, "否", 0, 0, "", "survey"],
        [],
        ["丙", 50, 480000, 12, 0.0900000762939453, True, 0, 1, "", ""],
    ]
    path = _save(tmp_path, rows, {"E2": "0%", "E3": "0%", "E5": "0.00%"})
    sheet = read_spreadsheet(path, demo.schema)
    assert sheet.shape == "rows"
    assert [project.ident for project in sheet.projects] == ["甲", "乙", "丙"]
    first, second, third = (demo.evaluate(project.facts) for project in sheet.projects)
    assert first.total == Decimal(20) and first.complete
    assert second.indicator("survey").status == "not_applicable"
    assert second.indicator("activity").score == Decimal(2)
    assert not third.complete
    assert [problem.code for problem in sheet.projects[2].problems] == ["F430"]
    assert sheet.projects[2].problems[0].subject == "satisfaction"


def test_rows_column_given_twice(tmp_path: Path, demo: rubricdsl.CompiledRubric) -> None:
    path = _save(tmp_path, [["events", "公益服务活动次数", "planned"], [12, 3, 50]])
    (project,) = read_spreadsheet(path, demo.schema).projects
    assert project.facts["events"] == Decimal(12)
    assert [problem.code for problem in project.problems] == ["F433"]


def test_seed_as_rows_of_labels(tmp_path: Path, seed: rubricdsl.CompiledRubric) -> None:
    facts = {key: value for key, value in read_json(SEED_FACTS).items() if not key.startswith("$")}
    names = list(facts)
    values = [Decimal(str(v)) if isinstance(v, int) and not isinstance(v, bool) else v for v in facts.values()]
    values[names.index("satisfaction")] = 0.96
    path = _save(tmp_path, [[seed.schema.specs[name].label for name in names], values])
    (project,) = read_spreadsheet(path, seed.schema).projects
    assert seed.evaluate(project.facts).total == seed.evaluate(facts).total == Decimal(100)


# ---- unreadable ---------------------------------------------------------------------------------------------


def test_not_a_workbook(tmp_path: Path, schema: FactSchema) -> None:
    path = tmp_path / "f.xlsx"
    path.write_text('{"planned": 50}', encoding="utf-8")
    with pytest.raises(FactsFileError) as caught:
        read_spreadsheet(path, schema)
    assert caught.value.diagnostic.code == "F407"
    assert "WPS" in caught.value.diagnostic.message.zh


def _rewritten(source: Path, target: Path, member: str, change: Any) -> Path:
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            new.writestr(name, change(data.decode("utf-8")).encode("utf-8") if name == member else data)
    return target


def test_an_xml_bomb_is_refused_quickly(tmp_path: Path, schema: FactSchema) -> None:
    """Billion laughs in a worksheet: defusedxml (part of the [excel] extra) refuses it; F407, no hang."""
    import time

    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10)
    )
    bomb = f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
    source = _save(tmp_path, [["事实", "值"], ["planned", "x"]])
    path = _rewritten(
        source,
        tmp_path / "bomb.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda text: bomb + text[text.index("<worksheet") :].replace("<t>x</t>", "<t>&lol9;</t>"),
    )
    started = time.monotonic()
    with pytest.raises(FactsFileError) as caught:
        read_spreadsheet(path, schema)
    assert time.monotonic() - started < 5
    assert caught.value.diagnostic.code == "F407"
    assert "Error" not in caught.value.diagnostic.message.en  # words, never a Python type name


def test_a_truncated_workbook(tmp_path: Path, schema: FactSchema) -> None:
    source = _save(tmp_path, GOOD_FORM)
    path = tmp_path / "cut.xlsx"
    path.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    with pytest.raises(FactsFileError) as caught:
        read_spreadsheet(path, schema)
    assert caught.value.diagnostic.code == "F407"


def test_a_sheet_without_facts(tmp_path: Path, schema: FactSchema) -> None:
    path = _save(tmp_path, [["姓名", "年龄"], ["张三", 30]])
    with pytest.raises(FactsFileError) as caught:
        read_spreadsheet(path, schema)
    assert caught.value.diagnostic.code == "F407"


def test_without_the_extra(tmp_path: Path, schema: FactSchema, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _save(tmp_path, GOOD_FORM)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ImportError
    with pytest.raises(MissingExtra) as caught:
        read_spreadsheet(path, schema)
    assert caught.value.diagnostic.code == "E501"
    rubric = tmp_path / "demo.rubric"
    rubric.write_text(DEMO, encoding="utf-8")
    run = CliRunner().invoke(app, ["eval", str(rubric), str(path), "--lang", "en"])
    assert run.exit_code == 2
    assert "pip install 'rubricdsl[excel]'" in run.stderr


# ---- the command ----------------------------------------------------------------------------------------------


def test_eval_of_a_form_and_of_rows(tmp_path: Path) -> None:
    rubric = tmp_path / "demo.rubric"
    rubric.write_text(DEMO, encoding="utf-8")
    form = _save(tmp_path, GOOD_FORM, {"B6": "0%"}, name="form.xlsx")
    run = CliRunner().invoke(app, ["eval", str(rubric), str(form), "--format", "json", "--lang", "en"])
    assert run.exit_code == 0, run.stderr
    assert '"total": 20' in run.stdout
    header = ["$id", "planned", "spent", "events", "satisfaction", "published", "twin_a", "twin_b"]
    projects = [["a", 50, 480000, 12, "96%", "是", 1, 0], ["b", 50, 480000, 12, 96, "是", 1, 0]]
    rows = _save(tmp_path, [header, *projects], name="rows.xlsx")
    run = CliRunner().invoke(app, ["eval", str(rubric), str(rows), "--lang", "en"])
    assert run.exit_code == 1
    lines = run.stdout.strip().split("\n")
    assert lines[0].startswith("id,complete,total,grade,note,problems,budget")
    assert lines[1].startswith("a,true,20,优,,,")
    assert lines[2].startswith("b,false,15,中,incomplete: 1 not scored; total not final,F405 E303,")
    assert "project b:" in run.stderr and "(cell 事实!E3)" in run.stderr


def test_eval_of_the_seed_from_a_form(tmp_path: Path) -> None:
    facts = {key: value for key, value in read_json(SEED_FACTS).items() if not key.startswith("$")}
    seed = rubricdsl.load(SEED_RUBRIC)
    rows: list[list[Any]] = [["事实", "值"]]
    for name, value in facts.items():
        rows.append([seed.schema.specs[name].label, "是" if value is True else value])
    path = _save(tmp_path, rows)
    run = CliRunner().invoke(app, ["eval", str(SEED_RUBRIC), str(path), "--format", "json"])
    assert run.exit_code == 0, run.stderr
    assert '"total": 100' in run.stdout


@given(
    st.sampled_from(sorted(key for key in read_json(SEED_FACTS) if not key.startswith("$"))),
    st.lists(st.tuples(st.integers(min_value=0, max_value=40), st.sampled_from([" ", "\n", "\u3000", "\t"]))),
    st.sampled_from(["{label}", "{label}（{name}）", "{label} ({name})", "{label}[{name}]", "{name}"]),
)
def test_any_spacing_of_a_seed_header_names_its_fact(name: str, spaces: list[tuple[int, str]], form: str) -> None:
    """A header wrapped or padded in its cell (spaces, line breaks, the ideographic space) still names the
    fact; and the label（id）form always names the id's fact."""
    schema = _SEED.schema
    text = form.format(label=schema.specs[name].label, name=name)
    for position, space in spaces:
        at = min(position, len(text))
        text = text[:at] + space + text[at:]
    assert header_to_fact(text, schema) == name


_SEED = rubricdsl.load(SEED_RUBRIC)


def test_a_serial_number_column_is_not_a_fact(tmp_path: Path, demo: rubricdsl.CompiledRubric) -> None:
    path = _save(tmp_path, [["序号", "项目名称", "planned", "events"], [1, "甲", 50, 12], [2, "乙", 50, 3]])
    sheet = read_spreadsheet(path, demo.schema)
    assert [project.ident for project in sheet.projects] == ["甲", "乙"]
    assert all("序号" not in project.facts for project in sheet.projects)


def test_a_one_fact_form_with_its_id_column_is_still_a_form(tmp_path: Path) -> None:
    single = rubricdsl.loads(
        'rubric one "一项" 2\nfact ok "结果公示": bool\nindicator a "公示" 2 { when ok -> 2; else 0 }\n'
    )
    path = _save(tmp_path, [["事实名称", "填写值", "标识"], ["结果公示", "是", "ok"]])
    sheet = read_spreadsheet(path, single.schema)
    assert sheet.shape == "form"
    assert single.evaluate(sheet.projects[0].facts).total == Decimal(2)


def test_a_unit_in_the_header_is_the_unit_of_the_numbers_under_it(tmp_path: Path) -> None:
    """实际使用资金 is declared in 元; a header saying （万元） makes 48 mean 48万元, not 48元. 满意度（%） makes 96
    mean 96%; a cell formatted as a percent already holds its share."""
    rubric = rubricdsl.loads(
        'rubric u "单位" 10\n'
        'fact planned "计划投入资金": money 万元, > 0\nfact spent "实际使用资金": money 元, >= 0\n'
        'fact satisfaction "满意度": percent, in [0%, 100%]\n'
        "let rate = spent / planned\n"
        'indicator a "预算" 5 { score rate: >= 90% -> 5; else 0 }\n'
        'indicator b "满意度" 5 { score satisfaction: >= 95% -> 5; else 0 }\n'
    )
    header = ["项目名称", "计划投入资金（元）", "实际使用资金（万元）", "满意度（%）"]
    rows = [header, ["甲", 500000, 48, 96], ["乙", 500000, 48, 0.96]]
    path = _save(tmp_path, rows, {"D3": "0%"})
    first, second = read_spreadsheet(path, rubric.schema).projects
    assert rubric.evaluate(first.facts).scores() == {"a": Decimal(5), "b": Decimal(5)}
    assert first.facts["spent"] == "48万元" and first.facts["planned"] == "500000元"
    assert first.facts["satisfaction"] == "96%"
    assert second.facts["satisfaction"] == Decimal("0.96")  # formatted 96%: its share, untouched
    form = _save(tmp_path, [["实际使用资金（万元）", 48], ["计划投入资金", 50], ["满意度", "96%"]], name="form.xlsx")
    (project,) = read_spreadsheet(form, rubric.schema).projects
    assert rubric.evaluate(project.facts).total == Decimal(10)


def test_a_forms_unit_column_is_the_unit_of_its_row(tmp_path: Path) -> None:
    rubric = rubricdsl.loads(
        'rubric u "单位" 5\nfact planned "计划投入资金": money 元, > 0\nfact spent "实际使用资金": money 元, >= 0\n'
        'let rate = spent / planned\nindicator a "预算" 5 { score rate: >= 90% -> 5; else 0 }\n'
    )
    rows = [["事实", "值", "单位"], ["计划投入资金", 50, "万元"], ["实际使用资金", 480000, "元"]]
    (project,) = read_spreadsheet(_save(tmp_path, rows), rubric.schema).projects
    assert project.facts == {"planned": "50万元", "spent": "480000元"}
    assert rubric.evaluate(project.facts).total == Decimal(5)  # 96%, not 960000%
