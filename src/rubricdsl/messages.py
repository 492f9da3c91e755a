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
from rubricdsl.source import Span


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
        "a `{{` block may be missing its closing `}}`",
        "可能有 `{{` 缺少对应的 `}}`",
    ),
    "E110": Entry(
        "not-utf8",
        "the file is not UTF-8 text",
        "文件不是 UTF-8 编码的文本",
        "convert it, e.g. `iconv -f GB18030 -t UTF-8 in.rubric > out.rubric`, or save as UTF-8 in the editor",
        "请转换为 UTF-8，例如 `iconv -f GB18030 -t UTF-8 原文件 > 新文件`，或在编辑器中另存为 UTF-8",
    ),
    "E111": Entry("empty-file", "the file is empty", "文件为空", 'a rubric starts with `rubric ID "标题" 100`'),
    "E112": Entry(
        "input-too-large",
        "the input is too large ({size} characters, limit {limit})",
        "输入过大（{size} 个字符，上限 {limit}）",
    ),
    "E113": Entry(
        "nesting-too-deep",
        "expressions or sections are nested too deeply (limit {limit})",
        "表达式或指标嵌套层数过多（上限 {limit}）",
    ),
    "E114": Entry(
        "number-too-long",
        "the number `{text}` is too long ({digits} digits, limit {limit})",
        "数字 `{text}` 位数过多（{digits} 位，上限 {limit}）",
    ),
    "E115": Entry("binary-file", "the file looks binary, not a rubric", "文件看起来是二进制数据，不是评分规则文件"),
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
    "E203": Entry("type-mismatch", "{detail}", "{detail_zh}"),
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
    "E309": Entry("veto-failed", "the veto condition could not be evaluated: {detail}", "否决条件无法计算：{detail}"),
    # --- F4xx: facts files -------------------------------------------------------------------------
    "F401": Entry(
        "missing-fact",
        "missing fact `{name}` ({label}), expected {expected}",
        "缺少事实 `{name}`（{label}），应为{expected_zh}",
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
        "fact `{name}` ({label}) is {given}, expected {expected}",
        "事实 `{name}`（{label}）的值为 {given}，应为{expected_zh}",
    ),
    "F404": Entry(
        "constraint-violated",
        "fact `{name}` ({label}) is {given}, which breaks `{constraint}`",
        "事实 `{name}`（{label}）的值为 {given}，不满足 `{constraint}`",
    ),
    "F405": Entry(
        "percent-as-whole-number",
        "fact `{name}` ({label}) is {given}, which looks like a whole percent",
        "事实 `{name}`（{label}）的值为 {given}，看起来把百分数写成了整数",
        'write a share (0.95) or a string with a percent sign ("95%")',
        '请写成小数（0.95）或带百分号的字符串（"95%"）',
    ),
    "F406": Entry(
        "not-an-object",
        "the facts must be an object of name: value pairs, found {found}",
        "事实文件应为“名称: 值”的对象，实际为{found}",
    ),
    "F407": Entry("unreadable-facts", "cannot read the facts file: {detail}", "无法读取事实文件：{detail}"),
    "F408": Entry(
        "unknown-indicator",
        "`{name}` in not_applicable is not an indicator",
        "not_applicable 中的 `{name}` 不是指标",
        "did you mean `{suggestion}`?",
        "是否想写 `{suggestion}`？",
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
    merged = defaults | args
    message = Text(entry.en.format(**merged), entry.zh.format(**merged))
    hint_text = None
    if hint and entry.hint_en is not None:
        hint_text = Text(_fill(entry.hint_en, merged) or "", _fill(entry.hint_zh or entry.hint_en, merged) or "")
    return Diagnostic(code, entry.name, severity, message, span, hint_text, subject)
