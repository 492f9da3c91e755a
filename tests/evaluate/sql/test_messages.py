"""The SQL back end's refusals and unreadable-source messages are whole sentences in each language: a node the
query cannot express (S601, S618) and why a facts table cannot be read (S606) come from the catalogue's
``SQL_WORDS`` in both languages; DuckDB's own English is only ever a quoted detail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.evaluate.sql.expressions import Unsupported
from rubricdsl.evaluate.sql.generator import Generator, Refusal
from rubricdsl.ir.lower import lower_program
from tests.conftest import SEED_RUBRIC

SQL_SOURCES = Path(rubricdsl.__file__).parent / "evaluate" / "sql"
RAISED = re.compile(r"(?:Unsupported|UnknownNode|NotADate|UnknownCode)\((f?\"[^\"]*\")")
CJK = re.compile(r"[\u4e00-\u9fff]")
# English prose in a Chinese text: a run of two words outside backticks, quotes and the IR's node names.
ENGLISH_WORDS = re.compile(r"\b[a-z]{2,}\s+[a-z]{2,}\b")


def _prose(text: str) -> str:
    """``text`` without what is quoted in it (`names`, “DuckDB's words”)."""
    return re.sub(r"`[^`]*`|“[^”]*”", "", text)


def _sample(template: str) -> dict[str, str]:
    return {name: f"{name.upper()}1" for name in re.findall(r"{(\w+)}", template)}


@pytest.mark.parametrize("key", sorted(messages.SQL_WORDS))
def test_every_sql_word_has_a_chinese_form_without_english_prose(key: str) -> None:
    en, zh = messages.SQL_WORDS[key]
    assert sorted(_sample(en)) == sorted(_sample(zh)), key  # the same arguments in both
    words = messages.sql_words(key, **_sample(en))
    assert CJK.search(words.zh) or words.zh.strip() == "NAME1", key  # an IR node's name is the same in both
    assert not ENGLISH_WORDS.search(_prose(words.zh)), words.zh


def test_every_node_the_generator_names_is_a_catalogue_entry() -> None:
    """A refusal raised with prose of its own (or a key the catalogue lacks) would fail at generation time:
    every raise in the SQL back end names a ``node.*`` entry by a literal key."""
    found = []
    for path in sorted(SQL_SOURCES.glob("*.py")):
        for literal in RAISED.findall(path.read_text(encoding="utf-8")):
            found.append(literal)
            assert not literal.startswith("f"), f"{path.name}: {literal}"
            assert f"node.{literal.strip(chr(34))}" in messages.SQL_WORDS, f"{path.name}: {literal}"
    assert len(found) >= 12


def _refusal(raised: Exception) -> Diagnostic:
    generator = Generator(lower_program(rubricdsl.load(SEED_RUBRIC).checked))

    def build() -> None:
        raise raised

    with pytest.raises(Refusal) as caught:
        generator._guarded("budget_rate", None, build)
    return caught.value.diagnostic


def test_s601_is_chinese_in_chinese() -> None:
    diagnostic = _refusal(Unsupported("score-not-number"))
    assert diagnostic.code == "S601"
    assert (
        diagnostic.message.en
        == "the SQL back end cannot express a score that is not a number exactly (in `budget_rate`)"
    )
    assert diagnostic.message.zh == "SQL 后端无法精确表达不是数值的得分（位于 `budget_rate`）"
    mixed = _refusal(Unsupported("select-mixed", kinds="Num, Text"))
    assert mixed.message.zh == "SQL 后端无法精确表达各分支类型不同（Num, Text）的 Select（位于 `budget_rate`）"


def test_s618_names_the_node_in_both() -> None:
    from rubricdsl.evaluate.sql.expressions import UnknownNode

    diagnostic = _refusal(UnknownNode("fact-kind", kind="list"))
    assert diagnostic.code == "S618"
    assert diagnostic.message.zh == "SQL 后端尚不支持 `list` 类型的事实（位于 `budget_rate`）"


def _eval_sql(tmp_path: Path, facts: Path | str, lang: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["eval", str(SEED_RUBRIC), str(facts), "--engine", "sql", "-o", str(tmp_path / "s.csv"), "--lang", lang]
    )
    return result.exit_code, result.stderr


def test_s606_says_what_happened_in_each_language(tmp_path: Path) -> None:
    code, en = _eval_sql(tmp_path, tmp_path / "projects.xlsx", "en")
    assert code == 2 and "error[S606]: cannot read the facts table" in en and "not a .parquet or .csv file" in en
    code, zh = _eval_sql(tmp_path, tmp_path / "projects.xlsx", "zh")
    assert code == 2 and "不是 .parquet 或 .csv 文件" in zh and "请提供 .parquet 或 .csv 文件" in zh
    code, zh = _eval_sql(tmp_path, tmp_path / "absent.csv", "zh")  # DuckDB's own error, quoted
    assert code == 2 and "DuckDB 无法读取该表（DuckDB 原文：“" in zh
    first = zh.splitlines()[0]
    assert not ENGLISH_WORDS.search(_prose(first)), first
    assert "No files found" in first or "IO Error" in first  # DuckDB's words are kept, quoted
