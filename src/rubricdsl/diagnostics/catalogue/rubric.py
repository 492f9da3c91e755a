"""The catalogue's E2xx: a rubric that parses but is invalid."""

from __future__ import annotations

from typing import Final

from rubricdsl.diagnostics.catalogue.entry import Entry

ENTRIES: Final[dict[str, Entry]] = {
    # --- E2xx: a rubric that parses but is invalid -------------------------------------------------
    "E143": Entry(
        "range-as-band",
        "`{text}` is a range, and a range does not say whether its ends belong to the band",
        "`{text}` 是区间写法，但没有说明两端是否包含在本档内",
        "write the band as an interval: `{fixed}` (a bracket includes its end, a parenthesis excludes it); "
        "`{other}` is the other reading",
        "请写成区间 `{fixed}`（方括号包含端点，圆括号不包含）；另一种理解是 `{other}`，请按评价标准中“（含）”的位置选择",
    ),
    "E144": Entry(
        "label-ends-early",
        "the label `{text}` ends at a quote inside it",
        "标签 `{text}` 在其内部的引号处提前结束",
        "inside a label in “…” quotes, “…” must come in pairs, one level deep (`“本年度“三公经费”预算数”`); "
        "or write the label in ASCII quotes: `{fixed}`",
        "用“…”括起的标签内部只能有成对的“…”，且只能嵌套一层（如 `“本年度“三公经费”预算数”`）；也可以改用英文引号：`{fixed}`",
    ),
    "E201": Entry(
        "unknown-name",
        "unknown name `{name}`",
        "未定义的名称 `{name}`",
        "did you mean `{suggestion}`?",
        "是否想写 `{suggestion}`？",
    ),
    "E202": Entry(
        "duplicate-id",
        "duplicate id `{name}`",
        "重复的标识 `{name}`",
        "ids of facts, values, sections and indicators must be unique",
        "事实、派生值、指标的标识必须唯一",
    ),
    "E203": Entry("type-mismatch", "{detail}", "{detail_zh}", "{help}", "{help_zh}"),
    "E204": Entry(
        "not-a-condition", "expected a yes/no condition, found {found}", "此处应为是/否条件，实际为{found_zh}"
    ),
    "E205": Entry(
        "points-mismatch",
        "the parts of `{name}` add up to {actual}, not its {expected} points",
        "`{name}` 下各项分值合计 {actual} 分，与其分值 {expected} 分不符",
    ),
    "E206": Entry(
        "unknown-function",
        "unknown function `{name}`",
        "未知函数 `{name}`",
        "functions are min, max, round, abs, floor, ceil, clamp, count",
        "可用函数：min、max、round、abs、floor、ceil、clamp、count",
    ),
    "E207": Entry(
        "wrong-arity",
        "`{name}` takes {expected} arguments, not {actual}",
        "`{name}` 需要 {expected} 个参数，实际 {actual} 个",
    ),
    "E208": Entry(
        "used-before-defined",
        "`{name}` is used before it is defined",
        "`{name}` 在定义之前被使用",
        "move this `let` below the one that defines `{name}`",
        "请把这条 `let` 移到 `{name}` 的定义之后",
    ),
    "E209": Entry(
        "unknown-level",
        "`{level}` is not a level of `{name}`",
        "`{level}` 不是 `{name}` 的等级",
        "levels are {levels}",
        "可选等级：{levels}",
    ),
    "E210": Entry(
        "rule-out-of-bounds",
        "this rule can give {value} points, outside [0, {points}]",
        "该规则可能给出 {value} 分，超出 [0, {points}] 范围",
    ),
    "E211": Entry("duplicate-declaration", "`{what}` is declared twice", "`{what}` 重复声明"),
    "E212": Entry("empty-section", "section `{name}` has no indicators", "`{name}` 下没有任何指标"),
    "E213": Entry("bad-grades", "{detail}", "{detail_zh}"),
    "E214": Entry(
        "reserved-name",
        "`{name}` is reserved in facts files",
        "`{name}` 是事实文件的保留字",
        "choose another name",
        "请换一个名称",
    ),
    "E215": Entry("unit-mismatch", "{detail}", "{detail_zh}"),
    "E216": Entry(
        "division-by-zero-literal",
        "this divides by zero",
        "此处除数为零",
        "a divisor written as 0 can never be evaluated",
        "除数写成了 0，永远无法计算",
    ),
    "E217": Entry(
        "keyword-as-name",
        "`{name}` is a word of the language and cannot name a fact or a derived value",
        "`{name}` 是规则语言的关键字，不能用作事实或派生值的名称",
        "choose another name, e.g. `{name}_1` or a Chinese name",
        "请换一个名称，例如 `{name}_1` 或中文名称",
    ),
    "E218": Entry(
        "points-not-a-number",
        "points are a plain number, but `{text}` is {kind}",
        "分值应为普通数字，而 `{text}` 是{kind_zh}",
        "write `-> 5`, not `-> 50%`; a share of the points belongs in a `levels` rule",
        "请写成 `-> 5` 而不是 `-> 50%`；按分值比例计分请用 `levels` 规则",
    ),
    "E220": Entry(
        "count-of-non-condition",
        "`count` counts yes/no values, but this is {found}",
        "`count` 只统计是/否值，而这里是{found_zh}",
        "make each item a condition, e.g. `count(incidents > 0, late)`; to add numbers up use `+`",
        "把每一项写成条件，例如 `count(incidents > 0, late)`；数值相加请用 `+`",
    ),
    "E221": Entry(
        "clamp-bounds-reversed",
        "`clamp`'s lower bound `{low}` is above its upper bound `{high}`",
        "`clamp` 的下限 `{low}` 大于上限 `{high}`",
        "write `clamp(x, lowest, highest)`, the lower bound first",
        "请写成 `clamp(x, 下限, 上限)`，下限在前",
    ),
    "E265": Entry(
        "not-a-list",
        "`{name}` is not a list, so `{function}(… where …)` cannot go over its items",
        "`{name}` 不是列表，`{function}(… where …)` 无法遍历其条目",
        "declare it `fact {name}: list of {{ … }}`, or use the value itself",
        "请声明为 `fact {name}: list of {{ … }}`，或直接使用该值",
    ),
    "E266": Entry(
        "unknown-item-field",
        "the items of `{name}` have no field `{field}`",
        "`{name}` 的条目没有字段 `{field}`",
        "did you mean `{suggestion}`? fields are {fields}",
        "是否想写 `{suggestion}`？可用字段：{fields}",
    ),
    "E267": Entry(
        "bad-aggregate",
        "{detail}",
        "{detail_zh}",
        "write `count(L)`, `count(L where c)`, `all(L where c)`, `any(L where c)`, `share(L where c)` or "
        "`sum(L.field)` (with `where c` if needed)",
        "可写 `count(L)`、`count(L where c)`、`all(L where c)`、`any(L where c)`、`share(L where c)` 或 "
        "`sum(L.字段)`（需要时加 `where c`）",
    ),
    "E268": Entry(
        "text-compared",
        "text can only be compared with == or != against a quoted text, not {what}",
        "文本只能用 == 或 != 与带引号的文本比较，不能{what_zh}",
        'e.g. `project_name == "乡村振兴"`; text is shown in results, it is not a number',
        '例如 `project_name == "乡村振兴"`；文本用于展示，不是数值',
    ),
    "E269": Entry(
        "bad-item-field",
        "{detail}",
        "{detail_zh}",
        "{help}",
        "{help_zh}",
    ),
    "E230": Entry(
        "share-compared-with-number",
        "{what} is a share (90% is 0.9), but it is compared with the plain number `{text}`",
        "{what_zh}是比率（90% 即 0.9），却与普通数字 `{text}` 比较",
        "did you mean `{fixed}`? if the value is not a share, declare it `: number`",
        "是否想写 `{fixed_zh}`？如果该值不是比率，请把它声明为 `: number`",
    ),
    "E231": Entry(
        "money-compared-with-number",
        "{what} is money, but it is compared with the plain number `{text}`",
        "{what_zh}是金额，却与普通数字 `{text}` 比较",
        "did you mean `{fixed}`? an amount is written with its unit, 元 or 万元",
        "是否想写 `{fixed}`？金额须写明单位（元或万元）",
    ),
    "E232": Entry(
        "declared-kind-mismatch",
        "`{name}` is declared {declared}, but its expression is {found}",
        "`{name}` 声明为{declared_zh}，但其表达式是{found_zh}",
        "{help}",
        "{help_zh}",
    ),
    "E233": Entry(
        "absence-policy-missing",
        "`{name}` is optional and scored by `{indicator}`, but the rubric does not say what its absence means",
        "`{name}` 是可选事实，且用于指标 `{indicator}` 的评分，但规则没有写明缺少时如何处理",
        "write `optional, absent: not_applicable` (the indicator is then not applicable and the total is rescaled) or give a `default`",
        "请写成 `optional, absent: not_applicable`（缺少时该指标不适用，总分按适用分值折算），或给出 `default` 默认值",
    ),
    "E235": Entry(
        "conflicting-absence-policy",
        "`{name}` has a default and `absent: not_applicable`, two answers to what its absence means",
        "`{name}` 同时写了 `default` 和 `absent: not_applicable`，对缺少时的处理给出了两种说法",
        "keep one: a default scores the indicator with that value; not_applicable leaves it out and rescales",
        "请只保留一种：默认值表示按该值计分；not_applicable 表示该指标不适用并折算总分",
    ),
    "E234": Entry(
        "deduction-from-zero",
        "a deduction from base 0 always scores 0",
        "基础分为 0 的扣分规则永远得 0 分",
        'a deduction starts from its base and stops at 0, so this never takes points from anything; to subtract from the section or the total (减分项), write `penalty id "label" CAP {{ rule }}`',
        '扣分从基础分扣起、扣完为止，基础分为 0 时不会从任何地方扣分；减分项请写成 `penalty 标识 "名称" 最高减分 {{ 规则 }}`',
    ),
}
