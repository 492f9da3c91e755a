"""Every rubric example in the docs that the SQL back end accepts agrees with the Python evaluator: on the
facts shown with it (as a typed table holds them) and on generated fact sets, in DuckDB, PostgreSQL and Spark; the
ones it refuses are refused by name (an S6xx code), never with a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import rubricdsl
from rubricdsl.inputs.files import parse_facts_text
from rubricdsl.ir.lower import lower_program
from tests.docs.test_doc_examples import Block, fenced_blocks
from tests.evaluate.sql.helpers import assert_agree, in_duckdb, in_postgres, in_spark, random_fact_sets, typed_facts

pytest.importorskip("duckdb")

DOCS = Path(__file__).resolve().parents[3] / "docs"


def _examples() -> list[tuple[Block, list[Block]]]:
    found: list[tuple[Block, list[Block]]] = []
    for page in sorted(DOCS.rglob("*.md")):
        for block in fenced_blocks(page.read_text(encoding="utf-8"), str(page.relative_to(DOCS))):
            if block.kind == "rubric":
                found.append((block, []))
            elif block.kind == "facts" and found:
                found[-1][1].append(block)
    return found


EXAMPLES = _examples()


def _fact_sets(rubric: rubricdsl.CompiledRubric, shown: list[Block], where: str) -> list[dict[str, Any]] | None:
    from rubricdsl.evaluate.sql.build import compile_sql

    try:
        compile_sql(rubric)
    except rubricdsl.RubricError as refused:
        assert [d.code[:2] for d in refused.diagnostics] == ["S6"], where
        return None
    program = lower_program(rubric.checked)
    given = []
    for block in shown:
        suffix = ".json" if block.text.lstrip().startswith("{") else ".yaml"
        facts = parse_facts_text(block.text, suffix)
        given.append(typed_facts(program, {k: v for k, v in facts.items() if not k.startswith("$")}))
    return given + random_fact_sets(program, 120, seed=len(where))


@pytest.mark.parametrize("example", EXAMPLES, ids=[block.where for block, _ in EXAMPLES])
def test_doc_examples_agree_in_duckdb(example: tuple[Block, list[Block]]) -> None:
    block, shown = example
    rubric = rubricdsl.loads(block.text)
    sets = _fact_sets(rubric, shown, block.where)
    if sets is not None:
        assert assert_agree(rubric, sets, in_duckdb) == len(sets)


def test_doc_examples_agree_in_postgres(postgres: Any) -> None:
    accepted = 0
    for block, shown in EXAMPLES:
        rubric = rubricdsl.loads(block.text)
        sets = _fact_sets(rubric, shown, block.where)
        if sets is not None:
            assert assert_agree(rubric, sets, in_postgres(postgres), dialect="postgres") == len(sets), block.where
            accepted += 1
    assert accepted >= 100  # 100 of the 101 examples when this was written (the 4 with lists included)


def test_doc_examples_agree_in_spark(spark: Any) -> None:
    """The same in Spark, on fewer sets each (its planning takes seconds per query: about 4 minutes here)."""
    accepted = 0
    for block, shown in EXAMPLES:
        rubric = rubricdsl.loads(block.text)
        sets = _fact_sets(rubric, shown, block.where)
        if sets is not None:
            sets = sets[: len(shown) + 40]
            assert assert_agree(rubric, sets, in_spark(spark), dialect="spark") == len(sets), block.where
            accepted += 1
    assert accepted >= 100
