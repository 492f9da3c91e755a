"""The catalogue's E25x: penalties and bonuses, not-applicable policies, grade caps."""

from __future__ import annotations

from typing import Final

from rubricdsl.diagnostics.catalogue.entry import Entry

ENTRIES: Final[dict[str, Entry]] = {
    # --- E25x: penalties and bonuses, not-applicable policies, grade caps (issue 10) ----------------
    "E250": Entry(
        "adjustment-cap-zero",
        "`{name}` has a cap of 0, so it can never change the score",
        "`{name}` 的最高加减分为 0，不会改变任何得分",
        'write the most it may add or subtract (最高加分 / 最高减分), e.g. `penalty {name} "…" 10 {{ … }}`',
        '请写明最高加分或最高减分，例如 `penalty {name} "…" 10 {{ … }}`',
    ),
    "E251": Entry(
        "policy-unknown-indicator",
        "`{name}` is not an indicator directly in `{section}`",
        "`{name}` 不是 `{section}` 下的直属指标",
        "a not-applicable policy names indicators of the section it stands in (not penalties or bonuses)",
        "不适用处理只能指定其所在部分的直属指标（不含加分项、减分项）",
    ),
    "E252": Entry(
        "policy-duplicate",
        "`{section}` states two not-applicable policies for {what}",
        "`{section}` 对{what_zh}写了两种不适用处理",
        "keep one",
        "请只保留一种",
    ),
    "E253": Entry(
        "policy-target-without-source",
        "`not_applicable -> {name}` does not say whose points move to `{name}`",
        "`not_applicable -> {name}` 没有写明哪项指标的分值转给 `{name}`",
        "write `not_applicable <indicator> -> {name}`, or `not_applicable -> siblings` for every sibling pro rata",
        "请写成 `not_applicable <指标> -> {name}`；若按比例分给其余各项，写 `not_applicable -> siblings`",
    ),
    "E254": Entry(
        "grade-cap-unknown",
        "`{grade}` is not a grade of this rubric ({grades})",
        "`{grade}` 不是本规则的等级（{grades}）",
        "cap the grade at one of the grades the rubric gives",
        "请从本规则的等级中选择上限",
    ),
    "E255": Entry(
        "policy-to-itself",
        "`not_applicable {name} -> {name}` moves `{name}`'s points to itself",
        "`not_applicable {name} -> {name}` 把 `{name}` 的分值转给了它自己",
        "name the sibling that receives the points",
        "请写明接收分值的同级指标",
    ),
    "E256": Entry(
        "grade-cap-failed",
        "the grade cap at {grade} could not be evaluated: {detail}",
        "等级上限（{grade}）的条件无法计算：{detail_zh}",
        "the cap was not applied; the grade is the one the total reaches",
        "本次未执行等级上限，等级按总分确定",
    ),
    "E270": Entry(
        "not-a-day",
        "`{text}` is written like a date, but no such day exists",
        "`{text}` 写成了日期的样子，但日历上没有这一天",
        "write a day of the calendar, e.g. `2021-12-31` or `2021年12月31日`",
        "请写出日历上存在的日期，例如 `2021-12-31` 或 `2021年12月31日`",
    ),
    "E271": Entry(
        "date-arithmetic",
        "a date cannot be {what}",
        "日期不能{what_zh}",
        "the days from one date to another are `days_between(a, b)`, working days `working_days_between(a, b)`",
        "两个日期之间的天数请写 `days_between(a, b)`，工作日数请写 `working_days_between(a, b)`",
    ),
    "E272": Entry(
        "not-a-date-argument",
        "`{name}` takes two dates, but argument {position} is {found}",
        "`{name}` 的参数应为两个日期，但第 {position} 个参数是{found_zh}",
        "declare the fact `: date`, or write a date such as `2021-12-31`",
        "请把该事实声明为 `: date`，或写成日期，例如 `2021-12-31`",
    ),
    "E273": Entry(
        "tolerance-not-allowed",
        "a tolerance (`within`) belongs to `==`, `<=` or `>=` between numbers, not to `{op}` here",
        "容差（`within`）只能用于数值之间的 `==`、`<=` 或 `>=`，不能用于此处的 `{op}`",
        "leave `within …` out, or compare two numbers",
        "请删去 `within …`，或改为比较两个数值",
    ),
    "E274": Entry(
        "tolerance-unit",
        "the tolerance `{text}` is not in the unit of what it compares, which is {kind}",
        "容差 `{text}` 与所比较的值单位不同，应为{kind_zh}",
        "write the tolerance in the sides' unit, e.g. `within 0.01万元` for money, `within 0.5%` for a percent",
        "请用与两边相同的单位写容差，例如金额写 `within 0.01万元`，百分数写 `within 0.5%`",
    ),
    "E240": Entry(
        "tier-not-enum",
        "the tier `{name}` of `judged … within` is {kind}, not an enum fact",
        "`judged … within` 的等级 `{name}` 是{kind_zh}，不是枚举类型的事实",
        "declare the tier as an enum fact, e.g. `fact {name}: enum(较强, 一般, 较差)`",
        "请把等级声明为枚举事实，例如 `fact {name}: enum(较强, 一般, 较差)`",
    ),
    "E241": Entry(
        "tier-score-kind",
        "the judged score `{name}` is {kind}; these ranges need {wanted}",
        "评议得分 `{name}` 是{kind_zh}；这些区间需要 {wanted_zh}",
        "point ranges (`[10, 15]`) read the score as points; percent ranges (`[80%, 100%]`) read it as a share of the indicator's points",
        "分值区间（`[10, 15]`）按分数读取评议得分；百分数区间（`[80%, 100%]`）按指标分值的比例读取",
    ),
    "E242": Entry(
        "tier-ranges-mixed",
        "the ranges of one `judged … within` rule must all be points or all be percents",
        "同一条 `judged … within` 规则的区间必须全部是分值或全部是百分数",
        "write every range in points (`[10, 15]`) or every range as a share of the points (`[80%, 100%]`)",
        "请把所有区间都写成分值（`[10, 15]`），或都写成分值的比例（`[80%, 100%]`）",
    ),
    "E243": Entry(
        "nested-rule-unwrapped",
        "`{keyword}` has `;`-separated parts of its own, so as a `when` outcome it must be in parentheses",
        "`{keyword}` 自身用 `;` 分隔各部分，作为 `when` 的分支结果时必须放在括号里",
        "wrap the nested rule in parentheses, `({keyword} …; …)`, so that a `;` after it is the outer rule's",
        "请把嵌套规则放进括号，写成 `({keyword} …; …)`，这样其后的 `;` 才属于外层规则",
    ),
    "E260": Entry(
        "bad-exact-points",
        "`{text}` is not exact points: {detail}",
        "`{text}` 不是有效的精确分值：{detail_zh}",
        "exact points are a fraction of two whole numbers, such as `10/3` (three items summing to exactly 10)",
        "精确分值写成两个整数之比，例如 `10/3`（三项合计恰为 10 分）",
    ),
    "E261": Entry(
        "fraction-points-not-allowed-here",
        "the points of a rubric, section or indicator are a decimal number, not the fraction `{text}`",
        "总分、一级/二级指标和指标的分值须为小数，不能写成分数 `{text}`",
        "exact thirds belong to checklist items (`checklist: a -> 10/3; b -> 10/3; c -> 10/3`); for three equal "
        "indicators, write their points as decimals that add up (3.34, 3.33, 3.33) or make them one indicator",
        "精确三等分请写在 checklist 的各项上（`checklist: a -> 10/3; b -> 10/3; c -> 10/3`）；"
        "若是三个等分的指标，请写成合计相等的小数（3.34、3.33、3.33），或合并为一个指标",
    ),
    "E262": Entry(
        "exact-points-need-rounding",
        "the exact points `{text}` need a declared rounding of indicator scores",
        "精确分值 `{text}` 需要声明指标得分的保留位数",
        "add `rounding indicators 2` to the rubric: a score such as 20/3 is then shown and summed as 6.67",
        "请在评分表中加上 `rounding indicators 2`：得分 20/3 随之按 6.67 显示并合计",
    ),
    "E263": Entry(
        "target-kind-mismatch",
        "the target `{target}` is {kind}, but the value it is a target for, `{actual}`, is {actual_kind}",
        "年度指标值 `{target}` 是{kind_zh}，而它对应的实际完成值 `{actual}` 是{actual_kind_zh}",
        "write the target in the actual value's unit (a percent for a rate, a count for a number of things, "
        "元 or 万元 for money), or name the actual value with `actual …`",
        "请用实际完成值的单位写年度指标值（比率用百分数、数量用计数、金额用元或万元），或用 `actual …` 指明实际完成值",
    ),
    "E264": Entry(
        "target-not-usable",
        "the rule refers to `target`, but {detail}",
        "规则引用了 `target`，但{detail_zh}",
        "declare a numeric target in the indicator (`target 500`, `target >= 90%`, `target plan_count`), "
        "or rename the fact called `target`",
        "请在指标中声明数值型年度指标值（`target 500`、`target >= 90%`、`target plan_count`），或为名为 `target` 的事实改名",
    ),
}
