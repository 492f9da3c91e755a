"""The message catalogue: every diagnostic code with its stable name and wording in English and Chinese.

Codes are stable across releases.  ``E1xx`` syntax and input, ``E2xx`` a rubric that is invalid, ``E3xx`` an
indicator that could not be scored, ``F4xx`` a facts file that is not what the rubric declares.  Templates
use ``str.format`` fields; user input goes in backticks (Cedar's style guide), messages are lowercase
fragments with no final period, extra sentences belong in the hint.
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
    # --- E2xx: a rubric that parses but is invalid -------------------------------------------------
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
        "functions are min, max, round, abs",
        "可用函数：min、max、round、abs",
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
        "a deduction starts from its base and stops at 0, so this never takes points from anything; penalties (减分项) that subtract from the total are not in the language yet (planned as `penalty`)",
        "扣分从基础分扣起、扣完为止，基础分为 0 时不会从任何地方扣分；减分项请写成 penalty（即将支持，目前尚不可用）",
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
        'write a share (0.95) or a string with a percent sign ("95%")',
        '请写成小数（0.95）或带百分号的字符串（"95%"）',
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
}


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
