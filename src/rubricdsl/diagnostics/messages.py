"""The message catalogue: every diagnostic code with its stable name and wording in English and Chinese.

Codes are stable across releases.  ``E1xx`` syntax and input, ``E2xx`` a rubric that is invalid, ``E3xx`` an
indicator that could not be scored, ``F4xx`` a facts file that is not what the rubric declares, ``E5xx`` an
optional part this machine lacks (an extra, a browser).  Templates use ``str.format`` fields; user input
goes in backticks (Cedar's style guide), messages are lowercase fragments with no final period, extra
sentences belong in the hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from rubricdsl.diagnostics import Diagnostic, Severity, Text
from rubricdsl.reading.source import Span


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    en: str
    zh: str
    hint_en: str | None = None
    hint_zh: str | None = None


CATALOGUE: Final[dict[str, Entry]] = {
    # --- E1xx: reading and parsing a rubric --------------------------------------------------------
    "E100": Entry(
        "syntax-error", "unexpected {found}, expected {expected}", "此处不应出现{found_zh}，应为{expected_zh}"
    ),
    "E101": Entry("unexpected-character", "unexpected character `{char}`", "无法识别的字符 `{char}`"),
    "E102": Entry(
        "unexpected-end",
        "the file ends too early, expected {expected}",
        "文件意外结束，应为{expected_zh}",
        "the last line may be unfinished",
        "最后一行可能没有写完",
    ),
    "E103": Entry(
        "missing-else-value",
        "`else` has no value",
        "`else` 后面缺少分值",
        "write the points given when nothing above applies, e.g. `else 0`",
        "请写出以上条件都不满足时的得分，例如 `else 0`",
    ),
    "E104": Entry(
        "wrong-arrow",
        "`{found}` is not an arrow, write `->`",
        "`{found}` 不是箭头，请写 `->`",
        "the arrow is a minus sign and a greater-than sign typed in English mode, e.g. `>= 90% -> 5`",
        "箭头由减号和大于号组成，请在英文输入法下输入，例如 `>= 90% -> 5`",
    ),
    "E105": Entry(
        "missing-semicolon",
        "missing `;` before {found}",
        "{found_zh}之前缺少分号 `;`",
        "bands, branches and checklist items are separated by `;`, e.g. `>= 90% -> 5; >= 80% -> 3; else 0`",
        "分档、条件分支和清单条目之间要用分号 `;` 隔开，例如 `>= 90% -> 5; >= 80% -> 3; else 0`",
    ),
    "E106": Entry(
        "full-width-punctuation",
        "full-width `{char}` is not accepted here, write `{ascii}`",
        "此处不能使用全角符号 `{char}`，请改为 `{ascii}`",
        "full-width `：；，、（）％` are accepted as they are; type other symbols in English mode",
        "全角的 `：；，、（）％` 可以直接使用，其他符号请切换到英文输入法输入",
    ),
    "E107": Entry(
        "unclosed-block",
        "this `{{` is never closed",
        "这个 `{{` 缺少对应的 `}}`",
        "add the missing `}}` where the block ends; it may also belong to a block inside this one",
        "请在该块结束处补上 `}}`；缺少的也可能是其中某个内层块的 `}}`",
    ),
    "E108": Entry(
        "unclosed-parenthesis",
        "this `(` is never closed",
        "这个 `(` 缺少对应的 `)`",
        "add `)` where the part in parentheses ends",
        "请在括号内容结束处补上 `)`",
    ),
    "E109": Entry(
        "unmatched-closing-bracket",
        "`{char}` has no matching `{opening}`",
        "`{char}` 前面没有与之对应的 `{opening}`",
        "remove it, or add the missing `{opening}` before it",
        "请删除它，或在前面补上缺少的 `{opening}`",
    ),
    "E110": Entry(
        "not-utf8",
        "the file is not UTF-8 text",
        "文件不是 UTF-8 编码的文本",
        "convert it, e.g. `iconv -f GB18030 -t UTF-8 in.rubric > out.rubric`, or save as UTF-8 in the editor",
        "请转换为 UTF-8，例如 `iconv -f GB18030 -t UTF-8 原文件 > 新文件`，或在编辑器中另存为 UTF-8",
    ),
    "E111": Entry(
        "empty-file",
        "the file is empty",
        "文件为空",
        'a rubric starts with `rubric ID "标题" 100`',
        '评分规则的第一行应为 `rubric 标识 "标题" 100`',
    ),
    "E112": Entry(
        "input-too-large",
        "the input is too large ({size} characters, limit {limit})",
        "输入过大（{size} 个字符，上限 {limit}）",
        "check that this is the rubric file; even a rubric of thousands of indicators is far smaller",
        "请确认这是评分规则文件；即使有上千个指标，规则文件也远小于这个上限",
    ),
    "E113": Entry(
        "nesting-too-deep",
        "expressions or sections are nested too deeply (limit {limit})",
        "表达式或指标嵌套层数过多（上限 {limit}）",
        "split the expression into named steps with `let`",
        "可以用 `let` 定义中间值，把表达式拆开",
    ),
    "E114": Entry(
        "number-too-long",
        "the number `{text}` is too long ({digits} digits, limit {limit})",
        "数字 `{text}` 位数过多（{digits} 位，上限 {limit}）",
        "check for a value pasted by mistake",
        "请检查是否误粘贴了数值",
    ),
    "E115": Entry(
        "binary-file",
        "the file looks binary, not a rubric",
        "文件看起来是二进制数据，不是评分规则文件",
        "a rubric is a plain text file; check that no spreadsheet or Word file was given instead",
        "评分规则是纯文本文件，请确认没有误把 Excel 或 Word 文件当作规则文件",
    ),
    "E116": Entry(
        "missing-points",
        "missing the points before {found}",
        "{found_zh}之前缺少分值",
        'write the points after the label, e.g. `indicator budget "预算完成率" 5 {{`',
        '分值写在名称之后，例如 `indicator budget "预算完成率" 5 {{`',
    ),
    "E117": Entry(
        "unquoted-label",
        "the label `{found}` must be in double quotes",
        "名称 `{found}` 需要加双引号",
        'write `"{found}"`; Chinese quotes `“{found}”` work too',
        '请写成 `"{found}"`，也可以用中文双引号 `“{found}”`',
    ),
    "E118": Entry(
        "wrong-quote-mark",
        "`{char}` is not a quote mark the language accepts",
        "不支持引号 `{char}`",
        'put labels in straight double quotes `"…"` or Chinese double quotes `“…”`',
        '名称请用英文双引号 `"…"` 或中文双引号 `“…”` 括起来',
    ),
    "E119": Entry(
        "unknown-fact-type",
        "unknown fact type `{text}`",
        "未知的事实类型 `{text}`",
        "the types are bool, count, number, percent, money (元 or 万元) and enum(…)",
        "可用的类型：bool（是/否）、count（计数）、number（数值）、percent（百分数）、money（金额，元或万元）、enum（等级）",
    ),
    "E120": Entry(
        "misspelled-keyword",
        "unexpected `{found}`",
        "无法识别的 `{found}`",
        "did you mean `{keyword}`?",
        "是否想写 `{keyword}`？",
    ),
    "E121": Entry(
        "missing-rule",
        "the indicator has no scoring rule",
        "该指标缺少评分规则",
        "add one rule: score, when, deduct, checklist, proportional, levels, judged or formula",
        "请写一条评分规则：score、when、deduct、checklist、proportional、levels、judged 或 formula",
    ),
    "E122": Entry(
        "symbol-operator",
        "`{char}` is not an operator, write `{word}`",
        "不支持运算符 `{char}`，请写 `{word}`",
        "conditions are combined with `and`, `or` and `not`",
        "条件之间用 `and`（并且）、`or`（或者）、`not`（并非）连接",
    ),
    "E123": Entry(
        "missing-else",
        "missing `else` before {found}",
        "{found_zh}之前缺少 `else`",
        "the last band gives the points for everything else: `else 0`",
        "最后一档是“其余情况”的得分，要以 `else` 开头，例如 `else 0`",
    ),
    "E124": Entry(
        "missing-arrow",
        "missing `->` before {found}",
        "{found_zh}之前缺少箭头 `->`",
        "each band or branch reads condition `->` points, e.g. `>= 90% -> 5`",
        "每个分档或分支都写成“条件 `->` 得分”，例如 `>= 90% -> 5`",
    ),
    "E125": Entry(
        "block-closed-twice",
        "this `}}` seems to close a block twice",
        "这个 `}}` 似乎多余，把外层的块提前关闭了",
        "every block after it is closed one `}}` too early, so the `}}` on line {line} has nothing left to close",
        "它之后的块都因此提前一个 `}}` 关闭，导致第 {line} 行的 `}}` 没有可对应的 `{{`",
    ),
    "E140": Entry(
        "invalid-rounding",
        "rounding places must be a whole number from 0 to {limit}, not `{text}`",
        "修约位数必须是 0 到 {limit} 之间的整数，而不是 `{text}`",
    ),
    "E141": Entry(
        "suppression-would-move",
        "`rubric fmt` left this file as it is: formatting would change what this suppression covers",
        "`rubric fmt` 未改动此文件：重新排版会改变这条抑制注释所覆盖的代码",
        "a suppression covers its own line and the next; code that runs over several lines near it is joined "
        "into one line by the formatter. Put the statement on one line, or the comment on its first line",
        "抑制注释只对所在行及下一行有效，而其附近跨行书写的代码会被排版合并为一行。请把该语句写在一行内，或把注释移到该语句的第一行",
    ),
    "E142": Entry(
        "round-places-out-of-range",
        "`round` takes a whole number of places from 0 to {limit}, not `{text}`",
        "`round` 的小数位数必须是 0 到 {limit} 之间的整数，而不是 `{text}`",
        "scores are usually rounded to 0, 1 or 2 places, e.g. `round(x, 2)`",
        "得分通常保留 0、1 或 2 位小数，例如 `round(x, 2)`",
    ),
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
    # --- E3xx: an indicator that could not be scored -------------------------------------------------
    "E301": Entry("missing-fact", "fact `{name}` ({label}) is missing", "缺少事实 `{name}`（{label}）"),
    "E302": Entry(
        "division-by-zero",
        "division by zero: `{divisor}` is 0",
        "除数为零：`{divisor}` 的值为 0",
        "check fact(s) {facts}",
        "请检查事实 {facts}",
    ),
    "E303": Entry("invalid-fact", "fact `{name}` ({label}) is invalid", "事实 `{name}`（{label}）无效"),
    "E304": Entry(
        "judged-out-of-range",
        "judged score {value} for `{name}` is outside [0, {points}]",
        "`{name}` 的评议得分 {value} 超出 [0, {points}] 范围",
    ),
    "E305": Entry(
        "nothing-applicable",
        "every indicator under `{name}` is not applicable",
        "`{name}` 下所有指标均不适用",
    ),
    "E306": Entry(
        "no-level-share", "level `{level}` has no share in this rule", "等级 `{level}` 在该规则中没有对应得分比例"
    ),
    "E307": Entry(
        "score-out-of-bounds",
        "the rule gave {value} points, outside [0, {points}]",
        "该规则给出 {value} 分，超出 [0, {points}] 范围",
        "the rubric's arithmetic lets this score escape the indicator's points; fix the rule",
        "规则的计算使得分超出了指标分值，请修改规则",
    ),
    "E308": Entry("arithmetic-overflow", "a number is too large to compute with", "数值过大，无法计算"),
    "E309": Entry(
        "veto-failed",
        "the veto condition could not be evaluated: {detail}",
        "否决条件无法计算：{detail_zh}",
        "the veto was not applied; the section is scored as if it had not fired",
        "本次未执行否决，该部分按未触发否决计分",
    ),
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
    # --- T5xx: expectations and `rubric test` -----------------------------------------------------
    "T501": Entry(
        "expectation-not-met",
        "{what}: expected {expected}, got {got}",
        "{what}：预期 {expected}，实际 {got}",
        "{help}",
        "{help_zh}",
    ),
    "T502": Entry(
        "invalid-expectation",
        "invalid `$expect`: {detail}",
        "`$expect` 有误：{detail_zh}",
        'write e.g. `"$expect": {{"total": 98, "grade": "优", "scores": {{"budget": 5}}}}`',
        '例如 `"$expect": {{"total": 98, "grade": "优", "scores": {{"budget": 5}}}}`',
    ),
    "T503": Entry(
        "rubric-not-found",
        "`$rubric` names `{path}`, which is not a file",
        "`$rubric` 指向的 `{path}` 不是文件",
        '`$rubric` is a path relative to the facts file, e.g. `"$rubric": "seed.rubric"`',
        '`$rubric` 是相对于事实文件所在目录的路径，例如 `"$rubric": "seed.rubric"`',
    ),
    "T504": Entry(
        "no-rubric-for-facts",
        "no rubric found for this facts file",
        "找不到该事实文件对应的评分规则",
        'name it after its rubric (`NAME.rubric` → `NAME*.facts.json`) or add `"$rubric": "NAME.rubric"`',
        '请按评分规则命名（`NAME.rubric` → `NAME*.facts.json`），或写明 `"$rubric": "NAME.rubric"`',
    ),
    "T505": Entry(
        "no-test-cases",
        "no test cases found in {where}",
        "在 {where} 中没有找到测试用例",
        "a test case is a facts file beside its rubric: `NAME.rubric` with `NAME*.facts.json|yaml|yml`",
        "测试用例是评分规则旁的事实文件：`NAME.rubric` 与 `NAME*.facts.json|yaml|yml`",
    ),
    "T506": Entry(
        "coverage-below-minimum",
        "coverage {got}% is below the minimum {minimum}%",
        "覆盖率 {got}% 低于要求的 {minimum}%",
        "add facts files that reach the uncovered bands; `rubric test --suggest` prints some",
        "请补充能触及未覆盖档位的事实文件；`rubric test --suggest` 可给出示例",
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
    # --- E5xx: what this machine lacks for a command (an optional extra, a browser) ------------------
    "E501": Entry(
        "missing-extra",
        "this needs an optional part of rubricdsl that is not installed",
        "此功能需要 rubricdsl 的可选组件，但尚未安装",
        "install it with: pip install 'rubricdsl[{extra}]'",
        "请先安装：pip install 'rubricdsl[{extra}]'",
    ),
    "E502": Entry(
        "no-browser",
        "PDF output needs Chromium, which was not found",
        "生成 PDF 需要 Chromium 浏览器，但未找到",
        "install it (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk) or set RUBRIC_CHROMIUM to its path; {detail}",
        "请先安装（Debian/Ubuntu：apt-get install chromium fonts-noto-cjk），或用 RUBRIC_CHROMIUM 指明其路径；{detail_zh}",
    ),
    "F413": Entry(
        "duplicate-key",
        "the key `{name}` is given twice ({lines}), so which value is meant is unclear",
        "键 `{name}` 出现了两次（{lines_zh}），无法确定应采用哪个值",
        "keep one of them; the file is not read until then",
        "请只保留其中一个；修改之前不会读取该文件",
    ),
    "F412": Entry(
        "more-unknown-facts",
        "{count} more keys are not facts of this rubric ({examples})",
        "另有 {count} 个键不是本评分规则的事实（{examples}）",
        "only the first {listed} unknown keys are listed one by one; check that the facts file belongs to this rubric",
        "上面只逐个列出前 {listed} 个未知的键；请确认事实文件与评分规则是对应的",
    ),
    # --- S6xx: the SQL back end (`rubric sql`, `rubric eval --engine sql`) ---------------------------------
    "S614": Entry(
        "sql-list-fact",
        "the SQL back end cannot read the list fact `{name}` from CSV text: a CSV cell's list is JSON, which the query does not read",
        "SQL 后端无法从 CSV 文本读取列表事实 `{name}`：CSV 单元格中的列表是 JSON，查询尚不读取",
        "give the facts as Parquet or a DuckDB table whose `{name}` column is a list of structs, or score with the Python engine",
        "请以 Parquet 或 DuckDB 表提供事实（`{name}` 列为结构体列表），或用 Python 引擎评分",
    ),
    "S601": Entry(
        "sql-not-exact",
        "the SQL back end cannot express {node} exactly (in `{where}`)",
        "SQL 后端无法精确表达{node_zh}（位于 `{where}`）",
        "score this rubric with the Python engine (the default `--engine python`)",
        "请用 Python 引擎评分（默认的 `--engine python`）",
    ),
    "S618": Entry(
        "sql-unknown-node",
        "the SQL back end has no translation for {node} yet (in `{where}`)",
        "SQL 后端尚不支持{node_zh}（位于 `{where}`）",
        "score this rubric with the Python engine (the default `--engine python`); the SQL generator refuses constructs it does not know rather than guess",
        "请用 Python 引擎评分（默认的 `--engine python`）；SQL 生成器对不认识的构造一律拒绝，而不猜测其含义",
    ),
    "S602": Entry(
        "sql-too-many-digits",
        "`{where}` needs more digits than SQL's exact integers hold: {detail}",
        "`{where}` 所需的位数超出了 SQL 精确整数的范围：{detail}",
        "declare `rounding indicators N` so that scores are rounded before they are added up, or pass a smaller --scale (now {scale})",
        "请声明 `rounding indicators N`，使各指标得分先舍入再相加；或使用更小的 --scale（当前为 {scale}）",
    ),
    "S603": Entry(
        "sql-column-clash",
        "the query would return two columns named `{name}`",
        "查询结果中会出现两个名为 `{name}` 的列",
        "pass another key column with --key, or rename the indicator",
        "请用 --key 指定其他键列，或为该指标改名",
    ),
    "S604": Entry(
        "sql-column-type",
        "column `{column}` (fact `{name}`, {kind}) has type {found}, which cannot be read exactly",
        "列 `{column}`（事实 `{name}`，{kind}）的类型为 {found}，无法精确读取",
        "store it as {expected}: a float column, or a DECIMAL with more decimals, would be rounded",
        "请将其存为 {expected}：浮点列或小数位更多的 DECIMAL 列会被舍入",
    ),
    "S630": Entry(
        "sql-list-column",
        "column `{column}` (a list fact) has type {found}, which is not the list it declares: {detail}",
        "列 `{column}`（列表事实）的类型为 {found}，与声明的列表不符：{detail_zh}",
        "store it as {expected}: a list of structs, one field per declared field",
        "请将其存为 {expected}：结构体列表，每个声明的字段一个字段",
    ),
    "S631": Entry(
        "sql-shared-label",
        "column {column} of the header, `{header}`, is the label of several facts ({facts}), so it names none of them",
        "表头第 {column} 列 `{header}` 是多个事实（{facts}）共用的名称，因而不指向其中任何一个",
        "name the column by the fact's name (`{fact}`), or as `label（name）`, as `rubric template --batch` writes it",
        "请用事实名（`{fact}`）作列名，或写成 `名称（事实名）`，与 `rubric template --batch` 生成的表头相同",
    ),
    "S605": Entry(
        "sql-column-missing",
        "the table `{table}` has no column `{column}`",
        "表 `{table}` 中没有列 `{column}`",
        "the table needs the key column (--key, `id` by default) and one column per fact, named as the rubric names it",
        "表中须有键列（--key，默认为 `id`），并为每个事实各设一列，列名与评分规则中的事实名相同",
    ),
    "S606": Entry(
        "sql-source-unreadable",
        "cannot read the facts table `{source}`: {what}",
        "无法读取事实表 `{source}`：{what_zh}",
        "{advice}",
        "{advice_zh}",
    ),
}


# The words of `rubric test`'s report that are not diagnostics (no code), in both languages.
PHRASES: Final[dict[str, tuple[str, str]]] = {
    "test.no-such-path": ("no such file or folder: {path}", "找不到文件或目录：{path}"),
    "test.bad-minimum": (
        "--min-coverage takes a percent from 0 to 100, not `{given}`",
        "--min-coverage 应为 0 到 100 之间的百分数，而不是 `{given}`",
    ),
    "test.no-expect-pass": ("(no $expect: scored completely)", "（无 $expect：已完整评分）"),
    "test.no-expect-fail": ("(no $expect: did not score completely)", "（无 $expect：未能完整评分）"),
    "test.rubric-invalid": (
        "the rubric `{rubric}` does not check (see above)",
        "评分规则 `{rubric}` 未通过检查（见上文）",
    ),
    "test.without-expect": (
        "{count} case(s) without $expect passed only because they scored completely",
        "{count} 个用例没有 $expect，仅因完整评分而通过",
    ),
    "test.coverage": ("coverage", "覆盖率"),
    "test.line": ("line {line}", "第{line}行"),
    "test.unreachable": ("unreachable, not counted", "不可达，不计入"),
    "test.unattributed": (
        "{count} indicator result(s) could not be matched to an outcome and were not counted",
        "{count} 个指标结果无法对应到档位，未计入覆盖率",
    ),
    "test.suggest": (
        "reaches `{indicator}` {outcome} ({where}); save as {file}",
        "可触及 `{indicator}` 的 {outcome}（{where}）；可保存为 {file}",
    ),
    "test.suggest-none": (
        "no fact set found that reaches `{indicator}` {outcome} ({where})",
        "未找到能触及 `{indicator}` 的 {outcome}（{where}）的事实",
    ),
    "sql.scored": (
        "{rows} project(s) scored in SQL ({engine}), {incomplete} incomplete → {output}",
        "已用 SQL（{engine}）为 {rows} 个项目评分，其中 {incomplete} 个不完整 → {output}",
    ),
    "sql.needs-output": (
        "--engine sql writes its scores to a file: give -o scores.parquet, -o scores.csv or -o scores.xlsx",
        "--engine sql 将得分写入文件：请指定 -o scores.parquet、-o scores.csv 或 -o scores.xlsx",
    ),
    "sql.output-suffix": (
        "--engine sql writes .parquet, .csv or .xlsx, not `{output}`",
        "--engine sql 只能写出 .parquet、.csv 或 .xlsx 文件，不能写出 `{output}`",
    ),
    "sql.xlsx-too-many-rows": (
        "refusing to write `{output}`: the table has {rows} rows and one sheet holds at most {limit} projects "
        "(Excel's 1,048,576 rows, less the title, header and footer rows); nothing was written. "
        "Write -o scores.parquet or -o scores.csv instead, or split the table",
        "拒绝写入 `{output}`：该表有 {rows} 行，而一个工作表最多容纳 {limit} 个项目"
        "（Excel 的 1,048,576 行，减去标题、表头和页脚行）；未写入任何内容。"
        "请改为 -o scores.parquet 或 -o scores.csv，或拆分该表",
    ),
    "test.suggest-note": (
        "suggested by rubric test --suggest to reach `{indicator}` {outcome}; check the score against the table and add $expect",
        "由 rubric test --suggest 生成，用于触及 `{indicator}` 的 {outcome}；请对照指标表核对得分后补上 $expect",
    ),
}


def phrase(key: str, lang: str, **args: object) -> str:
    en, zh = PHRASES[key]
    return (zh if lang == "zh" else en).format(**args)


def _fill(template: str | None, args: dict[str, object]) -> str | None:
    return None if template is None else template.format(**args)


def make(
    code: str,
    span: Span | None = None,
    *,
    severity: Severity = Severity.ERROR,
    subject: str | None = None,
    hint: bool = True,
    **args: object,
) -> Diagnostic:
    """Build the diagnostic for ``code``; ``hint=False`` drops the catalogue's hint (e.g. no suggestion)."""
    entry = CATALOGUE[code]
    defaults: dict[str, object] = {"detail_zh": args.get("detail", ""), "found_zh": args.get("found", "")}
    defaults["expected_zh"] = args.get("expected", "")
    defaults["help"] = ""  # entries whose hint is `{help}` have one only when the caller gives it
    defaults["help_zh"] = args.get("help", "")
    merged = defaults | args
    message = Text(entry.en.format(**merged), entry.zh.format(**merged))
    hint_text = None
    if hint and entry.hint_en is not None:
        hint_text = Text(_fill(entry.hint_en, merged) or "", _fill(entry.hint_zh or entry.hint_en, merged) or "")
        if not hint_text.en and not hint_text.zh:
            hint_text = None
    return Diagnostic(code, entry.name, severity, message, span, hint_text, subject)


# --- the SQL back end's words: what a refusal (S601, S618) names and why a source is unreadable (S606) ----------
SQL_WORDS: Final[dict[str, tuple[str, str]]] = {
    # S601/S618 {node}: the construct the query cannot express (IR node names stay as they are)
    "node.value-in-unit": ("the value {value} in the unit of `{name}`", "事实 `{name}` 所用单位下的数值 {value}"),
    "node.text-default": ("the default {value} of the text fact `{name}`", "文本事实 `{name}` 的默认值 {value}"),
    "node.money-unit": ("the unit of `{name}`", "事实 `{name}` 的单位"),
    "node.date-value": ("the date value {value}", "日期值 {value}"),
    "node.working-days": ("a working-day count of a value that is not a day", "对不是日期的值计算工作日天数"),
    "node.fact-kind": ("a `{kind}` fact", " `{kind}` 类型的事实"),
    "node.ir": ("{name}", " {name}"),
    "node.over-non-number": ("{name} over a non-number", "对非数值的 {name}"),
    "node.as-condition": ("{name} as a condition", "用作条件的 {name}"),
    "node.unread-ref": ("Ref to `{name}`, which the query does not read", "对查询未读取的 `{name}` 的引用"),
    "node.compare-kinds": ("Cmp {op} between {left} and {right}", " {left} 与 {right} 之间的比较 {op}"),
    "node.select-mixed": ("Select with arms of different types ({kinds})", "各分支类型不同（{kinds}）的 Select"),
    "node.unit-no-value": ("a unit with no value", "没有取值的计算单元"),
    "node.score-not-number": ("a score that is not a number", "不是数值的得分"),
    "node.failure-code": ("the failure code {code}", "失败代码 {code}"),
    "node.failure-subject": (
        "the failure code {code} (its subject is not a fixed name)",
        "失败代码 {code}（其对象不是固定的名称）",
    ),
    "node.aggregate-non-list": ("an aggregate over a value that is not a list", "对不是列表的值的汇总"),
    "node.list-condition-non-bool": ("a list condition that is not a yes/no value", "不是是/否值的列表条件"),
    "node.list-sum-non-number": ("a sum over items of a value that is not a number", "对各项中不是数值的值求和"),
    "node.list-sum-quotients": (
        "a sum over items of quotients (each with its own denominator)",
        "对各项的商求和（每项的分母各不相同）",
    ),
    # S606 {what}: why the facts table cannot be read, with DuckDB's own words quoted where it gave them
    "source.no-table": ("the URL names no ?table=", "URL 中没有给出 ?table="),
    "source.not-a-source": ("not a .parquet or .csv file", "不是 .parquet 或 .csv 文件"),
    "source.duckdb": (
        "DuckDB could not read it (DuckDB says: “{detail}”)",
        "DuckDB 无法读取该表（DuckDB 原文：“{detail}”）",
    ),
    "source.csv-layout": (
        "DuckDB's CSV reader could not work out the file's layout (DuckDB says: “{detail}”)",
        "DuckDB 的 CSV 读取器无法识别该文件的格式（DuckDB 原文：“{detail}”）",
    ),
    "source.mixed-line-ends": (
        "its lines end both in CRLF and in LF (line {line} is the first that differs); DuckDB's strict CSV reader "
        "cannot read such a file, and its lenient mode could split or join rows",
        "文件中的行尾既有 CRLF 又有 LF（第 {line} 行起不同）；DuckDB 的严格 CSV 读取器无法读取这样的文件，"
        "而宽松模式可能拆分或合并行",
    ),
    "source.duplicate-header": (
        "columns {first} and {second} of its header both name `{name}` once the spaces around them are removed",
        "表头第 {first} 列与第 {second} 列去掉首尾空白后都是 `{name}`",
    ),
    # S606 {advice}: what to do
    "advice.source": (
        "give a .parquet or .csv file, or duckdb:///path.db?table=T",
        "请提供 .parquet 或 .csv 文件，或 duckdb:///path.db?table=T",
    ),
    "advice.line-ends": (
        "save the file again with one kind of line end (CRLF or LF throughout), or score it with `--engine python`, "
        "which reads it as it is",
        "请将文件另存为统一的行尾（全部为 CRLF 或全部为 LF），或用 `--engine python` 评分，它可以直接读取该文件",
    ),
    "advice.header": (
        "rename one of the two columns, or score the file with `--engine python`, which merges them",
        "请为其中一列改名，或用 `--engine python` 评分，它会合并这两列",
    ),
    "source.duplicate-fact-header": (
        "columns {first} (`{one}`) and {second} (`{other}`) of its header both name `{name}`",
        "表头第 {first} 列（`{one}`）与第 {second} 列（`{other}`）都指向 `{name}`",
    ),
}


def sql_words(key: str, **args: object) -> Text:
    """One of :data:`SQL_WORDS` filled in, in both languages."""
    en, zh = SQL_WORDS[key]
    return Text(en.format(**args), zh.format(**args))


# --- the command line's own messages (not diagnostics: no code, no place in a file) -----------------------
CLI_TEXTS: Final[dict[str, tuple[str, str]]] = {
    "output-is-input": (
        "refusing to write `{output}`: it is the input file `{input}`, which writing would destroy; "
        "choose another output file",
        "拒绝写入 `{output}`：它就是输入文件 `{input}`，写入会毁掉输入内容；请另选一个输出文件",
    ),
    "output-is-directory": (
        "cannot write `{output}`: it is a directory; name a file",
        "无法写入 `{output}`：这是一个目录，请指定文件名",
    ),
    "output-directory-missing": (
        "cannot write `{output}`: its directory does not exist",
        "无法写入 `{output}`：所在的目录不存在",
    ),
    "output-failed": (
        "cannot write `{output}`: {reason}; nothing was changed",
        "无法写入 `{output}`：{reason_zh}；原有文件未被改动",
    ),
    "no-space": ("the disk is full", "磁盘空间不足"),
    "no-permission": ("permission denied", "没有写入权限"),
    "read-only": ("the file system is read-only", "文件系统为只读"),
    "other": ("{detail}", "{detail}"),
    "batch-summary": (
        "{records} record(s) read, {rows} row(s) written: {complete} complete, {incomplete} incomplete, "
        "{bad} unreadable",
        "读取 {records} 条记录，写出 {rows} 行：完整 {complete} 行，不完整 {incomplete} 行，无法读取 {bad} 行",
    ),
    "batch-encoding": (
        "it is neither UTF-8 nor GB18030 text ({detail}); save it as UTF-8",
        "既不是 UTF-8 也不是 GB18030 编码（{detail}）；请另存为 UTF-8 编码",
    ),
    "batch-header": (
        "its header row (line {line}) cannot be read: {detail}",
        "表头（第 {line} 行）无法读取：{detail_zh}",
    ),
    "batch-unreadable": ("cannot read `{file}`: {detail}", "无法读取 `{file}`：{detail_zh}"),
    "csv-duplicate-column": (
        "`{file}`: column `{name}` appears more than once in the header (columns {columns}); "
        "rows whose copies differ are not scored",
        "`{file}`：表头中列 `{name}` 出现了多次（第 {columns} 列）；这些列取值不一致的行不予评分",
    ),
    "batch-gb18030": (
        "`{file}` is not UTF-8; it was read as GB18030 (GBK), what WPS and Excel save on Chinese Windows",
        "`{file}` 不是 UTF-8 编码，已按 GB18030（GBK）编码读取（中文版 WPS、Excel 的默认编码）",
    ),
    "stdout-closed": (
        "cannot write to standard output: {detail}",
        "无法写入标准输出：{detail}",
    ),
    "file-error": ("`{file}`: {detail}", "`{file}`：{detail}"),
}


def cli_text(key: str, **args: object) -> Text:
    """A message of the command line in both languages; ``reason`` names another entry (``no-space``)."""
    en, zh = CLI_TEXTS[key]
    if "reason" in args:
        reason_en, reason_zh = CLI_TEXTS[str(args["reason"])]
        args = {**args, "reason": reason_en.format(**args), "reason_zh": reason_zh.format(**args)}
    return Text(en.format(**args), zh.format(**args))
