"""The catalogue's S6xx: the SQL back end (`rubric sql`, `rubric eval --engine sql`)."""

from __future__ import annotations

from typing import Final

from rubricdsl.diagnostics.catalogue.entry import Entry

ENTRIES: Final[dict[str, Entry]] = {
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
        "`{where}` 所需的位数超出了 SQL 精确整数的范围：{detail_zh}",
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
    "S619": Entry(
        "sql-reserved-name",
        "{what} `{name}` begins with `__`, as the columns the SQL query makes for itself do: one of them could take its place",
        "{what_zh} `{name}` 以 `__` 开头，而 SQL 查询自建的列也以此开头：其中一列可能顶替它",
        "{fix}; the Python engine reads the name as it is",
        "{fix_zh}；Python 引擎可照常读取该名称",
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
    "S632": Entry(
        "sql-not-applicable-column",
        "column `{column}` has type {found}; it names the indicators that do not apply to a project",
        "列 `{column}` 的类型为 {found}；该列应列出不适用于项目的指标",
        "store it as VARCHAR (ids separated by `；`, `、` or `,`, as in a CSV cell) or VARCHAR[] (a list of ids)",
        "请将其存为 VARCHAR（指标 ID 以 `；`、`、` 或 `,` 分隔，与 CSV 单元格相同）或 VARCHAR[]（ID 列表）",
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
