"""``rubric template``: a workbook a policy writer fills in and ``rubric eval`` reads back without edits.

One project: a form on the sheet 事实 — 事实名称 | 填写值 | 单位 | 填写要求 | 备注 | 标识.  Many (``--batch``): the
sheet 项目 with a header row ``label（id）`` per fact (so two facts with one label stay apart), a 项目名称
column first and 不适用指标 and 备注 last.  Every value cell carries Excel data validation from the
declaration: 是/否 and enum levels as drop-downs, counts as whole numbers, the declared bounds as limits
(a 万元 fact's bounds in 万元), percents formatted as percents so that typing 96 gives 96%.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rubricdsl.compiled import CompiledRubric
from rubricdsl.inputs.facts import FactSpec
from rubricdsl.outputs.xlsx import _new_workbook, atomic_save
from rubricdsl.outputs.xlsx_cells import _at, print_setup, put_text
from rubricdsl.syntax import nodes as n

if TYPE_CHECKING:
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

BATCH_ROWS = 500  # rows below the header that carry the validation
_FORMATS = {n.FactKind.PERCENT: "0.00%", n.FactKind.COUNT: "0", n.FactKind.MONEY: "#,##0.00"}
_KIND_UNITS = {n.FactKind.PERCENT: "%", n.FactKind.COUNT: "个/次", n.FactKind.BOOL: "是/否"}


def unit_of(spec: FactSpec, decl: n.FactDecl) -> str:
    if spec.kind is n.FactKind.MONEY:
        return decl.type.money_unit or "元"
    return _KIND_UNITS.get(spec.kind, "")


def requirement(spec: FactSpec, decl: n.FactDecl) -> str:
    """填写要求: what the cell takes, with the declared bounds, in Chinese."""
    text = spec.expected()[1]
    if spec.kind is n.FactKind.MONEY:
        text = f"金额，单位{unit_of(spec, decl)}（也可写“50万元”）"
    bounds = "；".join(bound.text for bound in spec.bounds)
    parts = [text] + ([f"范围 {bounds}"] if bounds else [])
    if spec.optional:
        parts.append("可不填")
    elif spec.has_default:
        parts.append("不填则取默认值")
    return "；".join(parts)


def _validation(spec: FactSpec, decl: n.FactDecl) -> DataValidation | None:
    found = _rule_of(spec)
    if found is not None:
        prompt = requirement(spec, decl)[:255]
        found.showErrorMessage = found.showInputMessage = True
        found.promptTitle, found.prompt = spec.label[:32], prompt
        found.errorTitle, found.error = "填写有误", prompt
    return found


def _rule_of(spec: FactSpec) -> DataValidation | None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if spec.kind is n.FactKind.BOOL:
        return DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    if spec.kind is n.FactKind.ENUM:
        levels = ",".join(spec.level_order)
        if len(levels) > 250 or any("," in level or '"' in level for level in spec.level_order):
            return None  # Excel's list is at most 255 characters and has no quoting
        return DataValidation(type="list", formula1=f'"{levels}"', allow_blank=True)
    low, high = _limits(spec)
    kind: Literal["whole", "decimal"] = "whole" if spec.kind is n.FactKind.COUNT else "decimal"
    if spec.kind is n.FactKind.COUNT and (low is None or low < 0):
        low = Decimal(0)
    if low is not None and high is not None:
        return DataValidation(type=kind, operator="between", formula1=_num(low), formula2=_num(high))
    if low is not None:
        return DataValidation(type=kind, operator="greaterThanOrEqual", formula1=_num(low))
    if high is not None:
        return DataValidation(type=kind, operator="lessThanOrEqual", formula1=_num(high))
    return DataValidation(type=kind, operator="between", formula1="-1E+15", formula2="1E+15")


def _limits(spec: FactSpec) -> tuple[Decimal | None, Decimal | None]:
    """The tightest closed limits of the declared bounds, in the unit the cell is typed in.

    Excel validation has no strict comparison for decimals; a strict bound (``> 0``) is checked as ``>= 0``
    here and refused exactly by ``rubric eval`` (F404)."""
    low: Decimal | None = None
    high: Decimal | None = None
    for bound in spec.bounds:
        if bound.low is not None:
            value = bound.low.value / spec.scale
            low = value if low is None else max(low, value)
        if bound.high is not None:
            value = bound.high.value / spec.scale
            high = value if high is None else min(high, value)
    return low, high


def _num(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def write_template(compiled: CompiledRubric, path: Path, *, batch: bool) -> None:
    workbook = _new_workbook()
    sheet = workbook.active
    assert sheet is not None
    if batch:
        sheet.title = "项目"
        _rows_template(sheet, compiled)
    else:
        sheet.title = "事实"
        _form_template(sheet, compiled)
    _instructions(workbook.create_sheet("填写说明"), compiled, batch)
    atomic_save(workbook, path)


def _form_template(sheet: Worksheet, compiled: CompiledRubric) -> None:
    from openpyxl.styles import Font, PatternFill

    put_text(_at(sheet, 1, 1), f"{compiled.label}　事实填报表")
    _at(sheet, 1, 1).font = Font(bold=True, size=14)
    sheet.merge_cells("A1:F1")
    for column, title in enumerate(["事实名称", "填写值", "单位", "填写要求", "备注", "标识"], start=1):
        put_text(_at(sheet, 2, column), title)
        _at(sheet, 2, column).font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    row = 3
    for name, spec in compiled.schema.specs.items():
        decl = compiled.checked.facts[name]
        put_text(_at(sheet, row, 1), spec.label)
        value = _at(sheet, row, 2)
        value.fill = fill
        if spec.kind in _FORMATS:
            value.number_format = _FORMATS[spec.kind]
        put_text(_at(sheet, row, 3), unit_of(spec, decl))
        put_text(_at(sheet, row, 4), requirement(spec, decl))
        put_text(_at(sheet, row, 6), name)
        validation = _validation(spec, decl)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(value.coordinate)
        row += 1
    put_text(_at(sheet, row, 1), "不适用指标")
    _at(sheet, row, 2).fill = fill
    put_text(_at(sheet, row, 4), "不适用的指标标识，用、分隔（可不填）：" + "、".join(_indicator_ids(compiled))[:200])
    put_text(_at(sheet, row, 6), "not_applicable")
    for letter, width in zip("ABCDEF", (36, 16, 8, 48, 24, 26), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    print_setup(sheet, 2, f"评分规则 {compiled.id}，内容哈希 SHA-256 {compiled.sha256}")


def _rows_template(sheet: Worksheet, compiled: CompiledRubric) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    put_text(_at(sheet, 1, 1), "项目名称")
    column = 2
    for name, spec in compiled.schema.specs.items():
        decl = compiled.checked.facts[name]
        header = _at(sheet, 1, column)
        put_text(header, f"{spec.label}（{name}）")
        unit = unit_of(spec, decl)
        header.comment = Comment(requirement(spec, decl) + (f"；单位：{unit}" if unit else ""), "rubricdsl")
        letter = get_column_letter(column)
        cells = f"{letter}2:{letter}{BATCH_ROWS + 1}"
        validation = _validation(spec, decl)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(cells)
        if spec.kind in _FORMATS:
            for row in range(2, BATCH_ROWS + 2):
                _at(sheet, row, column).number_format = _FORMATS[spec.kind]
        sheet.column_dimensions[letter].width = 18
        column += 1
    put_text(_at(sheet, 1, column), "不适用指标")
    put_text(_at(sheet, 1, column + 1), "备注")
    for index in range(1, column + 2):
        _at(sheet, 1, index).font = Font(bold=True)
        _at(sheet, 1, index).alignment = Alignment(wrap_text=True, vertical="center")
    sheet.column_dimensions["A"].width = 24
    sheet.freeze_panes = "B2"
    print_setup(sheet, 1, f"评分规则 {compiled.id}，内容哈希 SHA-256 {compiled.sha256}")


def _indicator_ids(compiled: CompiledRubric) -> list[str]:
    return [info.node.id for info in compiled.checked.indicators]


def _instructions(sheet: Worksheet, compiled: CompiledRubric, batch: bool) -> None:
    lines = [
        f"{compiled.label}（评分规则 {compiled.id}）",
        "每个项目一行，在“项目名称”列填写项目名称。" if batch else "在黄色的“填写值”列填写每项事实。",
        "是/否：从下拉列表选择“是”或“否”（也可填 TRUE/FALSE）。",
        "百分比：直接输入 96%（单元格已设为百分比格式，输入 96 即为 96%）。",
        "金额：按“单位”一栏的单位填写数字，也可写“50万元”。",
        "填好后运行：rubric eval 评分规则文件 本文件.xlsx",
        f"内容哈希 SHA-256 {compiled.sha256}",
    ]
    for row, line in enumerate(lines, start=1):
        put_text(_at(sheet, row, 1), line)
    sheet.column_dimensions["A"].width = 90
