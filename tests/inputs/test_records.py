"""``header_columns``: the names a CSV header row's columns get, exactly as ``read_csv`` names them."""

from __future__ import annotations

import io

import pytest

import rubricdsl
from rubricdsl.cli.batch import header_names
from rubricdsl.inputs.records import CsvHeader, header_columns, read_csv, read_lines, survey
from tests.conftest import SEED_RUBRIC


@pytest.mark.parametrize(
    "cells",
    [
        ["id", "budget_planned", "预算实际使用金额", " 公益服务\n活动次数 ", "预算资金计划投入金额（budget_planned）"],
        ["项目名称", "$note", "not_applicable", "不适用指标", "备注", ""],
        ["编号", "预算实际使用金额（万元）", "unknown"],
    ],
)
def test_header_columns_are_the_columns_read_csv_reads(cells: list[str]) -> None:
    compiled = rubricdsl.load(SEED_RUBRIC)
    declared = frozenset(compiled.schema.specs)
    quoted = ",".join('"' + cell.replace('"', '""') + '"' for cell in cells)
    handle = io.BytesIO((quoted + "\r\n").encode("utf-8"))
    seen: list[CsvHeader] = []
    list(read_csv(read_lines(handle, survey(handle), [0]), declared, seen, rename=header_names(compiled)))
    assert header_columns(cells, declared, header_names(compiled)) == seen[0].columns
    assert header_columns(cells, declared) == [cell.strip() for cell in cells]  # without a rename: stripped
