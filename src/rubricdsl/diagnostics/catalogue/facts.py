"""The catalogue's F4xx: facts files, one record of a many-project file (F42x), spreadsheet facts (F43x)."""

from __future__ import annotations

from typing import Final

from rubricdsl.diagnostics.catalogue.entry import Entry

ENTRIES: Final[dict[str, Entry]] = {
    # --- F4xx: facts files -------------------------------------------------------------------------
    "F401": Entry(
        "missing-fact",
        "missing fact `{name}` ({label}), expected {expected}",
        "缺少事实 `{name}`（{label}），应为{expected_zh}",
        "indicators that use it are not scored; add it to the facts file",
        "用到它的指标将无法评分，请在事实文件中补上",
    ),
    "F402": Entry(
        "unknown-fact",
        "unknown fact `{name}`",
        "未声明的事实 `{name}`",
        "did you mean `{suggestion}`?",
        "是否想写 `{suggestion}`？",
    ),
    "F403": Entry(
        "wrong-type",
        "fact `{name}` ({label}) is `{given}`, expected {expected}",
        "事实 `{name}`（{label}）的值为 `{given}`，应为{expected_zh}",
    ),
    "F404": Entry(
        "constraint-violated",
        "fact `{name}` ({label}) is `{given}`, which breaks `{constraint}`",
        "事实 `{name}`（{label}）的值为 `{given}`，不满足 `{constraint}`",
    ),
    "F405": Entry(
        "percent-as-whole-number",
        "fact `{name}` ({label}) is `{given}`, which looks like a whole percent",
        "事实 `{name}`（{label}）的值为 `{given}`，像是把百分数写成了整数",
        'for {percent}, write {share}"{percent}" (with the percent sign)',
        '如为 {percent}，请写成{share_zh}带百分号的字符串 "{percent}"',
    ),
    "F406": Entry(
        "not-an-object",
        "the facts must be an object of name: value pairs, found {found}",
        "事实文件应为“名称: 值”形式的对象，实际为{found_zh}",
        'write e.g. `{{"budget_planned": 500000, "activities": 23}}`',
        '例如 `{{"budget_planned": 500000, "activities": 23}}`',
    ),
    "F407": Entry("unreadable-facts", "cannot read the facts file: {detail}", "无法读取事实文件：{detail_zh}"),
    "F408": Entry(
        "unknown-indicator",
        "`{name}` in not_applicable is not an indicator",
        "not_applicable 中的 `{name}` 不是指标",
        "did you mean `{suggestion}`?",
        "是否想写 `{suggestion}`？",
    ),
    "F409": Entry(
        "not-applicable-not-a-list",
        "not_applicable is `{given}`, expected a list of indicator ids",
        "not_applicable 的值为 `{given}`，应为指标标识的列表",
        'write e.g. `"not_applicable": ["procurement"]`',
        '例如 `"not_applicable": ["procurement"]`',
    ),
    "F410": Entry(
        "not-a-number",
        "fact `{name}` ({label}) is `{given}`, which is not a number",
        "事实 `{name}`（{label}）的值为 `{given}`，不是有效的数字",
        "write the figure itself; if it is not known yet, leave the fact out",
        "请填写实际数值；如果暂时不清楚，可先不写这项事实",
    ),
    "F411": Entry(
        "number-too-large",
        "fact `{name}` ({label}) is `{given}`, which is out of range",
        "事实 `{name}`（{label}）的值为 `{given}`，超出了可以计算的范围",
        "check it for a typing slip; a fact has at most 40 digits before or after the decimal point",
        "请检查是否输入有误；事实的数值在小数点前后最多 40 位",
    ),
    "F450": Entry(
        "list-not-a-list",
        "fact `{name}` ({label}) is `{given}`, expected a list of items",
        "事实 `{name}`（{label}）的值为 `{given}`，应为条目列表",
        'write a JSON/YAML array of objects, e.g. `[{{"name": "专项A", "paid": 12}}]`',
        '请写成 JSON/YAML 数组，每个条目一个对象，例如 `[{{"name": "专项A", "paid": 12}}]`',
    ),
    "F451": Entry(
        "item-not-an-object",
        "item {position} of `{name}` ({label}) is `{given}`, expected an object of field: value pairs",
        "`{name}`（{label}）的第 {position} 项为 `{given}`，应为“字段: 值”形式的对象",
    ),
    "F452": Entry(
        "bad-item-field",
        "{item} of `{name}` ({label}): field `{field}` {detail}",
        "`{name}`（{label}）的{item_zh}：字段 `{field}` {detail_zh}",
    ),
    "F453": Entry(
        "unknown-item-field",
        "{item} of `{name}` ({label}) has the field `{field}`, which the items do not declare",
        "`{name}`（{label}）的{item_zh}含有未声明的字段 `{field}`",
        "did you mean `{suggestion}`? fields are {fields}",
        "是否想写 `{suggestion}`？可用字段：{fields}",
    ),
    "F454": Entry(
        "too-many-items",
        "fact `{name}` ({label}) has {count} items, more than the {limit} a list may have",
        "事实 `{name}`（{label}）有 {count} 个条目，超过列表上限 {limit} 个",
        "a list holds the items of one project (its 专项, its indicators); split the data by project",
        "列表只放一个项目的条目（如各专项、各指标），请按项目拆分数据",
    ),
    "F460": Entry(
        "not-a-date",
        "fact `{name}` ({label}) is `{given}`, which is not a date",
        "事实 `{name}`（{label}）的值为 `{given}`，不是日期",
        'write the day as `"2021-12-31"` or `"2021年12月31日"` (a spreadsheet date cell is read as it is)',
        '请写成 `"2021-12-31"` 或 `"2021年12月31日"`（表格中的日期单元格可直接读取）',
    ),
    "F461": Entry(
        "outside-working-calendar",
        "working days are counted from the official calendar of {first}–{last}, and `{day}` is outside it",
        "工作日按国务院公布的 {first}—{last} 年节假日安排计算，`{day}` 不在此范围内",
        "no count is given rather than a wrong one; check the date, or count the days with `days_between`",
        "为避免给出错误的工作日数，本项不予计算；请检查日期，或改用 `days_between` 计算自然日",
    ),
    "F462": Entry(
        "assertion-failed",
        "the facts disagree ({assertion}): {message}: `{left}` is {left_value}, `{right}` is {right_value}{within}"
        "{reads}",
        "事实之间不一致（{assertion}）：{message}：`{left}` 为 {left_value}，`{right}` 为 {right_value}{within_zh}"
        "{reads_zh}",
        "the rubric requires this to hold; correct the fact that is wrong (the result is not final until then)",
        "评分规则要求此项成立；请更正有误的事实（更正之前，结果不是最终结果）",
    ),
    "F463": Entry(
        "assertion-warning",
        "the facts disagree ({assertion}): {message}: `{left}` is {left_value}, `{right}` is {right_value}{within}"
        "{reads}",
        "事实之间不一致（{assertion}）：{message}：`{left}` 为 {left_value}，`{right}` 为 {right_value}{within_zh}"
        "{reads_zh}",
        "the rubric marks this check `warn`: the result stands, but check the facts",
        "评分规则将此项检查标为 `warn`：结果有效，但请核对这些事实",
    ),
    "F464": Entry(
        "assertion-not-checked",
        "not checked ({assertion}): {message}: {names} has no value",
        "未能检查（{assertion}）：{message}：{names} 没有有效的值",
        "give the fact; the check is made once every value it reads is there",
        "请补充该事实；所需的值齐全后才会进行此项检查",
    ),
    # --- F42x: one record of a many-project file (.jsonl, .csv); the record is not scored, the rest are ------
    "F420": Entry(
        "record-not-text",
        "line {line}: byte {byte} is not {encoding} text",
        "第 {line} 行：第 {byte} 个字节不是 {encoding} 编码的文字",
        "this record is not scored; the others are. Save the file as UTF-8",
        "该行记录未评分，其余照常评分；请将文件另存为 UTF-8 编码",
    ),
    "F421": Entry(
        "record-too-large",
        "line {line}: the record is longer than {limit} bytes",
        "第 {line} 行：记录超过 {limit} 字节的上限",
        "one project's facts fit in a few kilobytes; this record is skipped unread",
        "一个项目的事实通常只有几 KB；该行记录未读取、未评分",
    ),
    "F422": Entry(
        "malformed-csv-row",
        "line {line}, column {column}: {what}",
        "第 {line} 行第 {column} 列：{what_zh}",
        "this row is not scored; reading goes on with the next line",
        "该行未评分，从下一行继续读取",
    ),
    "F423": Entry(
        "cells-without-column",
        "line {line}: column(s) {columns} hold values but have no name in the header ({count} columns)",
        "第 {line} 行：第 {columns} 列有值，但表头中没有对应的列名（表头共 {count} 列）",
        "an unquoted comma (1,500,000) splits a value into cells: quote it or drop the comma; the row is not scored",
        "未加引号的逗号（如 1,500,000）会把一个值拆成多列：请加引号或去掉逗号；该行未评分",
    ),
    "F424": Entry(
        "conflicting-duplicate-column",
        "line {line}: column `{name}` appears twice, with different values in columns {first} and {second}",
        "第 {line} 行：列 `{name}` 出现两次，第 {first} 列与第 {second} 列的值不同",
        "keep one of the two columns; the row is not scored",
        "请只保留其中一列；该行未评分",
    ),
    # --- F43x: spreadsheet facts (.xlsx) ------------------------------------------------------------
    "F430": Entry(
        "float-residue",
        "cell `{cell}` holds {given}, not exactly the {shown} it shows: float residue, not a typed value",
        "单元格 `{cell}` 的值为 {given}，并不恰好等于显示的 {shown}：这是浮点误差，不是录入的数值",
        "type the value again (e.g. `{shown}`), or round it in the sheet with =ROUND(…); it is not used as it is",
        "请重新输入该值（例如 `{shown}`），或在表中用 =ROUND(…) 取整；该值不会被直接采用",
    ),
    "F431": Entry(
        "spreadsheet-error-value",
        "cell `{cell}` holds the spreadsheet error `{given}`",
        "单元格 `{cell}` 的值是表格错误 `{given}`",
        "fix the formula in the sheet, or type the value itself",
        "请修正表中的公式，或直接填写数值",
    ),
    "F433": Entry(
        "fact-given-twice",
        "fact `{name}` is given a second time at `{cell}`",
        "事实 `{name}` 在 `{cell}` 处重复出现",
        "each fact has one row (or one column); the first is used, delete the other",
        "每项事实只能有一行（或一列）；已采用第一处，请删除重复的一处",
    ),
    "F440": Entry(
        "score-outside-tier",
        "`{score}` ({score_label}) = {value} is outside {range}, the range for `{tier}` ({tier_label}) = {level}",
        "`{score}`（{score_label}）为 {value}，不在 `{tier}`（{tier_label}）为“{level}”时的得分区间 {range} 内",
        "the judged score and the tier contradict each other; correct one of them in the facts",
        "评议得分与评价等级相互矛盾，请在事实中改正其中之一",
    ),
    "F441": Entry(
        "share-outside-tier",
        "`{score}` ({score_label}) = {value:%} is outside {range}, the range for `{tier}` ({tier_label}) = {level}",
        "`{score}`（{score_label}）为 {value:%}，不在 `{tier}`（{tier_label}）为“{level}”时的得分比例区间 {range} 内",
        "the judged share and the tier contradict each other; correct one of them in the facts",
        "评议得分比例与评价等级相互矛盾，请在事实中改正其中之一",
    ),
    "F442": Entry(
        "tier-without-range",
        "`{tier}` ({tier_label}) = {level}, a level this rule gives no range, so `{score}` cannot be checked",
        "`{tier}`（{tier_label}）为“{level}”，该规则没有为这一等级规定得分区间，无法核对 `{score}`",
        "add a range for this level to the rule, or correct the tier in the facts",
        "请在规则中为该等级补上得分区间，或改正事实中的等级",
    ),
}
