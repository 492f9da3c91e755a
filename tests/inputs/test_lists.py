"""List and text facts at the boundary: every item's fields read as scalar facts are, every problem reported at
once naming the item and the field, a CSV cell holding the list as JSON, text as written."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import rubricdsl
from rubricdsl.inputs.lists import MAX_ITEMS, from_cell

RUBRIC = rubricdsl.loads(
    """
rubric r "r" 10
fact project "项目名称": text, record
fact funds "专项资金": list of { name: text, planned: money 万元, > 0, paid: money 万元, >= 0, rate: percent, default 0%, late: bool, default 否, note: text, optional }, >= 1
indicator i "拨付" 10 { formula 10 * share(funds where not late) }
"""
)


def _validate(facts: object) -> tuple[dict[str, object], list[str], list[str]]:
    values, _, problems = RUBRIC.schema.validate(facts)
    return values, [p.code for p in problems], [p.message.en for p in problems]


def test_items_are_converted_field_by_field_as_scalar_facts_are() -> None:
    values, codes, _ = _validate(
        {
            "project": "乡村振兴",
            "funds": [
                {"name": "专项A", "planned": "20万元", "paid": 12, "late": "是", "rate": "95%"},
                {"name": "专项B", "planned": 5, "paid": "50000元", "$note": "ignored"},
            ],
        }
    )
    assert codes == []
    first, second = values["funds"]  # type: ignore[misc]
    assert first == {
        "name": "专项A",
        "planned": Decimal(200000),
        "paid": Decimal(120000),
        "rate": Decimal("0.95"),
        "late": True,
    }
    assert second["late"] is False and second["rate"] == 0 and "note" not in second
    assert second["paid"] == 50000 and values["project"] == "乡村振兴"


def test_every_problem_of_every_item_in_one_report_naming_item_and_field() -> None:
    values, codes, texts = _validate(
        {
            "project": 12,
            "funds": [
                {"name": "专项A", "planned": 0, "paid": -1},
                "not an item",
                {"name": "专项C", "planned": "二十", "pad": 3, "rate": 95},
            ],
        }
    )
    assert "funds" not in values and "project" not in values
    assert codes.count("F452") == 5 and codes.count("F451") == 1 and codes.count("F453") == 1 and "F403" in codes
    joined = "\n".join(texts)
    assert "item 1 (专项A) of `funds` (专项资金): field `planned` is `0`, which breaks `> 0`" in joined
    assert "item 1 (专项A) of `funds` (专项资金): field `paid` is `-1`, which breaks `>= 0`" in joined
    assert 'item 2 of `funds` (专项资金) is `"not an item"`' in joined
    assert "item 3 (专项C) of `funds` (专项资金): field `paid` is missing" in joined
    assert "field `rate` is `95`, which looks like a whole percent" in joined
    assert "has the field `pad`" in joined


def test_a_list_that_is_not_a_list_or_has_too_few_or_too_many_items() -> None:
    assert _validate({"project": "p", "funds": {"name": "x"}})[1] == ["F450"]
    assert _validate({"project": "p", "funds": []})[1] == ["F404"]  # declared `>= 1`
    many = [{"name": "x", "planned": 1, "paid": 1}] * (MAX_ITEMS + 1)
    assert _validate({"project": "p", "funds": many})[1] == ["F454"]


def test_a_list_with_a_problem_is_not_scored_on_its_valid_items() -> None:
    result = RUBRIC.evaluate({"project": "p", "funds": [{"name": "A", "planned": 1, "paid": 1}, {"name": "B"}]})
    assert not result.complete
    assert result.scores()["i"] is None
    assert [e.code for e in result.errors] == ["E303"]


def test_a_csv_cell_holds_the_list_as_json_text() -> None:
    cell = json.dumps([{"name": "专项A", "planned": 10, "paid": 9.5}], ensure_ascii=False)
    assert from_cell(cell) == [{"name": "专项A", "planned": Decimal(10), "paid": Decimal("9.5")}]
    assert from_cell("not json") == "not json" and from_cell("[broken") == "[broken"
    values, codes, _ = _validate({"project": "p", "funds": cell})
    assert codes == [] and values["funds"][0]["paid"] == Decimal(95000)  # type: ignore[index]


def test_a_csv_batch_file_scores_each_row_with_its_list(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rubricdsl.cli.app import app

    rubric = tmp_path / "r.rubric"
    rubric.write_text(
        'rubric r "r" 10\nfact funds "专项资金": list of { name: text, late: bool }, >= 1\n'
        'indicator i "拨付" 10 { formula 10 * share(funds where not late) }\n',
        encoding="utf-8",
    )
    rows = tmp_path / "many.csv"
    one = json.dumps([{"name": "A", "late": False}, {"name": "B", "late": True}], ensure_ascii=False)
    two = json.dumps([{"name": "C", "late": False}], ensure_ascii=False)
    rows.write_text(
        "id,funds\n" + "p1," + '"' + one.replace('"', '""') + '"\n' + "p2," + '"' + two.replace('"', '""') + '"\n',
        encoding="utf-8",
    )
    out = CliRunner().invoke(app, ["eval", str(rubric), str(rows), "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    totals = [json.loads(line)["total"] for line in out.output.splitlines() if line.strip()]
    assert [Decimal(str(t)) for t in totals] == [5, 10]


def test_text_is_kept_as_written_and_a_number_is_not_text() -> None:
    values, codes, _ = _validate({"project": "  乡村 振兴 ", "funds": [{"name": "A", "planned": 1, "paid": 1}]})
    assert codes == [] and values["project"] == "  乡村 振兴 "
    assert _validate({"project": 2021, "funds": [{"name": "A", "planned": 1, "paid": 1}]})[1] == ["F403"]


@pytest.mark.parametrize(
    "raw", [[{"name": "A", "planned": 1, "paid": 1, "late": None}], ({"name": "A", "planned": 1, "paid": 1},)]
)
def test_null_is_a_field_left_out_and_a_tuple_is_a_list(raw: object) -> None:
    assert _validate({"project": "p", "funds": raw})[1] == []


def test_the_facts_json_schema_describes_lists_and_text() -> None:
    schema = RUBRIC.facts_json_schema()
    funds = schema["properties"]["funds"]
    assert funds["type"] == "array" and funds["minItems"] == 1
    item = funds["items"]
    assert item["additionalProperties"] is False and item["required"] == ["name", "planned", "paid"]
    assert item["properties"]["paid"]["anyOf"][0]["minimum"] == 0
    assert schema["properties"]["project"]["type"] == "string"


def test_a_spreadsheet_cell_holds_the_list_as_json_text(tmp_path: Path) -> None:
    import openpyxl
    from typer.testing import CliRunner

    from rubricdsl.cli.app import app

    rubric = tmp_path / "r.rubric"
    rubric.write_text(
        'rubric r "r" 10\nfact funds "专项资金": list of { name: text, late: bool }, >= 1\n'
        'indicator i "拨付" 10 { formula 10 * share(funds where not late) }\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    template = tmp_path / "facts.xlsx"
    assert runner.invoke(app, ["template", str(rubric), "-o", str(template)]).exit_code == 0
    book = openpyxl.load_workbook(template)
    sheet = book["事实"]
    row = next(r for r in range(1, 20) if sheet.cell(r, 6).value == "funds")
    assert "JSON" in str(sheet.cell(row, 4).value)  # the template says how a list is written
    sheet.cell(row, 2).value = json.dumps(
        [{"name": "A", "late": False}, {"name": "B", "late": "是"}], ensure_ascii=False
    )
    book.save(template)
    out = runner.invoke(app, ["eval", str(rubric), str(template), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert Decimal(str(json.loads(out.output)["total"])) == 5
