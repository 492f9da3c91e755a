"""``rubric table`` and ``rubric report``: golden Markdown and HTML, Word and Excel opened with their libraries,
and the seed's own 指标完成情况表 reproduced row for row."""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from tests.conftest import SEED_FACTS, SEED_RUBRIC, read_json

openpyxl = pytest.importorskip("openpyxl", reason="the [excel] extra is part of [dev]")
docx = pytest.importorskip("docx", reason="the [word] extra is part of [dev]")

GOLDEN = Path(__file__).parent / "golden"
# A copy of shared/seeds/000_aadda537a3c86a27.txt (the real 2021 report the seed rubric was written from).
SEED_REPORT = Path(__file__).parent / "seed" / "xiangtan-sme-2021-report.txt"
UPDATE = os.environ.get("RUBRIC_UPDATE_GOLDEN") == "1"


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; RUBRIC_UPDATE_GOLDEN=1 rewrites it"


def _facts_file(tmp_path: Path, **changes: Any) -> Path:
    facts = read_json(SEED_FACTS)
    facts.update(changes)
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts, ensure_ascii=False, default=str), encoding="utf-8")
    return path


# ---- golden renders ---------------------------------------------------------------------------------------


def test_seed_table_markdown_is_golden() -> None:
    run = _run("table", str(SEED_RUBRIC))
    assert run.exit_code == 0, run.stderr
    _golden("seed-table.md", run.stdout)


def test_seed_table_html_is_golden() -> None:
    run = _run("table", str(SEED_RUBRIC), "--format", "html")
    assert run.exit_code == 0, run.stderr
    _golden("seed-table.html", run.stdout)


def test_seed_report_html_with_deductions_is_golden(tmp_path: Path) -> None:
    run = _run("report", str(SEED_RUBRIC), str(_facts_file(tmp_path, activities=9, admin_expense=32500)))
    assert run.exit_code == 0, run.stderr
    _golden("seed-report-deductions.html", run.stdout)
    assert "各指标共扣 3.375 分，涉及 2 项指标" in run.stdout
    assert "开展丰富多样的公益服务活动（15 分）扣 3 分" in run.stdout


def test_generated_standard_text_where_the_rubric_gives_none(tmp_path: Path) -> None:
    rubric = tmp_path / "r.rubric"
    rubric.write_text(
        'rubric demo "示例" 10\n'
        'fact rate "预算完成率": percent\nfact events "活动次数": count\nfact ok "结果公示": bool\n'
        'indicator a "预算" 4 { score rate: >= 90% -> 4; >= 60% -> 2; else 0 }\n'
        'indicator b "活动" 4 { deduct events: base 4, -1 per missing below 12 }\n'
        'indicator c "公示" 2 { when ok -> 2; else 0 }\n',
        encoding="utf-8",
    )
    run = _run("table", str(rubric))
    assert run.exit_code == 0, run.stderr
    assert "预算完成率≥90%，计4分；≥60%，计2分；其他情况计0分" in run.stdout
    assert "活动次数≥12，计4分；每少1扣1分，扣完为止" in run.stdout
    assert "结果公示：是，计2分；否，计0分" in run.stdout


def test_text_in_html_is_escaped(tmp_path: Path) -> None:
    rubric = tmp_path / "r.rubric"
    rubric.write_text(
        'rubric demo "<script>alert(1)</script>" 2\nfact ok "a&b": bool\n'
        'indicator c "<b>公示</b>" 2 { standard "<img src=x onerror=alert(1)>" when ok -> 2; else 0 }\n',
        encoding="utf-8",
    )
    run = _run("table", str(rubric), "--format", "html")
    assert run.exit_code == 0, run.stderr
    assert "<script>" not in run.stdout and "<img" not in run.stdout and "<b>" not in run.stdout
    assert "&lt;script&gt;" in run.stdout and "&lt;img src=x" in run.stdout


# ---- the seed's table, row for row -------------------------------------------------------------------------


def _seed_table_rows() -> list[list[str]]:
    """The 指标完成情况表 of the seed report: nine cells a row (tab-led lines; a line without a tab continues
    the cell before it, as the Word export broke 目标\\n\\n内容)."""
    text = SEED_REPORT.read_text(encoding="utf-8")
    body = text[text.index("专项支出绩效评价指标完成情况表") :].split("\n")[1:]
    cells: list[str] = []
    for line in body:
        if line.startswith("\t"):
            cells.append(line[1:])
        elif cells:
            cells[-1] += line
    cells = ["".join(cell.split()) for cell in cells]
    rows = [cells[start : start + 9] for start in range(0, len(cells) - len(cells) % 9, 9)]
    assert rows[0] == ["一级指标", "分值", "二级指标", "分值", "三级指标", "指标完成情况", "评价标准", "分值", "得分"]
    return rows


def test_seed_report_matches_the_seeds_table_row_for_row(tmp_path: Path) -> None:
    seed_rows = _seed_table_rows()
    data, total = seed_rows[1:-1], seed_rows[-1]
    out = tmp_path / "report.xlsx"
    run = _run("report", str(SEED_RUBRIC), str(SEED_FACTS), "-o", str(out))
    assert run.exit_code == 0, run.stderr
    sheet = openpyxl.load_workbook(out)["指标完成情况表"]
    ours = [row for row in sheet.iter_rows(min_row=4, values_only=True)]
    ours_data = ours[: len(data)]
    assert len(data) == 21 and len(ours_data) == 21
    sections: list[Any] = [None, None, None]
    for theirs, mine in zip(data, ours_data, strict=True):
        for level in range(3):  # a merged section cell holds its text on the first row only
            if mine[2 * level]:
                sections[level] = (mine[2 * level], mine[2 * level + 1])
        if theirs[0]:
            assert (theirs[0], Decimal(theirs[1])) == (sections[0][0], sections[0][1])
        if theirs[2]:
            assert (theirs[2], Decimal(theirs[3])) == (sections[1][0], sections[1][1])
        if theirs[4] == "绩效目标完成情况":  # the seed's 三级 is our third section; its items are indicators
            assert sections[2][0] == "绩效目标完成情况" and Decimal(theirs[7]) == sections[2][1]
        label = theirs[4] if theirs[4] and theirs[4] != "绩效目标完成情况" else theirs[5]
        indicator_label = next(cell for cell in (mine[4], mine[6]) if cell and cell != "绩效目标完成情况")
        assert indicator_label == label
        if theirs[4] != "绩效目标完成情况" and theirs[7]:
            assert Decimal(theirs[7]) == mine[7]
        assert Decimal(theirs[8]) == mine[10], label
    assert total[0] == "合计" and Decimal(total[-1]) == ours[len(data)][10] == 100
    assert Decimal(total[-2]) == ours[len(data)][7] == 100


# ---- Word and Excel -----------------------------------------------------------------------------------------


def test_word_report_has_the_merged_table_and_the_summary(tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    run = _run("report", str(SEED_RUBRIC), str(_facts_file(tmp_path, activities=9)), "-o", str(out))
    assert run.exit_code == 0, run.stderr
    document = docx.Document(str(out))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert any("本项目绩效评价得分 97 分（满分 100 分），评价等级为“优”" in text for text in texts)
    assert any(text.startswith("1. 开展丰富多样的公益服务活动（15 分）扣 3 分") for text in texts)
    (table,) = document.tables
    assert [cell.text for cell in table.rows[0].cells][-4:] == ["评价标准", "实际完成值", "得分", "扣分原因"]
    first = table.rows[1].cells
    assert first[0].text == "项目决策" and first[1].text == "30" and first[4].text == "目标内容"
    assert first[4] is not None and first[4]._tc is first[6]._tc  # 目标内容 spans the 三级 columns
    assert table.rows[6].cells[0]._tc is first[0]._tc  # 项目决策 merged over its six rows
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # the header row repeats on every page
    activities = next(row for row in table.rows if row.cells[6].text == "开展丰富多样的公益服务活动")
    assert activities.cells[10].text == "12"
    assert document.sections[0].page_width > document.sections[0].page_height  # A4 landscape
    assert rubricdsl.load(SEED_RUBRIC).sha256 in document.sections[0].footer.paragraphs[0].text


def test_excel_table_and_report(tmp_path: Path) -> None:
    table_out = tmp_path / "table.xlsx"
    assert _run("table", str(SEED_RUBRIC), "-o", str(table_out)).exit_code == 0
    sheet = openpyxl.load_workbook(table_out)["评价指标表"]
    levels = ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "四级指标", "分值"]
    assert [cell.value for cell in sheet[3]] == [*levels, "评价标准"]
    assert sheet["H4"].value == 20 and sheet["H4"].number_format == "0"
    report_out = tmp_path / "report.xlsx"
    run = _run("report", str(SEED_RUBRIC), str(_facts_file(tmp_path, admin_expense=32500)), "-o", str(report_out))
    assert run.exit_code == 0, run.stderr
    workbook = openpyxl.load_workbook(report_out)
    assert workbook.sheetnames == ["指标完成情况表", "评价结论"]
    summary = [row[0] for row in workbook["评价结论"].iter_rows(values_only=True)]
    assert (
        summary[1]
        == "本项目绩效评价得分 99.625 分（满分 100 分），评价等级为“优”。各指标共扣 0.375 分，涉及 1 项指标。"
    )


def test_a_rescaled_total_says_how_it_was_reached(tmp_path: Path) -> None:
    """With an indicator not applicable the total is 折算 to 100: the summary must not read as if the points
    lost were simply subtracted from 100."""
    facts = _facts_file(tmp_path, activities=9, not_applicable=["procurement"])
    run = _run("report", str(SEED_RUBRIC), str(facts))
    assert run.exit_code == 0, run.stderr
    assert "本项目绩效评价得分 ≈96.969697 分（满分 100 分）" in run.stdout
    assert "各指标共扣 3 分，涉及 1 项指标。" in run.stdout
    assert "合计得分经过以下处理：按 99 分折算为百分制：96 × 100 ÷ 99（适用指标分值合计）= ≈96.969697。" in run.stdout
    assert "政府采购（1 分）不适用，不计入合计" in run.stdout
    assert "不适用</td>" in run.stdout  # the procurement row says so in its 得分 cell


def test_an_incomplete_report_says_so_and_exits_1(tmp_path: Path) -> None:
    facts = read_json(SEED_FACTS)
    del facts["activities"]
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts, ensure_ascii=False, default=str), encoding="utf-8")
    run = _run("report", str(SEED_RUBRIC), str(path))
    assert run.exit_code == 1
    assert "评分未完成：1 项指标未能评分（开展丰富多样的公益服务活动）" in run.stdout
    assert "评价等级为" not in run.stdout
    assert "开展丰富多样的公益服务活动（15 分）未能评分：缺少事实 `activities`" in run.stdout
    assert "F401" in run.stderr


def test_binary_formats_need_an_output_file() -> None:
    assert _run("table", str(SEED_RUBRIC), "--format", "docx").exit_code == 2
    assert _run("table", str(SEED_RUBRIC), "-o", "table.txt").exit_code == 2


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.indicators: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs).get("data-indicator")
        if tag == "tr" and found:
            self.indicators.append(found)


def test_html_report_has_one_row_per_indicator(tmp_path: Path) -> None:
    run = _run("report", str(SEED_RUBRIC), str(SEED_FACTS))
    parser = _Rows()
    parser.feed(run.stdout)
    seed = rubricdsl.load(SEED_RUBRIC)
    assert parser.indicators == [info.node.id for info in seed.checked.indicators]
    assert not re.search(r"<(script|link|img)\b", run.stdout)  # self-contained, nothing fetched


def test_pdf_without_a_browser_says_how_to_get_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUBRIC_CHROMIUM", str(tmp_path / "no-such-browser"))
    run = _run("table", str(SEED_RUBRIC), "-o", str(tmp_path / "t.pdf"), "--lang", "en")
    assert run.exit_code == 2
    assert "E502" in run.stderr and "apt-get install chromium" in run.stderr and "no such file" in run.stderr
    assert not (tmp_path / "t.pdf").exists()


@pytest.mark.parametrize(
    ("missing", "args", "extra"),
    [
        ("openpyxl", ["table", "{rubric}", "-o", "{tmp}/t.xlsx"], "excel"),
        ("openpyxl", ["report", "{rubric}", "{facts}", "-o", "{tmp}/r.xlsx"], "excel"),
        ("openpyxl", ["eval", "{rubric}", "{facts}", "-o", "{tmp}/r.xlsx"], "excel"),
        ("openpyxl", ["template", "{rubric}", "-o", "{tmp}/f.xlsx"], "excel"),
        ("docx", ["table", "{rubric}", "-o", "{tmp}/t.docx"], "word"),
        ("docx", ["report", "{rubric}", "{facts}", "-o", "{tmp}/r.docx"], "word"),
    ],
)
def test_without_an_extra_every_command_says_which_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: str, args: list[str], extra: str
) -> None:
    monkeypatch.setitem(__import__("sys").modules, missing, None)  # `import openpyxl` now raises ImportError
    filled = [arg.format(rubric=SEED_RUBRIC, facts=SEED_FACTS, tmp=tmp_path) for arg in args]
    run = _run(*filled, "--lang", "en")
    assert run.exit_code == 2, run.output
    assert "E501" in run.stderr and f"pip install 'rubricdsl[{extra}]'" in run.stderr
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_the_readme_job_needs_no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("openpyxl", "docx"):
        monkeypatch.setitem(__import__("sys").modules, name, None)
    run = _run("eval", str(SEED_RUBRIC), str(SEED_FACTS), "--format", "json")
    assert run.exit_code == 0 and '"total": 100' in run.stdout
    assert _run("table", str(SEED_RUBRIC)).exit_code == 0  # Markdown and HTML need nothing either
    assert _run("report", str(SEED_RUBRIC), str(SEED_FACTS)).exit_code == 0
