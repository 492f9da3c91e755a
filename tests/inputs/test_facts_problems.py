"""Fact problems: one report lists every problem, each naming the fact, its Chinese label, the value given and
what was expected — for the mistakes hand-typed spreadsheets really contain."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import rubricdsl
from rubricdsl.diagnostics import Diagnostic
from rubricdsl.inputs.files import FactsFileError, parse_facts_text, read_facts_file

FACTS_RUBRIC = """\
rubric facts_demo "事实校验示例" 20
fact planned "计划投入资金": money 万元, > 0
fact spent "实际使用资金": money 元, >= 0
fact events "公益服务活动次数": count
fact satisfaction "服务对象满意度": percent, in [0%, 100%]
fact published "结果公示": bool
fact quality "服务质量": enum(好, 中, 差)
let rate "预算完成率" = spent / planned
indicator budget "预算完成率" 5 { score rate: >= 90% -> 5; else 0 }
indicator activity "公益服务活动" 5 { deduct events: base 5, -1 per missing below 12 }
indicator survey "满意度" 5 { score satisfaction: >= 95% -> 5; else 0 }
indicator publicity "结果公示" 5 {
  when published and quality == "好" -> 5; published -> 3; else 0
}
"""

GOOD: dict[str, Any] = {
    "planned": 50,
    "spent": 480000,
    "events": 12,
    "satisfaction": "96%",
    "published": True,
    "quality": "好",
}


@pytest.fixture(scope="module")
def rubric() -> rubricdsl.CompiledRubric:
    return rubricdsl.loads(FACTS_RUBRIC)


def problems_for(rubric: rubricdsl.CompiledRubric, **changes: Any) -> list[Diagnostic]:
    facts = {**GOOD, **changes}
    return rubric.validate_facts({key: value for key, value in facts.items() if value is not REMOVE})


REMOVE: Any = object()


def only(problems: list[Diagnostic]) -> Diagnostic:
    assert len(problems) == 1, [problem.message.en for problem in problems]
    return problems[0]


def test_the_good_facts_have_no_problem(rubric: rubricdsl.CompiledRubric) -> None:
    assert problems_for(rubric) == []
    assert rubric.evaluate(GOOD).complete


@pytest.mark.parametrize(
    ("value", "shown", "share"),
    [(95, "95", "0.95"), (Decimal("95.5"), "95.5", "0.955"), ("95", '"95"', "0.95"), (150, "150", None)],
)
def test_a_percent_written_as_a_whole_number_is_refused_with_the_hint(
    rubric: rubricdsl.CompiledRubric, value: object, shown: str, share: str | None
) -> None:
    problem = only(problems_for(rubric, satisfaction=value))
    assert problem.code == "F405"
    assert problem.message.en == (
        f"fact `satisfaction` (服务对象满意度) is `{shown}`, which looks like a whole percent"
    )
    assert problem.message.zh == f"事实 `satisfaction`（服务对象满意度）的值为 `{shown}`，像是把百分数写成了整数"
    assert problem.hint is not None
    # the hint spells the person's own number; a share above 1 would itself be refused, so 150 gets only "150%"
    percent = shown.strip('"') + "%"
    offered = f"the share {share} or " if share is not None else ""
    assert problem.hint.en == f'for {percent}, write {offered}"{percent}" (with the percent sign)'
    offered_zh = f"小数 {share} 或" if share is not None else ""
    assert problem.hint.zh == f'如为 {percent}，请写成{offered_zh}带百分号的字符串 "{percent}"'
    # what the hint offers is taken: no F405 for the share nor for the string with its sign
    for offered_value in [percent] if share is None else [percent, Decimal(share)]:
        assert all(p.code != "F405" for p in problems_for(rubric, satisfaction=offered_value)), offered_value


@pytest.mark.parametrize(
    ("value", "shown"), [(float("nan"), "NaN"), (float("inf"), "Infinity"), (Decimal("-Infinity"), "-Infinity")]
)
def test_nan_and_infinity_are_not_numbers(rubric: rubricdsl.CompiledRubric, value: object, shown: str) -> None:
    problem = only(problems_for(rubric, events=value))
    assert problem.code == "F410"
    assert problem.message.en == f"fact `events` (公益服务活动次数) is `{shown}`, which is not a number"
    assert problem.message.zh == f"事实 `events`（公益服务活动次数）的值为 `{shown}`，不是有效的数字"


def test_nan_in_a_json_file_names_the_fact_instead_of_rejecting_the_file(rubric: rubricdsl.CompiledRubric) -> None:
    data = parse_facts_text('{"planned": 50, "spent": NaN, "events": Infinity}', ".json")
    codes = {problem.subject: problem.code for problem in rubric.validate_facts(data)}
    assert codes["spent"] == "F410"
    assert codes["events"] == "F410"


@pytest.mark.parametrize(
    ("value", "shown"), [(-3, "-3"), (Decimal("12.5"), "12.5"), ("十二", '"十二"'), (True, "true")]
)
def test_a_count_must_be_a_whole_number_of_at_least_zero(
    rubric: rubricdsl.CompiledRubric, value: object, shown: str
) -> None:
    problem = only(problems_for(rubric, events=value))
    assert problem.code == "F403"
    assert problem.message.en == f"fact `events` (公益服务活动次数) is `{shown}`, expected a whole number of at least 0"
    assert problem.message.zh == f"事实 `events`（公益服务活动次数）的值为 `{shown}`，应为不小于 0 的整数"


@pytest.mark.parametrize(
    "value",
    # what Chinese spreadsheets hold for yes/no, beside true/false (issue 12 §1); 1 and 0 are how SQLite (no
    # boolean type) stores yes/no (issue 13 §2), and so are 1.0 and 0.0 (JSON Schema's integers 1 and 0)
    [True, False, "是", "否", "true", "false", " 是 ", "TRUE", "FALSE", "True", "√", "×", "有", "无", 1, 0, 1.0, 0.0],
)
def test_a_bool_accepts_true_false_and_shi_fou(rubric: rubricdsl.CompiledRubric, value: object) -> None:
    assert problems_for(rubric, published=value) == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [("yes", '"yes"'), ("TRUEE", '"TRUEE"'), (2, "2"), (1.5, "1.5"), ("是的", '"是的"'), ("Y", '"Y"')],
)
def test_a_bool_refuses_anything_else(rubric: rubricdsl.CompiledRubric, value: object, shown: str) -> None:
    problem = only(problems_for(rubric, published=value))
    assert problem.code == "F403"
    assert problem.message.en == f"fact `published` (结果公示) is `{shown}`, expected true or false (or 是/否)"
    assert problem.message.zh == f"事实 `published`（结果公示）的值为 `{shown}`，应为“是”或“否”（也可写 true 或 false）"


def test_a_list_or_an_object_where_a_value_belongs(rubric: rubricdsl.CompiledRubric) -> None:
    problems = problems_for(rubric, spent=[480000, 20000], planned={"amount": 50})
    shown = {problem.subject: problem.message.en for problem in problems}
    assert shown == {
        "planned": 'fact `planned` (计划投入资金) is `{"amount": 50}`, expected an amount in 万元 such as 50 or "50万元"',
        "spent": 'fact `spent` (实际使用资金) is `[480000, 20000]`, expected an amount such as 500000 or "50万元"',
    }


def test_facts_that_are_a_list_instead_of_an_object(rubric: rubricdsl.CompiledRubric) -> None:
    problem = only(rubric.validate_facts([GOOD]))
    assert problem.code == "F406"
    assert problem.message.en == "the facts must be an object of name: value pairs, found a list"
    assert problem.message.zh == "事实文件应为“名称: 值”形式的对象，实际为列表"


@pytest.mark.parametrize(
    ("data", "en", "zh"),
    [
        (None, "nothing (the file is empty)", "空内容（文件为空）"),
        ("95%", "a single piece of text", "单段文字"),
        (Decimal(3), "a single number", "单个数字"),
    ],
)
def test_facts_that_are_not_an_object_are_described_in_words(
    rubric: rubricdsl.CompiledRubric, data: object, en: str, zh: str
) -> None:
    problem = only(rubric.validate_facts(data))
    assert problem.message.en.endswith(f"found {en}")
    assert problem.message.zh.endswith(f"实际为{zh}")


def test_an_unknown_key_suggests_the_fact_meant(rubric: rubricdsl.CompiledRubric) -> None:
    problems = problems_for(rubric, evnets=12, events=REMOVE)
    by_code = {problem.code: problem for problem in problems}
    assert by_code["F402"].message.en == "unknown fact `evnets`"
    assert by_code["F402"].hint is not None and by_code["F402"].hint.en == "did you mean `events`?"
    assert by_code["F401"].message.zh == "缺少事实 `events`（公益服务活动次数），应为不小于 0 的整数"


def test_a_chinese_label_typed_as_the_key_suggests_the_fact_name(rubric: rubricdsl.CompiledRubric) -> None:
    problems = problems_for(rubric, 公益服务活动次数=12, events=REMOVE)
    unknown = next(problem for problem in problems if problem.code == "F402")
    assert unknown.hint is not None and unknown.hint.zh == "是否想写 `events`？"


def test_an_unknown_key_with_nothing_close_has_no_hint(rubric: rubricdsl.CompiledRubric) -> None:
    problem = only(problems_for(rubric, zzzzzzzz=1))
    assert problem.code == "F402" and problem.hint is None


def test_metadata_keys_are_not_facts(rubric: rubricdsl.CompiledRubric) -> None:
    assert problems_for(rubric, **{"$notes": {"source": "表格"}, "$project": "示例"}) == []


def test_a_bound_breaks_with_the_constraint_named(rubric: rubricdsl.CompiledRubric) -> None:
    problem = only(problems_for(rubric, planned=0))
    assert problem.code == "F404"
    assert problem.message.en == "fact `planned` (计划投入资金) is `0`, which breaks `> 0`"


def test_not_applicable_must_be_a_list_of_indicator_ids(rubric: rubricdsl.CompiledRubric) -> None:
    problem = only(problems_for(rubric, not_applicable={"survey": True}))
    assert problem.code == "F409"
    assert problem.message.en == 'not_applicable is `{"survey": true}`, expected a list of indicator ids'
    misspelled = only(problems_for(rubric, not_applicable=["survy", 3])[:1])
    assert misspelled.hint is not None and misspelled.hint.en == "did you mean `survey`?"
    assert [p.code for p in problems_for(rubric, not_applicable=["survy", 3])] == ["F408", "F408"]


def test_every_problem_is_listed_once_in_one_report(rubric: rubricdsl.CompiledRubric) -> None:
    facts = {
        "planned": "五十万",
        "spent": float("nan"),
        "satisfaction": 95,
        "published": "yes",
        "quality": "优",
        "evnets": 3,
    }
    problems = rubric.validate_facts(facts)
    subjects = [problem.subject for problem in problems]
    assert len(subjects) == len(set(subjects)), subjects
    assert sorted(zip(subjects, (problem.code for problem in problems), strict=True)) == [
        ("events", "F401"),
        ("evnets", "F402"),
        ("planned", "F403"),
        ("published", "F403"),
        ("quality", "F403"),
        ("satisfaction", "F405"),
        ("spent", "F410"),
    ]
    for problem in problems:
        assert "'" not in problem.message.en, "values are shown as typed in JSON, never as Python repr"
        assert "NoneType" not in problem.message.en and "str" not in problem.message.en.split()


def test_a_huge_or_deeply_nested_value_is_shown_briefly(rubric: rubricdsl.CompiledRubric) -> None:
    nested: Any = 1
    for _ in range(5000):
        nested = [nested]
    problems = problems_for(rubric, spent=nested, events=-(10**5000), planned="9" * 1_000_000)
    assert len(problems) == 3
    for problem in problems:
        assert len(problem.message.en) < 200


def test_a_yaml_alias_bomb_costs_nothing(tmp_path: Path, rubric: rubricdsl.CompiledRubric) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    lines.append("spent: *a29")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = rubric.validate_facts(read_facts_file(path))
    spent = next(problem for problem in problems if problem.subject == "spent")
    assert spent.code == "F403" and spent.message.en.startswith("fact `spent` (实际使用资金) is `[[[[")


@pytest.mark.parametrize(
    ("text", "suffix", "en", "zh"),
    [
        ("", ".json", "the file is empty", "文件为空"),
        (
            '{"events": }',
            ".json",
            "invalid JSON at line 1, column 12: a value is missing or misspelled",
            "JSON 格式有误（第 1 行第 12 列）：此处缺少值，或值的写法有误",
        ),
        (
            '{"events": 1 "spent": 2}',
            ".json",
            "invalid JSON at line 1, column 14: a `,` is missing",
            "JSON 格式有误（第 1 行第 14 列）：缺少逗号 `,`",
        ),
        (
            '{"events"：1}',
            ".json",
            "invalid JSON at line 1, column 10: a `:` is missing; `：` is full-width, type it in English mode",
            "JSON 格式有误（第 1 行第 10 列）：缺少冒号 `:`；`：` 是全角符号，请切换到英文输入法输入",
        ),
        ('{"events": 1' + "0" * 5000 + "}", ".json", "a number in the file is too long", "文件中有位数过多的数字"),
        ("[" * 100_000 + "]" * 100_000, ".json", "the JSON is nested too deeply", "JSON 嵌套层数过多"),
        (
            "events: [1, 2",
            ".yaml",
            "invalid YAML at line 1, column 14: expected ',' or ']', but got '<stream end>'",
            "YAML 格式有误（第 1 行第 14 列）：expected ',' or ']', but got '<stream end>'",
        ),
    ],
)
def test_an_unreadable_facts_file_says_where_in_both_languages(text: str, suffix: str, en: str, zh: str) -> None:
    with pytest.raises(FactsFileError) as caught:
        parse_facts_text(text, suffix)
    message = caught.value.diagnostic.message
    assert caught.value.diagnostic.code == "F407"
    assert message.en == f"cannot read the facts file: {en}"
    assert message.zh == f"无法读取事实文件：{zh}"


def test_a_gb18030_facts_file_is_refused_with_the_iconv_command(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes('{"events": 12, "说明": "公益活动"}'.encode("gb18030"))
    with pytest.raises(FactsFileError) as caught:
        read_facts_file(path)
    assert "iconv -f GB18030 -t UTF-8" in caught.value.diagnostic.message.en
    assert "iconv -f GB18030 -t UTF-8" in caught.value.diagnostic.message.zh


def test_a_bom_facts_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"events": 12}\r\n')
    assert read_facts_file(path) == {"events": 12}


DIVISOR_RUBRIC = """\
rubric divisor "除数为零" 10
fact planned "计划金额": money 元, >= 0
fact spent "实际金额": money 元, >= 0
fact events "活动次数": count
let rate "预算完成率" = spent / planned
indicator budget "预算完成率" 5 { score rate: >= 90% -> 5; else 0 }
indicator activity "活动" 5 { score events: >= 3 -> 5; else 0 }
"""


def test_division_by_zero_from_the_facts_fails_only_the_indicators_that_divide() -> None:
    result = rubricdsl.loads(DIVISOR_RUBRIC).evaluate({"planned": 0, "spent": 100, "events": 4})
    assert not result.complete
    assert result.scores()["activity"] == Decimal(5)
    assert result.scores()["budget"] is None
    (error,) = result.errors
    assert error.code == "E302"
    assert error.message.en == "division by zero: `planned` is 0"
    assert error.message.zh == "除数为零：`planned` 的值为 0"


UNDERSCORED = """\
rubric underscored "下划线事实" 10
fact _planned "计划投入资金": money 万元, > 0
fact __spent "实际使用资金": money 万元, >= 0
fact model_config "配置": count
indicator budget "预算完成率" 10 { score __spent / _planned: >= 90% -> 10; else 0 }
"""


@pytest.mark.parametrize("spent", ["95", "95万元", 95])
def test_a_fact_named_with_a_leading_underscore_is_read_not_dropped(spent: object) -> None:
    """Names the language allows but pydantic would take for private attributes (a leading underscore) or for
    its own (`model_config`): read from text as from numbers, and a bad value reported under the fact's name."""
    rubric = rubricdsl.loads(UNDERSCORED)
    result = rubric.evaluate({"_planned": "100", "__spent": spent, "model_config": "3"})
    assert (result.total, result.complete, result.fact_problems) == (Decimal(10), True, ())
    bad = rubric.evaluate({"_planned": "很多", "__spent": spent, "model_config": "3"})
    assert [(p.code, p.subject) for p in bad.fact_problems] == [("F403", "_planned")]
