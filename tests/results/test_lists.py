"""Results of rubrics with list and text facts: reasons name the items that decided, facts kept for the record
are shown (table, JSON, the result model), and list values read back in the JSON document."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from rich.console import Console

import rubricdsl
from rubricdsl.evaluate.sql.build import compile_sql
from rubricdsl.render.table import print_result
from rubricdsl.results.schema import ResultModel

RUBRIC = rubricdsl.loads(
    """
rubric r "r" 10
fact project "项目名称": text, record
fact households "受益户数": count, record
fact funds "专项资金": list of { name: text, planned: money 万元, paid: money 万元, late: bool, default 否 }, >= 1
let short "未足额个数" = count(funds where paid < planned)
indicator timely "拨付及时" 5 { formula 5 * share(funds where not late) }
indicator full "足额拨付" 5 { when all(funds where paid >= planned) -> 5; short == 1 -> 3; else 0 }
"""
)
FACTS = {
    "project": "乡村振兴示范",
    "households": 120,
    "funds": [
        {"name": "乡村道路", "planned": 60, "paid": 60},
        {"name": "饮水工程", "planned": 30, "paid": 24, "late": True},
        {"name": "人居环境", "planned": 20, "paid": 20},
    ],
}


def _reasons(facts: dict[str, object]) -> dict[str, tuple[str, str]]:
    return {item.id: (item.reason.en, item.reason.zh) for item in RUBRIC.evaluate(facts).indicators}


def test_reasons_name_the_items_that_decided() -> None:
    reasons = _reasons(FACTS)
    assert "专项资金中满足 not late 的 2 项（共 3 项）：乡村道路、人居环境" in reasons["timely"][1]
    assert "专项资金 where not late: 2 of 3 (乡村道路、人居环境)" in reasons["timely"][0]
    # all() failed: the items it failed for decided it; the derived value's items are named too
    assert "专项资金中不满足 paid >= planned 的 1 项（共 3 项）：饮水工程" in reasons["full"][1]
    assert "专项资金中满足 paid < planned 的 1 项（共 3 项）：饮水工程" in reasons["full"][1]


def test_an_item_without_a_name_is_named_by_its_position() -> None:
    rubric = rubricdsl.loads(
        'rubric r "r" 10\nfact xs "条目": list of { a: number }\n'
        'indicator i "i" 10 { score count(xs where a > 1): >= 1 -> 10; else 0 }\n'
    )
    reason = rubric.evaluate({"xs": [{"a": 1}, {"a": 2}]}).indicators[0].reason.zh
    assert "条目中满足 a > 1 的 1 项（共 2 项）：#2" in reason


def test_facts_kept_for_the_record_are_shown_in_the_result_table_and_json() -> None:
    result = RUBRIC.evaluate(FACTS)
    assert [(read.name, read.shown) for read in result.record] == [("project", "乡村振兴示范"), ("households", "120")]
    out = StringIO()
    print_result(result, Console(file=out, width=200), lang="zh")
    assert "记录事项：项目名称 = 乡村振兴示范；受益户数 = 120" in out.getvalue()
    document = json.loads(result.to_json(numbers="json"))
    assert document["record"] == {"project": "乡村振兴示范", "households": 120}
    assert document["indicators"][0]["reads"]["funds"][1] == {
        "name": "饮水工程",
        "planned": 300000,
        "paid": 240000,
        "late": True,
    }
    model = ResultModel.from_result(result)
    assert model.record == {"project": "乡村振兴示范", "households": 120}


def test_a_rubric_without_record_facts_has_no_record_key() -> None:
    plain = rubricdsl.loads('rubric r "r" 10\nfact a "a": count\nindicator i "i" 10 { score a: >= 1 -> 10; else 0 }\n')
    result = plain.evaluate({"a": 1})
    assert result.record == () and "record" not in result.to_dict(numbers="json")


def test_the_sql_back_end_reads_list_columns_and_refuses_csv_lists_by_name() -> None:
    """A list column is scored (tests/evaluate/sql/test_lists.py); a CSV cell's JSON list is not read yet."""
    assert "funds" in {fact.name for fact in compile_sql(RUBRIC).facts}
    listed = rubricdsl.loads(
        'rubric r "r" 10\nfact funds "专项资金": list of { late: bool }, >= 1\n'
        'indicator i "i" 10 { formula 10 * share(funds where not late) }\n'
    )
    with pytest.raises(rubricdsl.RubricError) as caught:
        compile_sql(listed, text_input=True)
    (refused,) = caught.value.diagnostics
    assert refused.code == "S614" and "`funds`" in refused.message.en


def test_the_report_states_the_facts_kept_for_the_record() -> None:
    from rubricdsl.outputs.html import report_page
    from rubricdsl.outputs.tables import indicator_table

    table = indicator_table(RUBRIC, RUBRIC.evaluate(FACTS))
    assert table.record == ("项目名称 = 乡村振兴示范", "受益户数 = 120")
    assert "记录事项：项目名称 = 乡村振兴示范；受益户数 = 120。" in report_page(table)
    assert indicator_table(RUBRIC).record == ()  # the blank 评价指标表 has no values


def test_date_fields_of_items_read_back_as_days() -> None:
    import datetime

    rubric = rubricdsl.loads(
        'rubric r "r" 10\nfact funds "专项资金": list of { name: text, due: date, paid_on: date }, >= 1\n'
        'indicator i "i" 10 { formula 10 * share(funds where paid_on <= due) }\n'
    )
    result = rubric.evaluate({"funds": [{"name": "A", "due": "2021-06-30", "paid_on": "2021年6月1日"}]})
    (read,) = result.indicators[0].reads
    assert read.value == ({"name": "A", "due": datetime.date(2021, 6, 30), "paid_on": datetime.date(2021, 6, 1)},)
    assert read.shown == "1项"
    document = result.to_dict(numbers="json")
    assert document["indicators"][0]["reads"]["funds"] == [{"name": "A", "due": "2021-06-30", "paid_on": "2021-06-01"}]
