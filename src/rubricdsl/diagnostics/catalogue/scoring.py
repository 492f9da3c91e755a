"""The catalogue's E3xx: an indicator that could not be scored."""

from __future__ import annotations

from typing import Final

from rubricdsl.diagnostics.catalogue.entry import Entry

ENTRIES: Final[dict[str, Entry]] = {
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
}
