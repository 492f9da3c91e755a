"""CSV as policy writers' spreadsheets hold it: Chinese labels as column headers in, and with ``--excel`` a
byte-order mark and Chinese headers out (issue 12 §1, §3)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import rubricdsl
from rubricdsl.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "rubrics" / "xiangtan-sme-2021.rubric"
SEED_FACTS = ROOT / "rubrics" / "xiangtan-sme-2021.facts.json"


def _seed_facts() -> dict[str, Any]:
    facts = json.loads(SEED_FACTS.read_text(encoding="utf-8"), parse_float=Decimal)
    return {key: value for key, value in facts.items() if not key.startswith("$")}


def _cell(value: Any) -> str:
    return "是" if value is True else "否" if value is False else str(value)


def _run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as raised:
        main(args)
    return int(raised.value.code or 0)


@pytest.mark.parametrize("form", ["{label}", "{label}（{name}）", "{name}"])
def test_headers_may_be_chinese_labels(tmp_path: Path, form: str, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = rubricdsl.load(SEED)
    facts = _seed_facts()
    path = tmp_path / "projects.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["项目名称", *(form.format(label=rubric.schema.specs[n].label, name=n) for n in facts)])
        writer.writerow(["甲", *(_cell(v) for v in facts.values())])
        writer.writerow(["乙", *(_cell(v if n != "activities" else 9) for n, v in facts.items())])
    assert _run(["eval", str(SEED), str(path), "--lang", "en"]) == 0
    rows = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert rows[0][:4] == ["id", "complete", "total", "grade"]
    expected = rubric.evaluate({**facts, "activities": 9}).total
    assert [row[:3] for row in rows[1:]] == [["甲", "true", "100"], ["乙", "true", f"{expected}"]]


def test_excel_csv_has_a_bom_and_chinese_headers(tmp_path: Path) -> None:
    rubric = rubricdsl.load(SEED)
    facts = _seed_facts()
    source = tmp_path / "projects.jsonl"
    source.write_text(json.dumps({"$id": "=甲", **{k: _cell(v) for k, v in facts.items()}}, ensure_ascii=False))
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    assert _run(["eval", str(SEED), str(source), "-o", str(plain)]) == 0
    assert _run(["eval", str(SEED), str(source), "-o", str(excel), "--excel"]) == 0
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    data = excel.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    labels = [info.node.label for info in rubric.checked.indicators]
    assert rows[0] == ["项目", "评分完成", "合计", "等级", "说明", "问题代码", *labels]
    assert rows[1][:4] == ["'=甲", "true", "100", "优"]  # the id is still neutralised against formulas
    assert rows[1][6:] == list(csv.reader(plain.read_text(encoding="utf-8").splitlines()))[1][6:]
