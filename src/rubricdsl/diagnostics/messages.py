"""The message catalogue: every diagnostic code with its stable name and wording in English and Chinese.

Codes are stable across releases.  ``E1xx`` syntax and input, ``E2xx`` a rubric that is invalid, ``E3xx`` an
indicator that could not be scored, ``F4xx`` a facts file that is not what the rubric declares, ``E5xx`` an
optional part this machine lacks (an extra, a browser).  Templates use ``str.format`` fields; user input
goes in backticks (Cedar's style guide), messages are lowercase fragments with no final period, extra
sentences belong in the hint.

The codes' entries live in :mod:`rubricdsl.diagnostics.catalogue`, one module per family; this module holds
the words that are not diagnostics (:data:`PHRASES`, :data:`SQL_WORDS`, :data:`CLI_TEXTS`) and builds
diagnostics from the entries (:func:`make`), the one place either is turned into text.
"""

from __future__ import annotations

from typing import Final

from rubricdsl.diagnostics import Diagnostic, Severity, Text
from rubricdsl.diagnostics.catalogue import CATALOGUE as CATALOGUE
from rubricdsl.diagnostics.catalogue import Entry as Entry
from rubricdsl.reading.source import Span

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
    "xlsx.too-many-rows": (
        "refusing to write `{output}`: the input has {rows} projects and one sheet holds at most {limit} "
        "(Excel's 1,048,576 rows, less the title, header and footer rows); nothing was written. "
        "Write -o scores.parquet or -o scores.csv instead, or split the table",
        "拒绝写入 `{output}`：输入有 {rows} 个项目，而一个工作表最多容纳 {limit} 个项目"
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
