"""The catalogue's E1xx: reading and parsing a rubric."""

from __future__ import annotations

from typing import Final

from rubricdsl.diagnostics.catalogue.entry import Entry

ENTRIES: Final[dict[str, Entry]] = {
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
}
