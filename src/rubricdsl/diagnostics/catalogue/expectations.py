"""The catalogue's T5xx: expectations and `rubric test`."""

from __future__ import annotations

from typing import Final

from rubricdsl.diagnostics.catalogue.entry import Entry

ENTRIES: Final[dict[str, Entry]] = {
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
}
